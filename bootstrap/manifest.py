"""What this project installed for one tool in one scope root."""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any
from typing import NamedTuple

from bootstrap import constants as C
from bootstrap import fs
from bootstrap import paths
from bootstrap.errors import FatalError


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def value_sha(value: Any) -> str:
    return sha(json.dumps(value, sort_keys=True, ensure_ascii=False).encode())


class Manifest(NamedTuple):
    path: str
    files: dict[str, str]  # path -> sha256 of the bytes we wrote
    dirs: tuple[str, ...]  # directories we created
    # config file -> {"created": bool, "entries": [[path, name, sha]],
    #                 "containers": [path, ...]}
    configs: dict[str, dict[str, Any]]
    # path -> sha256 of the bytes someone else had there before we first
    # took the file over (identical already, or overwritten by --force);
    # the bytes are kept by `keep_original`, and put back on uninstall
    originals: dict[str, str]

    def dump(self, tool: str, scope: str, project: str, root: str) -> bytes:
        data = {
            'version': C.MANIFEST_VERSION,
            'tool': tool,
            'scope': scope,
            'project': project,
            'root': root,
            'files': dict(sorted(self.files.items())),
            'dirs': sorted(self.dirs),
            'configs': dict(sorted(self.configs.items())),
            'originals': dict(sorted(self.originals.items())),
        }
        return json.dumps(data, indent=1, sort_keys=False).encode() + b'\n'

    @property
    def empty(self) -> bool:
        return not (self.files or self.dirs or self.configs)


def original_path(digest: str) -> str:
    return os.path.join(paths.state_dir(), 'originals', digest)


def keep_original(data: bytes) -> str:
    """Store bytes of someone else's that we are about to take over,
    durably, by their hash (so the same bytes are kept once)."""
    digest = sha(data)
    path = original_path(digest)
    if fs.read_bytes(path) != data:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fs.write_atomic(path, data, 0o600)
    return digest


def original(digest: str) -> bytes | None:
    """The bytes `keep_original` stored, or None when they are missing
    or no longer what the hash says."""
    data = fs.read_bytes(original_path(digest))
    return data if data is not None and sha(data) == digest else None


def _inside_any(path: str, roots: tuple[str, ...]) -> bool:
    real = os.path.abspath(path)
    return any(
        real == r or real.startswith(r.rstrip(os.sep) + os.sep) for r in roots
    )


def load(
    project: str,
    tool: str,
    scope: str,
    root: str,
    allowed: tuple[str, ...],
) -> Manifest:
    """The manifest, checked: every path must lie under `allowed`, so a
    tampered file can never make us touch anything else."""
    path = paths.manifest_path(project, tool, scope, root)
    data = fs.read_bytes(path)
    if data is None:
        return Manifest(path, {}, (), {}, {})
    try:
        raw = json.loads(data)
        files = {str(k): str(v) for k, v in raw['files'].items()}
        dirs = tuple(str(d) for d in raw['dirs'])
        configs = dict(raw['configs'])
        originals = {
            str(k): str(v) for k, v in raw.get('originals', {}).items()
        }
    except (ValueError, KeyError, TypeError, AttributeError):
        raise FatalError(
            f'{path}: our manifest is damaged -- move it aside; the next '
            f'sync reports existing files as conflicts instead of '
            f'guessing they are ours',
        ) from None
    # folders we created above a tool's own (a sandbox home, ~/.config):
    # only ever removed when empty
    ancestors = set()
    for r in allowed:
        while os.path.dirname(r) != r:
            r = os.path.dirname(r)
            ancestors.add(r)
    for p in (*files, *dirs, *configs, *originals):
        if not _inside_any(p, allowed) and not (p in dirs and p in ancestors):
            raise FatalError(
                f"{path}: lists {p}, outside the tool's folders -- the "
                f'manifest was edited; move it aside',
            )
    return Manifest(path, files, dirs, configs, originals)


def others(project: str, skip: frozenset[str]) -> tuple[Manifest, ...]:
    """This project's manifests but those at `skip`: the tools a run
    does not name, which may share files with the tools it does. Only
    read, to leave alone what they still record; one that is damaged
    is left out here (its own tool reports it)."""
    folder = os.path.join(paths.state_dir(), 'manifests')
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return ()
    out = []
    # as `dump` writes it, near the top: other projects' manifests (a
    # user may have many, and large ones) are not parsed
    mark = b'"project": ' + json.dumps(project).encode()
    for name in names:
        path = os.path.join(folder, name)
        if not name.endswith('.json') or path in skip:
            continue
        data = fs.read_bytes(path)
        if data is None or mark not in data[:4096]:
            continue
        try:
            raw = json.loads(data)
            if raw['project'] != project:
                continue
            out.append(
                Manifest(
                    path,
                    {str(k): str(v) for k, v in raw['files'].items()},
                    tuple(str(d) for d in raw['dirs']),
                    dict(raw['configs']),
                    {
                        str(k): str(v)
                        for k, v in raw.get('originals', {}).items()
                    },
                )
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            continue
    return tuple(out)

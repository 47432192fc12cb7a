"""The no-op fast path: confirm from file signatures alone that nothing
changed since a run that left every tool up to date.

A signature is (size, mtime, ctime, inode) of every file and folder of
the bundle, of the config, of every file the tools should have, of our
manifests, and of the folders that decide detection (the home folder and
PATH). Any difference, a missing record, or anything unreadable means
"not sure": the normal path runs. Only built-in modules are imported
here (no json, re or typing: their imports cost more than the check).
"""

from __future__ import annotations

import marshal
import os
import zlib

from bootstrap import constants as C
from bootstrap import paths

TYPE_CHECKING = False  # mypy reads this as True
if TYPE_CHECKING:
    from collections.abc import Iterable
    from collections.abc import Mapping

ENV = (
    'HOME',
    'PATH',
    'CLAUDE_CONFIG_DIR',
    'CODEX_HOME',
    'GEMINI_CLI_HOME',
    'COPILOT_HOME',
    'XDG_CONFIG_HOME',
    'APPDATA',
    C.ENV_FAULT,
)

Signature = tuple[int, int, int, int] | None


def _sig(path: str) -> Signature:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def key(parts: Iterable[str], env: Mapping[str, str]) -> str:
    """What the run depends on besides files, as one string."""
    return '\0'.join([C.VERSION, *parts, *(env.get(k, '') for k in ENV)])


def _file(run_key: str) -> str:
    name = f'{zlib.crc32(run_key.encode()):08x}'
    return os.path.join(paths.state_dir(), 'fast', f'{name}.marshal')


def fresh(run_key: str) -> str | None:
    """The line to print when everything is confirmed up to date, or
    None: not sure."""
    try:
        with open(_file(run_key), 'rb') as f:
            recorded_key, line, sigs = marshal.loads(f.read())
        if recorded_key != run_key:
            return None
        stat = os.stat
        for path, sig in sigs:
            try:
                st = stat(path)
            except OSError:
                if sig is not None:
                    return None
                continue
            if sig != (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino):
                return None
        return str(line)
    except (OSError, ValueError, EOFError, TypeError):
        return None


def tree(root: str) -> list[str]:
    """Every file and folder below `root`, `root` included."""
    out = [root]
    for directory, dirs, files in os.walk(root, followlinks=True):
        out.extend(os.path.join(directory, d) for d in dirs)
        out.extend(os.path.join(directory, f) for f in files)
    return out


def signatures(files: Iterable[str]) -> list[tuple[str, Signature]]:
    return [(p, _sig(p)) for p in dict.fromkeys(files)]


def record(
    run_key: str,
    line: str,
    sigs: list[tuple[str, Signature]],
) -> None:
    from bootstrap import fs

    path = _file(run_key)
    directory = os.path.dirname(path)
    os.makedirs(directory, exist_ok=True)
    _clean(directory)
    data = marshal.dumps((run_key, line, sorted(sigs, key=_path)))
    if fs.read_bytes(path) == data:
        return
    tmp = f'{path}.{os.getpid()}{fs.TMP_SUFFIX}'  # whose, for _clean
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with open(fd, 'wb') as f:
        f.write(data)
    os.replace(tmp, path)


def _clean(directory: str) -> None:
    """Remove the temp files of runs killed while recording."""
    from bootstrap import fs

    for name in os.listdir(directory):
        if not name.endswith(fs.TMP_SUFFIX):
            continue
        pid = name.removesuffix(fs.TMP_SUFFIX).rsplit('.', 1)[-1]
        try:
            os.kill(int(pid), 0)
            continue  # its writer is still running
        except ProcessLookupError:
            pass
        except (ValueError, OSError):
            continue
        try:
            os.remove(os.path.join(directory, name))
        except OSError:
            pass


def _path(item: tuple[str, Signature]) -> str:
    return item[0]


def forget(run_key: str) -> None:
    try:
        os.remove(_file(run_key))
    except OSError:
        pass

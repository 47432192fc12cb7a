"""`init`: write bootstrap-tools.toml and .ai/ from what the repository
already has in the tools' own folders, so nothing is lost.

Files are copied byte for byte (only their place and extension change);
MCP servers and hooks are merged into one mcp.json and one hooks.json.
The same item found in two places is imported once; two different items
that want one name are both kept, the second with a suffix.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
from collections.abc import Collection
from typing import Any
from typing import NamedTuple

from bootstrap import bundle as B
from bootstrap import config
from bootstrap import constants as C
from bootstrap import frontmatter
from bootstrap import fs
from bootstrap import jsonc
from bootstrap import mcp
from bootstrap.errors import UsageError

# (folder, kind, extensions to strip, tag used when a name is taken)
TREES = (
    ('.claude/rules', 'rules', ('.md',), 'claude'),
    ('.claude/agents', 'agents', ('.md',), 'claude'),
    ('.claude/commands', 'commands', ('.md',), 'claude'),
    ('.cursor/rules', 'rules', ('.mdc', '.md'), 'cursor'),
    ('.github/instructions', 'rules', ('.instructions.md',), 'copilot'),
)
FILES = (  # always-apply instruction files -> one rule each
    ('AGENTS.md', 'agents'),
    ('CLAUDE.md', 'claude'),
    ('.github/copilot-instructions.md', 'copilot-instructions'),
    ('.cursorrules', 'cursorrules'),
)
SKILLS = ('.claude/skills', '.cursor/skills')
MCP = ('.mcp.json', '.cursor/mcp.json', '.vscode/mcp.json')
HOOKS = ('.claude/settings.json',)
# a trace in the repository -> the tool it belongs to
TRACES = {
    'claude-code': ('.claude', '.mcp.json', 'CLAUDE.md'),
    'cursor': ('.cursor', '.cursorrules'),
    'codex': ('.codex', 'AGENTS.md'),
    'copilot': ('.github/copilot-instructions.md', '.github/instructions'),
    'gemini-cli': ('.gemini', 'GEMINI.md'),
    'windsurf': ('.windsurf', '.windsurfrules'),
    'opencode': ('.opencode', 'opencode.json'),
}


class Imported(NamedTuple):
    kind: str
    source: str  # repository-relative
    dest: str  # bundle-relative


class Result(NamedTuple):
    files: dict[str, tuple[bytes, bool]]  # bundle path -> data, executable
    imported: list[Imported]
    notes: list[str]
    duplicates: list[str]  # found in a second folder: imported once


def _read(project: str, rel: str, notes: list[str]) -> bytes | None:
    """A file's bytes; None (with a note) for one whose symlink leaves
    the repository."""
    path = os.path.join(project, rel)
    real = os.path.realpath(path)
    if os.path.commonpath([os.path.realpath(project), real]) != (
        os.path.realpath(project)
    ):
        notes.append(f'{rel}: symlink to outside the repository; skipped')
        return None
    with open(real, 'rb') as f:
        return f.read()


def _walk(project: str, top: str) -> list[str]:
    """Repository-relative paths of the files below `top`, sorted."""
    out = []
    base = os.path.join(project, top)
    for dirpath, dirnames, filenames in os.walk(base, followlinks=True):
        dirnames.sort()
        for name in sorted(filenames):
            full = os.path.join(dirpath, name)
            out.append(os.path.relpath(full, project).replace(os.sep, '/'))
    return out


def _place(
    res: Result,
    kind: str,
    source: str,
    dest: str,
    data: bytes,
    tag: str,
) -> None:
    """Put one Markdown item at `dest`, or beside it when the name is
    taken by a different item."""
    have = res.files.get(dest)
    if have is not None:
        if have[0] == data or (
            frontmatter.split(have[0]).body == frontmatter.split(data).body
        ):
            res.duplicates.append(f'{source}: same as {dest}')
            return
        stem, ext = os.path.splitext(dest)
        dest = f'{stem}-{tag}{ext}'
        res.notes.append(
            f'{source}: another {kind} has its name; imported as {dest}'
        )
    res.files[dest] = (data, False)
    res.imported.append(Imported(kind, source, dest))


def _strip(rel: str, exts: tuple[str, ...]) -> str | None:
    for ext in exts:
        if rel.endswith(ext) and len(rel) > len(ext):
            return rel[: -len(ext)]
    return None


def _docs(project: str, res: Result) -> None:
    for top, kind, exts, tag in TREES:
        for rel in _walk(project, top):
            stem = _strip(rel[len(top) + 1 :], exts)
            data = None if stem is None else _read(project, rel, res.notes)
            if stem is not None and data is not None:
                _place(res, kind, rel, f'{kind}/{stem}.md', data, tag)
    for rel, name in FILES:
        path = os.path.join(project, rel)
        if not os.path.isfile(path):
            continue
        data = _read(project, rel, res.notes)
        if data is None:
            continue
        text = data.decode('utf-8', 'replace').strip()
        lines = [ln for ln in text.splitlines() if ln.strip()]
        if lines and all(ln.strip().startswith('@') for ln in lines):
            res.notes.append(
                f'{rel}: only imports other files ({lines[0].strip()}, ...); '
                f'not a rule of its own, skipped'
            )
            continue
        _place(res, 'rules', rel, f'rules/{name}.md', data, name)
        res.notes.append(
            f'{rel}: now a rule in {C.DEFAULT_SOURCE}/, which sync '
            f'installs for every tool; a tool that also reads {rel} '
            f'itself would see it twice -- delete {rel} (its text is in '
            f'{C.DEFAULT_SOURCE}/ now)'
        )


def _skills(project: str, res: Result) -> None:
    taken: dict[str, str] = {}
    for top in SKILLS:
        for rel in _walk(project, top):
            name, _, sub = rel[len(top) + 1 :].partition('/')
            if not sub or taken.setdefault(name, top) != top:
                if sub and f'{top}/{name}/SKILL.md' == rel:
                    res.duplicates.append(
                        f'{top}/{name}: skill {name!r} imported from '
                        f'{taken[name]}'
                    )
                continue
            data = _read(project, rel, res.notes)
            if data is None:
                continue
            mode = os.stat(os.path.join(project, rel)).st_mode
            dest = f'skills/{name}/{sub}'
            res.files[dest] = (data, bool(mode & stat.S_IXUSR))
            if sub == 'SKILL.md':
                res.imported.append(Imported('skills', f'{top}/{name}', dest))


def _json(project: str, rel: str, res: Result) -> Any:
    data = _read(project, rel, res.notes)
    if data is None:
        return None
    try:
        return jsonc.loads(data.decode('utf-8-sig'))
    except (jsonc.ParseError, UnicodeDecodeError) as e:
        raise UsageError(
            f'{rel}: cannot be read ({e}) -- fix it, or move it aside and '
            f'run `bootstrap-tools init` again',
        ) from None


def _mcp(project: str, res: Result) -> None:
    servers: dict[str, Any] = {}
    for rel in MCP:
        if not os.path.isfile(os.path.join(project, rel)):
            continue
        doc = _json(project, rel, res)
        table = (
            doc.get('mcpServers', doc.get('servers'))
            if isinstance(doc, dict)
            else None
        )
        if not isinstance(table, dict):
            res.notes.append(f'{rel}: no "mcpServers" object; skipped')
            continue
        for name, value in table.items():
            if name not in servers:
                servers[name] = value
                res.imported.append(Imported('mcp', rel, f'mcp.json#{name}'))
            elif _same_server(rel, name, servers[name], value):
                res.duplicates.append(f'{rel}: MCP server {name!r}')
            else:
                res.notes.append(
                    f'{rel}: MCP server {name!r} differs from the one '
                    f'already imported; kept the first -- compare them '
                    f'and edit .ai/mcp.json'
                )
    if servers:
        text = json.dumps({'mcpServers': servers}, indent=2) + '\n'
        res.files['mcp.json'] = (text.encode(), False)


def _same_server(rel: str, name: str, a: Any, b: Any) -> bool:
    """Equal once read as one dialect (`${env:X}` is `${X}`, a missing
    `type: stdio` is stdio, ...)."""
    if a == b:
        return True
    try:
        one, two = (mcp._server(rel, name, v, 0) for v in (a, b))
    except UsageError:
        return False
    workspace = ('${workspaceFolder}', '${PWD:-.}')

    def norm(s: mcp.Server) -> mcp.Server:
        return mcp.translate(
            s, lambda v, d: f'${{{v}}}', [], workspace=workspace[0]
        )

    return norm(one) == norm(two)


def _hooks(project: str, res: Result) -> None:
    hooks: dict[str, list[Any]] = {}
    for rel in HOOKS:
        if not os.path.isfile(os.path.join(project, rel)):
            continue
        doc = _json(project, rel, res)
        found = doc.get('hooks') if isinstance(doc, dict) else None
        if not isinstance(found, dict):
            continue
        for event, groups in found.items():
            if isinstance(groups, list):
                hooks.setdefault(event, []).extend(groups)
                res.imported.append(
                    Imported('hooks', rel, f'hooks.json#{event}'),
                )
    if hooks:
        text = json.dumps({'hooks': hooks}, indent=2) + '\n'
        res.files['hooks.json'] = (text.encode(), False)


def collect(project: str) -> Result:
    """Everything to import, in memory. Reads only."""
    res = Result({}, [], [], [])
    _docs(project, res)
    _skills(project, res)
    _mcp(project, res)
    _hooks(project, res)
    return res


def tools(project: str, known: Collection[str]) -> list[str]:
    """The registered tools the repository shows traces of (all of them
    when it shows none)."""
    found = [
        name
        for name, traces in TRACES.items()
        if name in known
        and any(os.path.exists(os.path.join(project, t)) for t in traces)
    ]
    return found or sorted(known)


def config_text(names: list[str], scope: str) -> str:
    return (
        '# bootstrap-tools: installs the bundle in .ai/ into each tool\n'
        '# named here (`bootstrap-tools targets` lists them all).\n'
        f'source = "{C.DEFAULT_SOURCE}"\n'
        f'tools = {json.dumps(names)}\n'
        f'scope = "{scope}"  # "user": the tools\' home folders; '
        f'"project": here\n'
    )


def refuse_existing(project: str) -> None:
    config = os.path.join(project, C.CONFIG_FILE)
    source = os.path.join(project, C.DEFAULT_SOURCE)
    if os.path.exists(config):
        raise UsageError(
            f'{C.CONFIG_FILE}: already exists; nothing written -- edit it, '
            f'or remove it to run `bootstrap-tools init` again',
        )
    if os.path.isdir(source) and os.listdir(source):
        raise UsageError(
            f'{C.DEFAULT_SOURCE}/: already exists and is not empty; nothing '
            f'written -- write {C.CONFIG_FILE} by hand, or move '
            f'{C.DEFAULT_SOURCE}/ aside',
        )


def write(project: str, res: Result, config: str) -> None:
    """`.ai/` built beside, checked by the bundle loader, then moved into
    place; the config last. A failure leaves nothing behind."""
    source = os.path.join(project, C.DEFAULT_SOURCE)
    tmp = source + '.init-tmp'
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        os.makedirs(tmp)
        for rel, (data, executable) in sorted(res.files.items()):
            path = os.path.join(tmp, *rel.split('/'))
            os.makedirs(os.path.dirname(path), exist_ok=True)
            fs.write_atomic(path, data, 0o755 if executable else None)
        try:
            B.load(tmp)  # what we wrote must load
        except UsageError as e:
            raise UsageError(
                str(e).replace(os.path.realpath(tmp), source)
                + ' (found while importing; nothing written)'
            ) from None
        if os.path.isdir(source):
            os.rmdir(source)  # empty, see refuse_existing
        os.rename(tmp, source)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    fs.write_atomic(os.path.join(project, C.CONFIG_FILE), config.encode())


def known(names: list[str], registry: Collection[str]) -> None:
    for name in names:
        if name not in registry:
            raise UsageError(
                f'{name}: unknown tool{config._suggest(name, registry)}'
                f' -- `bootstrap-tools targets` lists them',
            )


LABELS = {'mcp': 'MCP servers', 'hooks': 'hook events'}


def _origin(source: str) -> str:
    """The folder or file an item came from, for the summary."""
    tops = [t[0] for t in TREES] + list(SKILLS)
    return next((t for t in tops if source.startswith(t + '/')), source)


def render(
    res: Result, names: list[str], scope: str, dry_run: bool
) -> list[str]:
    counts: dict[tuple[str, str], int] = {}
    for item in res.imported:
        key = (LABELS.get(item.kind, item.kind), _origin(item.source))
        counts[key] = counts.get(key, 0) + 1
    verb = 'would import' if dry_run else 'imported'
    out = [
        f'{verb} {n} {kind} from {top}' for (kind, top), n in counts.items()
    ]
    if res.duplicates:
        out.append(
            f'{len(res.duplicates)} items were in more than one folder '
            f'with the same content: imported once'
        )
    out.extend(f'note: {n}' for n in res.notes)
    if not res.imported:
        out.append('nothing to import: .ai/ starts empty')
    files = len(res.files)
    if dry_run:
        out.append(f'dry run: nothing written ({files} files for .ai/)')
        return out
    out.append(
        f'wrote {C.DEFAULT_SOURCE}/ ({files} files) and {C.CONFIG_FILE} '
        f'(tools: {", ".join(names)}; scope: {scope})'
    )
    out.append(
        'next: `bootstrap-tools check` shows what sync would write; '
        "files already in the tools' folders are kept (a different one "
        'is a conflict until `sync --force`, which backs it up)'
    )
    return out

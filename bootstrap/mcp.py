"""MCP server definitions: read every common dialect, normalise, and
translate environment references per tool."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from typing import NamedTuple

from bootstrap import jsonc
from bootstrap.errors import UsageError

# `${VAR}`, `${VAR:-default}`, `$VAR`, and VS Code's `${env:VAR}`
_REF = re.compile(
    r'\$\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}'
    r'|\$([A-Za-z_][A-Za-z0-9_]*)',
)
_INPUT = re.compile(r'\$\{input:([^}]+)\}')
_WORKSPACE = re.compile(r'\$\{workspaceFolder\}')
# VS Code / Cursor variables that look like `${VAR}` but are not the
# environment's
PREDEFINED = frozenset(
    ('workspaceFolder', 'workspaceFolderBasename', 'userHome', 'pathSeparator')
)
EXTRAS = (
    'timeout',
    'trust',
    'autoApprove',
    'disabled',
    'oauth',
    'tools',
    'description',
    'startup_timeout_ms',
    'authProviderType',
    'includeTools',
    'excludeTools',
    'alwaysAllow',
    'disabledTools',
    'enabled',
)


class Server(NamedTuple):
    name: str
    transport: str  # stdio, http, sse
    command: str = ''
    args: tuple[str, ...] = ()
    env: tuple[tuple[str, str], ...] = ()
    cwd: str = ''
    url: str = ''
    headers: tuple[tuple[str, str], ...] = ()
    extras: tuple[tuple[str, Any], ...] = ()
    line: int = 0
    said: str = ''  # its "type", as written (lower case)


def _text(value: Any) -> str:
    """A scalar as a config file means it: true, not True."""
    if isinstance(value, bool):
        return 'true' if value else 'false'
    return str(value)


def _args(
    path: str, line: int, name: str, key: str, value: Any
) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(
        isinstance(v, (str, int, float)) for v in value
    ):
        raise UsageError(
            f'{path}:{line}: server {name!r}: {key} must be a list of '
            f'strings, e.g. ["-y", "some-mcp"]'
        )
    return tuple(_canon(_text(v)) for v in value)


def _pairs(
    path: str, line: int, name: str, key: str, value: Any
) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, dict) or not all(
        isinstance(v, (str, int, float)) for v in value.values()
    ):
        raise UsageError(
            f'{path}:{line}: server {name!r}: {key} must be an object of '
            f'strings, e.g. {{"NAME": "value"}}'
        )
    return tuple((str(k), _canon(_text(v))) for k, v in value.items())


def _canon(value: str) -> str:
    """Write every environment reference as `${VAR}` / `${VAR:-d}`."""

    def sub(m: re.Match[str]) -> str:
        name = m.group(1) or m.group(3)
        default = m.group(2)
        return f'${{{name}}}' if default is None else f'${{{name}:-{default}}}'

    return _REF.sub(sub, value)


def _server(path: str, name: str, raw: Any, line: int) -> Server:
    if not isinstance(raw, dict):
        raise UsageError(f'{path}:{line}: server {name!r} must be an object')
    problems: list[str] = []  # every one of this server's, at once

    def read(how: Any, key: str, value: Any) -> Any:
        """`value` as `how` reads it; () and a problem told if it can't."""
        try:
            return how(path, line, name, key, value)
        except UsageError as e:
            problems.append(str(e))
            return ()

    def args(key: str, value: Any) -> tuple[str, ...]:
        return read(_args, key, value or [])

    def pairs(key: str, value: Any) -> tuple[tuple[str, str], ...]:
        return read(_pairs, key, value or {})

    command: Any = raw.get('command', '')
    argv = args('args', raw.get('args'))
    env = pairs('env', raw.get('env', raw.get('environment')))
    headers = pairs('headers', raw.get('headers'))
    if isinstance(command, dict):  # Zed: {"path": ..., "args", "env"}
        argv = args('command.args', command.get('args')) + argv
        env = tuple(
            {
                **dict(pairs('command.env', command.get('env'))),
                **dict(env),
            }.items()
        )
        command = command.get('path', '')
    elif isinstance(command, list):  # OpenCode: ["cmd", "arg", ...]
        argv = args('command', command[1:]) + argv
        command = command[0] if command else ''
    url = raw.get('url') or raw.get('httpUrl') or raw.get('serverUrl') or ''
    for key, value in (('command', command), ('url', url)):
        if not isinstance(value, str):
            problems.append(
                f'{path}:{line}: server {name!r}: {key} must be a string'
            )
    kind = str(raw.get('type', '')).lower()
    if not command and not url:
        problems.append(
            f'{path}:{line}: server {name!r} has neither a command nor a '
            f'url -- add "command" (local server) or "url" (remote server)',
        )
    if problems:
        raise UsageError('\n'.join(problems))
    if command:
        transport = 'stdio'
    elif kind == 'sse':
        transport = 'sse'
    else:
        transport = 'http'
    return Server(
        name=name,
        transport=transport,
        command=_canon(command),
        args=argv,
        env=env,
        cwd=_canon(str(raw.get('cwd', '') or '')),
        url=_canon(url),
        headers=headers,
        extras=tuple((k, raw[k]) for k in EXTRAS if k in raw),
        line=line,
        said=kind,
    )


LOCAL = frozenset(('stdio', 'local'))
REMOTE = frozenset(
    (
        'http',
        'sse',
        'remote',
        'streamable-http',
        'streamablehttp',
        'streamable_http',
    )
)


def type_warnings(server: Server, path: str) -> list[str]:
    """A "type" that says another transport than the one its command or
    url gives (which wins), or that names none we know."""
    said, transport = server.said, server.transport
    by = 'its command' if transport == 'stdio' else 'its url'
    where = f'{path}:{server.line}: server {server.name!r}'
    if not said:
        return []
    if said not in LOCAL | REMOTE:
        return [
            f'{where}: type {said!r} is none we know (stdio, local, '
            f'http, sse); read as {transport}, from {by}'
        ]
    if (said in LOCAL) != (transport == 'stdio'):
        return [f'{where}: type {said!r}, but read as {transport}, from {by}']
    return []


ROOT_KEYS = ('mcpServers', 'servers', 'mcp', 'context_servers')


def load(path: str) -> tuple[Server, ...]:
    """The servers of an MCP definition file (none when it is missing
    or empty)."""
    try:
        with open(path, 'rb') as f:
            text = f.read().decode('utf-8-sig')
    except FileNotFoundError:
        return ()
    except UnicodeDecodeError as e:
        raise UsageError(
            f'{path}: not UTF-8 text (byte {e.start}) -- save it as UTF-8'
        ) from None
    if not text.strip():
        return ()
    try:
        root = jsonc.parse(text)
    except jsonc.ParseError as e:
        raise UsageError(
            f'{path}:{e.line}:{e.col}: {e.msg} -- fix the JSON'
        ) from None

    def line(pos: int) -> int:
        return text.count('\n', 0, pos) + 1

    members = {m.key: m for m in root.members}  # the last copy counts
    if root.kind == 'object' and not members:
        return ()
    found = next((members[k] for k in ROOT_KEYS if k in members), None)
    if found is None or found.node.kind != 'object':
        raise UsageError(
            f'{path}:{line(found.key_start) if found else 1}: expected '
            f'{{"mcpServers": {{NAME: {{...}}}}}}',
        )
    table = found.node
    first: dict[str, int] = {}
    servers = []
    problems = []  # each server's, told all at once
    for m in table.members:
        at = line(m.key_start)
        if m.key in first:
            problems.append(
                f'{path}:{at}: server {m.key!r} is defined twice (first '
                f'on line {first[m.key]}) -- rename or remove one'
            )
            continue
        first[m.key] = at
        try:
            servers.append(_server(path, m.key, m.node.value, at))
        except UsageError as e:
            problems.append(str(e))
    if problems:
        raise UsageError('\n'.join(problems))
    return tuple(servers)


def _refs(text: str) -> list[re.Match[str]]:
    """The environment references in `text`."""
    return [m for m in _REF.finditer(text) if m.group(1) not in PREDEFINED]


def refs(server: Server) -> set[str]:
    """Names of the environment variables `server` refers to."""
    texts = [
        server.command,
        server.url,
        server.cwd,
        *server.args,
        *(v for _, v in server.env),
        *(v for _, v in server.headers),
    ]
    return {m.group(1) or m.group(3) for t in texts for m in _refs(t)}


def translate(
    server: Server,
    ref: Callable[[str, str | None], str],
    notes: list[str],
    *,
    workspace: str | None = None,
    inputs: list[str] | None = None,
) -> Server:
    """Rewrite every reference with `ref(name, default)`; VS Code inputs
    become environment variables (or stay, and are listed in `inputs`,
    when it is given); `${workspaceFolder}` becomes `workspace` (or
    stays, when None)."""

    def inp(m: re.Match[str]) -> str:
        if inputs is not None:
            if m.group(1) not in inputs:
                inputs.append(m.group(1))
            return m.group(0)
        var = re.sub(r'[^A-Za-z0-9]+', '_', m.group(1))
        var = re.sub(r'(?<=[a-z0-9])(?=[A-Z])', '_', var).upper()
        var = '_' + var if var[0].isdigit() else var
        note = (
            f'{server.name}: ${{input:{m.group(1)}}} prompt '
            f'becomes environment variable {var}'
        )
        if note not in notes:
            notes.append(note)
        return f'${{{var}}}'

    def sub(text: str) -> str:
        text = _INPUT.sub(inp, text)
        if workspace is not None:
            text = _WORKSPACE.sub(lambda _: workspace, text)
        out: list[str] = []
        pos = 0
        for m in _refs(text):
            out += (
                text[pos : m.start()],
                ref(m.group(1) or m.group(3), m.group(2)),
            )
            pos = m.end()
        return ''.join(out) + text[pos:]

    return server._replace(
        command=sub(server.command),
        args=tuple(sub(a) for a in server.args),
        env=tuple((k, sub(v)) for k, v in server.env),
        cwd=sub(server.cwd),
        url=sub(server.url),
        headers=tuple((k, sub(v)) for k, v in server.headers),
    )


def note_dropped(
    server: Server,
    notes: list[str],
    tool: str,
    dropped: list[str] | None = None,
) -> None:
    """Say which of `server`'s fields `tool` has no place for: by default
    every extra but description and disabled, and cwd."""
    if dropped is None:
        dropped = [
            k for k, _ in server.extras if k not in ('description', 'disabled')
        ]
        if server.cwd:
            dropped.append('cwd')
    if dropped:
        article = 'an' if tool[:1] in 'AEIOU' else 'a'
        notes.append(
            f'mcp {server.name}: dropped {", ".join(dropped)} '
            f'(not {article} {tool} server field)'
        )

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


def _strs(path: str, line: int, name: str, key: str, value: Any) -> Any:
    if isinstance(value, dict):
        if not all(
            isinstance(v, (str, int, float, bool)) for v in value.values()
        ):
            raise UsageError(
                f'{path}:{line}: server {name!r}: {key} values must be strings'
            )
        return tuple((str(k), _canon(str(v))) for k, v in value.items())
    if not isinstance(value, list) or not all(
        isinstance(v, (str, int, float)) for v in value
    ):
        raise UsageError(
            f'{path}:{line}: server {name!r}: {key} must be a list of strings'
        )
    return tuple(_canon(str(v)) for v in value)


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
    command: Any = raw.get('command', '')
    args: list[Any] = list(raw.get('args', []) or [])
    if isinstance(command, dict):  # Zed: {"path": ..., "args": [...]}
        args = list(command.get('args', [])) + args
        command = command.get('path', '')
    elif isinstance(command, list):  # OpenCode: ["cmd", "arg", ...]
        command, args = (command[0] if command else ''), command[1:] + args
    if not isinstance(command, str):
        raise UsageError(
            f'{path}:{line}: server {name!r}: command must be a string'
        )
    url = raw.get('url') or raw.get('httpUrl') or raw.get('serverUrl') or ''
    kind = str(raw.get('type', '')).lower()
    if not command and not url:
        raise UsageError(
            f'{path}:{line}: server {name!r} has neither a command nor a '
            f'url -- add "command" (local server) or "url" (remote server)',
        )
    if command:
        transport = 'stdio'
    elif kind == 'sse':
        transport = 'sse'
    else:
        transport = 'http'
    env = raw.get('env', raw.get('environment', {})) or {}
    headers = raw.get('headers', {}) or {}
    return Server(
        name=name,
        transport=transport,
        command=_canon(command),
        args=_strs(path, line, name, 'args', args),
        env=_strs(path, line, name, 'env', env),
        cwd=str(raw.get('cwd', '') or ''),
        url=_canon(str(url)),
        headers=_strs(path, line, name, 'headers', headers),
        extras=tuple((k, raw[k]) for k in EXTRAS if k in raw),
        line=line,
    )


def load(path: str) -> tuple[Server, ...]:
    try:
        with open(path, 'rb') as f:
            text = f.read().decode('utf-8-sig')
    except FileNotFoundError:
        return ()
    if not text.strip():
        return ()
    try:
        root = jsonc.parse(text)
    except jsonc.ParseError as e:
        raise UsageError(
            f'{path}:{e.line}:{e.col}: {e.msg} -- fix the JSON'
        ) from None
    table = None
    if root.kind == 'object':
        table = root.get('mcpServers') or root.get('servers')
    if table is None or table.kind != 'object':
        raise UsageError(
            f'{path}: expected {{"mcpServers": {{NAME: {{...}}}}}}'
        )
    return tuple(
        _server(
            path, m.key, m.node.value, text.count('\n', 0, m.key_start) + 1
        )
        for m in table.members
    )


def refs(server: Server) -> set[str]:
    """Names of the environment variables `server` refers to."""
    texts = [
        server.command,
        server.url,
        *server.args,
        *(v for _, v in server.env),
        *(v for _, v in server.headers),
    ]
    return {m.group(1) or m.group(3) for t in texts for m in _REF.finditer(t)}


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

    def sub(text: str) -> str:
        def inp(m: re.Match[str]) -> str:
            if inputs is not None:
                if m.group(1) not in inputs:
                    inputs.append(m.group(1))
                return m.group(0)
            var = re.sub(r'[^A-Za-z0-9]+', '_', m.group(1))
            var = re.sub(r'(?<=[a-z0-9])(?=[A-Z])', '_', var).upper()
            notes.append(
                f'{server.name}: ${{input:{m.group(1)}}} prompt '
                f'becomes environment variable {var}'
            )
            return f'${{{var}}}'

        text = _INPUT.sub(inp, text)
        if workspace is not None:
            text = _WORKSPACE.sub(workspace, text)
        return _REF.sub(
            lambda m: ref(m.group(1) or m.group(3), m.group(2)), text
        )

    return server._replace(
        command=sub(server.command),
        args=tuple(sub(a) for a in server.args),
        env=tuple((k, sub(v)) for k, v in server.env),
        url=sub(server.url),
        headers=tuple((k, sub(v)) for k, v in server.headers),
    )

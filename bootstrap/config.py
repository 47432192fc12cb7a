"""`bootstrap-tools.toml`, or `[tool.bootstrap-tools]` in pyproject.toml."""

from __future__ import annotations

import difflib
import os
import re
import sys
from collections.abc import Collection
from typing import Any
from typing import NamedTuple

from bootstrap import constants as C
from bootstrap.errors import UsageError

if sys.version_info >= (3, 11):  # pragma: >=3.11 cover
    import tomllib
else:  # pragma: <3.11 cover
    import tomli as tomllib

TOP_KEYS = ('source', 'tools', 'scope')
TOOL_KEYS = ('scope', *C.KINDS)


class ToolConfig(NamedTuple):
    name: str
    scope: str
    kinds: frozenset[str]


class Config(NamedTuple):
    path: str
    project: str
    source: str
    scope: str
    tools: tuple[ToolConfig, ...]


def find(start: str) -> str:
    """The nearest config file at or above `start`."""
    directory = os.path.abspath(start)
    while True:
        candidate = os.path.join(directory, C.CONFIG_FILE)
        if os.path.isfile(candidate):
            return candidate
        pyproject = os.path.join(directory, 'pyproject.toml')
        if os.path.isfile(pyproject) and _has_section(pyproject):
            return pyproject
        parent = os.path.dirname(directory)
        if parent == directory:
            raise UsageError(
                f'no {C.CONFIG_FILE} (or [tool.bootstrap-tools] in '
                f'pyproject.toml) in {os.path.abspath(start)} or above -- '
                f'run `bootstrap-tools init` to write one (it imports what '
                f'.claude/, .cursor/ and .github/ already hold)',
            )
        directory = parent


def _has_section(path: str) -> bool:
    with open(path, 'rb') as f:
        return (
            re.search(rb'^\[tool\.bootstrap-tools', f.read(), re.M) is not None
        )


def _line_of(text: str, key: str) -> int:
    """The line where `key` stands: as a key, a table or a quoted value."""
    k = re.escape(key)
    for pattern in (
        rf'^\s*["\']?{k}["\']?\s*[=.]',
        rf'^\s*\[\s*(?:tools\.)?["\']?{k}["\']?\s*\]',
        rf'["\']{k}["\']',
    ):
        m = re.search(pattern, text, re.M)
        if m:
            return text.count('\n', 0, m.start()) + 1
    return 1


def _suggest(name: str, known: Collection[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    return f" -- did you mean '{close[0]}'?" if close else ''


def load(path: str, known: Collection[str]) -> Config:
    with open(path, 'rb') as f:
        raw = f.read()
    text = raw.decode('utf-8-sig', 'replace')
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise UsageError(f'{path}: {e} -- fix the TOML syntax') from None
    if os.path.basename(path) == 'pyproject.toml':
        data = data.get('tool', {}).get('bootstrap-tools', {})

    def fail(key: str, msg: str) -> UsageError:
        return UsageError(f'{path}:{_line_of(text, key)}: {msg}')

    for key in data:
        if key not in TOP_KEYS:
            raise fail(
                key,
                f'unknown key {key!r}{_suggest(key, TOP_KEYS)}'
                f' (known: {", ".join(TOP_KEYS)})',
            )
    source = data.get('source', C.DEFAULT_SOURCE)
    if not isinstance(source, str) or not source:
        raise fail('source', "'source' must be a directory name, e.g. '.ai'")
    scope = data.get('scope', 'user')
    if scope not in C.SCOPES:
        raise fail(
            'scope', f"'scope' must be 'user' or 'project', not {scope!r}"
        )
    tools_raw = data.get('tools', [])
    if isinstance(tools_raw, list):
        tables: dict[str, Any] = {name: {} for name in tools_raw}
        if not all(isinstance(n, str) for n in tools_raw):
            raise fail('tools', "'tools' must be a list of tool names")
    elif isinstance(tools_raw, dict):
        tables = tools_raw
    else:
        raise fail(
            'tools',
            "'tools' must be a list of names or "
            'a table of [tools.NAME] tables',
        )
    if not tables:
        raise fail(
            'tools',
            f"'tools' is empty -- name at least one of: "
            f'{", ".join(sorted(known))}',
        )
    tools = []
    for name, table in tables.items():
        if name not in known:
            raise fail(
                name,
                f'unknown tool {name!r}{_suggest(name, known)}'
                f' (run `bootstrap-tools targets` for the list)',
            )
        if not isinstance(table, dict):
            raise fail(name, f'[tools.{name}] must be a table')
        for key, value in table.items():
            if key not in TOOL_KEYS:
                raise fail(
                    key,
                    f'[tools.{name}]: unknown key {key!r}'
                    f'{_suggest(key, TOOL_KEYS)}',
                )
            if key != 'scope' and not isinstance(value, bool):
                raise fail(key, f'[tools.{name}] {key} must be true or false')
        tool_scope = table.get('scope', scope)
        if tool_scope not in C.SCOPES:
            raise fail(
                name,
                f"[tools.{name}] scope must be 'user' or "
                f"'project', not {tool_scope!r}",
            )
        kinds = frozenset(k for k in C.KINDS if table.get(k, True))
        tools.append(ToolConfig(name, tool_scope, kinds))
    project = os.path.dirname(os.path.abspath(path))
    return Config(
        path=path,
        project=project,
        source=os.path.normpath(os.path.join(project, source)),
        scope=scope,
        tools=tuple(tools),
    )

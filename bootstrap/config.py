"""`bootstrap-tools.toml`, or `[tool.bootstrap-tools]` in pyproject.toml."""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Callable
from collections.abc import Collection
from typing import Any
from typing import NamedTuple

from bootstrap import constants as C
from bootstrap.errors import UsageError
from bootstrap.targets.custom import Custom

if sys.version_info >= (3, 11):  # pragma: >=3.11 cover
    import tomllib
else:  # pragma: <3.11 cover
    import tomli as tomllib

TOP_KEYS = ('source', 'tools', 'scope', 'targets')
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
    targets: tuple[Custom, ...] = ()  # declared in [targets.NAME]


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


_SECTION = re.compile(
    rb'^[ \t]*\[[ \t]*tool[ \t]*\.[ \t]*(?:bootstrap-tools|"bootstrap-tools")'
    rb'[ \t]*[.\]]',
    re.M,
)


def _has_section(path: str) -> bool:
    with open(path, 'rb') as f:
        return _SECTION.search(f.read()) is not None


_KEY_PART = r'(?:"[^"\n]*"|\'[^\'\n]*\'|[A-Za-z0-9_-]+)'


@functools.cache
def _lines() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A table header, a key assignment: for error messages only, so
    compiled when one is written."""
    return (
        re.compile(r'[ \t]*\[\[?([^\]\n]*)\]'),
        re.compile(
            rf'[ \t]*({_KEY_PART}(?:[ \t]*\.[ \t]*{_KEY_PART})*)[ \t]*='
        ),
    )


def _dotted(key: str) -> tuple[str, ...]:
    parts = re.findall(r'"([^"]*)"|\'([^\']*)\'|([A-Za-z0-9_-]+)', key)
    return tuple(a or b or c for a, b, c in parts)


def _line_of(text: str, path: tuple[str, ...]) -> int:
    """The line that sets `path` (as a table header or a dotted key);
    else the line of its nearest parent, or of the name quoted in it
    (`tools = ["a", "b"]`)."""
    header, assign = _lines()
    lines = text.splitlines()
    best, depth = 0, 0
    table: tuple[str, ...] = ()
    for i, line in enumerate(lines):
        m = header.match(line)
        if m:
            table = full = _dotted(m.group(1))
        else:
            m = assign.match(line)
            if m is None:
                continue
            full = table + _dotted(m.group(1))
        if full[: len(path)] == path:
            return i + 1
        if path[: len(full)] == full and len(full) > depth:
            best, depth = i, len(full)
    quoted = (f'"{path[-1]}"', f"'{path[-1]}'")
    for i in range(best, len(lines)):
        if i > best and (header.match(lines[i]) or assign.match(lines[i])):
            break
        if any(q in lines[i] for q in quoted):
            return i + 1
    return best + 1


def _suggest(name: str, known: Collection[str], what: str = '') -> str:
    import difflib  # only for a typo

    close = difflib.get_close_matches(name, known, n=1)
    return f" -- did you mean {what}'{close[0]}'?" if close else ''


def load(path: str, known: Collection[str]) -> Config:
    try:
        with open(path, 'rb') as f:
            raw = f.read()
    except OSError as e:
        raise UsageError(
            f'{path}: cannot read the config ({e.strerror or e}) -- check '
            f'the --config path, or run `bootstrap-tools init` to write one'
        ) from None
    text = raw.decode('utf-8-sig', 'replace')
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        msg, _, pos = str(e).partition(' (at ')
        m = re.match(r'line (\d+), column (\d+)', pos)
        where = f'{m[1]}:{m[2]}' if m else str(len(text.splitlines()) or 1)
        raise UsageError(
            f'{path}:{where}: {msg} -- fix the TOML syntax'
        ) from None
    prefix: tuple[str, ...] = ()
    if os.path.basename(path) == 'pyproject.toml':
        prefix = ('tool', 'bootstrap-tools')
        tool = data.get('tool', {})
        data = (
            tool.get('bootstrap-tools', {}) if isinstance(tool, dict) else {}
        )

    # each problem that leaves the rest readable is told, all at once
    problems: list[tuple[int, str]] = []

    def told(key: tuple[str, ...], msg: str) -> tuple[int, str]:
        at = _line_of(text, prefix + key)
        return at, f'{path}:{at}: {msg}'

    def note(key: tuple[str, ...], msg: str) -> None:
        problems.append(told(key, msg))

    def error(found: list[tuple[int, str]]) -> UsageError:
        return UsageError('\n'.join(m for _, m in sorted(found)))

    def fail(key: tuple[str, ...], msg: str) -> UsageError:
        """The error that stops reading: with what was told so far."""
        return error([*problems, told(key, msg)])

    if not isinstance(data, dict):
        raise fail((), '[tool.bootstrap-tools] must be a table')
    for key in data:
        if key not in TOP_KEYS:
            note(
                (key,),
                f'unknown key {key!r}{_suggest(key, TOP_KEYS)}'
                f' (known: {", ".join(TOP_KEYS)})',
            )
    source = data.get('source', C.DEFAULT_SOURCE)
    if not isinstance(source, str) or not source:
        note(('source',), "'source' must be a directory name, e.g. '.ai'")
        source = C.DEFAULT_SOURCE
    scope = data.get('scope', 'user')
    if scope not in C.SCOPES:
        note(('scope',), _bad_scope('scope', scope))
        scope = 'user'  # told once, not again for each tool
    custom, bad = _custom(data.get('targets', {}), known, told, problems)
    known = {*known, *(t.NAME for t in custom)}
    tools_raw = data.get('tools', [])
    if isinstance(tools_raw, list):
        for n in tools_raw:
            if not isinstance(n, str):
                note(
                    ('tools',),
                    f"'tools' must be a list of tool names, not {n!r}",
                )
        tables: dict[str, Any] = {
            name: {} for name in tools_raw if isinstance(name, str)
        }
    elif isinstance(tools_raw, dict):
        tables = tools_raw
    else:
        raise fail(
            ('tools',),
            "'tools' must be a list of names or "
            'a table of [tools.NAME] tables',
        )
    if not tables and not problems:  # `tool = [...]` told already
        note(
            ('tools',),
            f"'tools' is empty -- name at least one of: "
            f'{", ".join(sorted(known))}',
        )
    tools = []
    for name, table in tables.items():
        at = ('tools', name)
        if name in bad:
            continue  # its [targets.NAME] is told already
        if name not in known:
            note(
                at,
                f'unknown tool {name!r}{_suggest(name, known)}'
                f' (run `bootstrap-tools targets` for the list)',
            )
            continue
        if not isinstance(table, dict):
            note(
                at,
                f'tools.{name} must be a table, such as '
                f'{{scope = "project", mcp = false}}',
            )
            continue
        for key, value in table.items():
            if key not in TOOL_KEYS:
                note(
                    (*at, key),
                    f'[tools.{name}]: unknown key {key!r}'
                    f'{_suggest(key, TOOL_KEYS)}'
                    f' (known: {", ".join(TOOL_KEYS)})',
                )
            elif key != 'scope' and not isinstance(value, bool):
                note(
                    (*at, key),
                    f'[tools.{name}] {key} must be true or false, '
                    f'not {value!r}',
                )
        tool_scope = table.get('scope', scope)
        if tool_scope not in C.SCOPES:
            note(
                (*at, 'scope'),
                _bad_scope(f'[tools.{name}] scope', tool_scope),
            )
        kinds = frozenset(k for k in C.KINDS if table.get(k, True))
        tools.append(ToolConfig(name, str(tool_scope), kinds))
    if problems:
        raise error(problems)
    project = os.path.dirname(os.path.abspath(path))
    return Config(
        path=path,
        project=project,
        source=os.path.normpath(os.path.join(project, source)),
        scope=scope,
        tools=tuple(tools),
        targets=custom,
    )


def _bad_scope(what: str, scope: Any) -> str:
    hint = _suggest(scope, C.SCOPES) if isinstance(scope, str) else ''
    return f"{what} must be 'user' or 'project', not {scope!r}{hint}"


class _Told(UsageError):
    """A problem of one [targets.NAME] table: that target is left out."""

    def __init__(self, told: tuple[int, str]) -> None:
        super().__init__(told[1])
        self.told = told


def _custom(
    raw: Any,
    known: Collection[str],
    told: Callable[[tuple[str, ...], str], tuple[int, str]],
    problems: list[tuple[int, str]],
) -> tuple[tuple[Custom, ...], set[str]]:
    """The targets declared, and the names of those that have problems
    (added to `problems`)."""
    from bootstrap.targets import custom

    if not isinstance(raw, dict):
        problems.append(
            told(('targets',), "'targets' must be a table of [targets.NAME]")
        )
        return (), set()
    out = []
    bad = set()
    for name, table in raw.items():
        at = ('targets', name)

        def key_fail(key: str, msg: str, at: tuple[str, ...] = at) -> Any:
            if key == at[1]:
                return _Told(told(at, msg))
            nested = ('mcp',) if key == 'format' else ()  # mcp.format
            return _Told(told((*at, *nested, key), msg))

        try:
            if name in known:
                raise key_fail(
                    name,
                    f'[targets.{name}]: {name!r} is already a target -- '
                    f'pick another name',
                )
            if not isinstance(table, dict):
                raise key_fail(name, f'[targets.{name}] must be a table')
            out.append(custom.build(name, table, key_fail))
        except _Told as e:
            problems.append(e.told)
            bad.add(name)
    return tuple(out), bad

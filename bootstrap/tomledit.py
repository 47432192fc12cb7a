"""Minimal text edits to a TOML document (Codex's config.toml).

We only ever own whole tables such as `[mcp_servers."repo-docs"]`: a new
one is appended as text after everything else, an old one is cut out
with its lines, and every other byte stays -- comments, alignment,
dotted keys. A library round trip is not safe here (CASES C07: a naive
tomlkit edit moves the user's keys under the new table), so after every
edit the text is parsed again and compared with the value we meant to
produce; an edit that would change anything else is refused.
"""

from __future__ import annotations

import copy
import json
import math
import re
import sys
from collections.abc import Mapping
from collections.abc import Sequence
from typing import Any

from bootstrap import jsonc
from bootstrap.jsonedit import EditError

if sys.version_info >= (3, 11):  # pragma: >=3.11 cover
    import tomllib
else:  # pragma: <3.11 cover
    import tomli as tomllib

Path = Sequence[str]
_BARE = re.compile(r'[A-Za-z0-9_-]+')


class ParseError(jsonc.ParseError):
    pass


def _parse(text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r'line (\d+), column (\d+)', str(e))
        line, col = (int(m[1]), int(m[2])) if m else (1, 1)
        msg = re.sub(r'\s*\(at line.*\)$', '', str(e)) or 'invalid TOML'
        raise ParseError(msg, line, col) from None


def key(name: str) -> str:
    return name if _BARE.fullmatch(name) else _string(name)


def _string(s: str) -> str:
    out = json.dumps(s, ensure_ascii=False)
    return out.replace('\x7f', '\\u007f')


def value(v: Any) -> str:
    """A TOML value on one line (tables inline)."""
    if isinstance(v, bool):
        return 'true' if v else 'false'
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            return 'nan' if math.isnan(v) else ('inf' if v > 0 else '-inf')
        return repr(v)
    if isinstance(v, str):
        return _string(v)
    if isinstance(v, Mapping):
        if not v:
            return '{}'
        inner = ', '.join(f'{key(k)} = {value(x)}' for k, x in v.items())
        return '{ ' + inner + ' }'
    if isinstance(v, (list, tuple)):
        return '[' + ', '.join(value(x) for x in v) + ']'
    raise EditError(f'cannot write {type(v).__name__} as TOML')


def table(path: Path, members: Mapping[str, Any], nl: str = '\n') -> str:
    """`[a.b."name"]` and one `key = value` line per member."""
    head = '.'.join([*(key(p) for p in path[:-1]), _string(path[-1])])
    lines = [f'[{head}]']
    lines += [f'{key(k)} = {value(v)}' for k, v in members.items()]
    return nl.join(lines) + nl


def _node(v: Any) -> jsonc.Node:
    if isinstance(v, dict):
        members = tuple(jsonc.Member(k, 0, _node(x)) for k, x in v.items())
        return jsonc.Node('object', 0, 0, v, members=members)
    if isinstance(v, list):
        return jsonc.Node('array', 0, 0, v, items=tuple(map(_node, v)))
    return jsonc.Node('string', 0, 0, v)


def _header(line: str) -> tuple[str, ...] | None:
    """The key path of a `[table]` header line, else None."""
    s = line.strip()
    if not s.startswith('[') or s.startswith('[['):
        return None
    try:
        node: Any = tomllib.loads(s)
    except tomllib.TOMLDecodeError:
        return None
    out: list[str] = []
    while isinstance(node, dict) and len(node) == 1:
        ((k, node),) = node.items()
        out.append(k)
    return tuple(out)


class Document:
    """The same surface as `jsonedit.Document`, for TOML."""

    def __init__(self, text: str, *, strict: bool = False) -> None:
        self.nl = '\r\n' if '\r\n' in text else '\n'
        self.text = text
        self._value = _parse(text)
        self.root = _node(self._value)

    @property
    def value(self) -> dict[str, Any]:
        return self._value

    def get(self, path: Path) -> jsonc.Node | None:
        node: Any = self._value
        for k in path:
            if not isinstance(node, dict) or k not in node:
                return None
            node = node[k]
        return _node(node)

    def _commit(self, text: str, *wants: dict[str, Any], what: str) -> None:
        try:
            got = _parse(text)
        except ParseError as e:
            raise EditError(f'{what} would break the TOML ({e})') from None
        if got not in wants:
            raise EditError(
                f'{what} would change other keys of this TOML file; '
                f'refusing to write it'
            )
        self.text, self._value = text, got
        self.root = _node(got)

    def _block(self, path: Path) -> tuple[int, int] | None:
        """Line span of table `path` (with its sub-tables)."""
        lines = self.text.splitlines(keepends=True)
        start = None
        for i, line in enumerate(lines):
            keys = _header(line)
            if start is None:
                if keys == tuple(path):
                    start = i
                continue
            if line.lstrip().startswith('[') and (
                keys is None or keys[: len(path)] != tuple(path)
            ):
                end = i
                break
        else:
            end = len(lines)
        if start is None:
            return None
        while end > start + 1 and not lines[end - 1].strip():
            end -= 1
        return start, end

    def _cut(self, path: Path) -> str:
        span = self._block(path)
        if span is None:
            raise EditError(
                f'{".".join(path)} is not written as a [table] of its '
                f'own; left as it is'
            )
        lines = self.text.splitlines(keepends=True)
        start, end = span
        if start > 0 and not lines[start - 1].strip():
            start -= 1  # the blank line we put before it
        elif start > 0 and end == len(lines):
            # appended to a file whose last line had no line end: the one
            # we gave it goes too
            lines[start - 1] = lines[start - 1].rstrip('\r\n')
        elif start == 0 and end < len(lines) and not lines[end].strip():
            end += 1
        return ''.join(lines[:start] + lines[end:])

    def set_members(self, path: Path, members: Mapping[str, Any]) -> None:
        want = copy.deepcopy(self._value)
        parent = want
        for k in path:
            parent = parent.setdefault(k, {})
            if not isinstance(parent, dict):
                raise EditError(f'{".".join(path)} is not a table')
        text = self.text
        for name, v in members.items():
            if not isinstance(v, Mapping):
                raise EditError(f'{name}: only tables can be merged')
            if name in parent:
                self._commit(
                    self._cut((*path, name)),
                    *self._without(path, name),
                    what=f'replacing {name}',
                )
                text = self.text
            if text and not text.endswith(self.nl):
                text += self.nl  # no blank line: _cut knows to undo this
            elif text.strip():
                text += self.nl  # a blank line between theirs and ours
            text += table((*path, name), v, self.nl)
            parent[name] = copy.deepcopy(dict(v))
        self._commit(text, want, what=f'adding to {".".join(path)}')

    def _without(self, path: Path, name: str) -> list[dict[str, Any]]:
        """The value without `path.name`: parents that only held it
        vanish when they were implicit, and stay when the user wrote
        their header -- both are right."""
        kept = copy.deepcopy(self._value)
        node = kept
        for k in path:
            node = node[k]
        del node[name]
        pruned = copy.deepcopy(kept)
        for i in range(len(path), 0, -1):
            node = pruned
            for k in path[: i - 1]:
                node = node[k]
            if node[path[i - 1]] != {}:
                break
            del node[path[i - 1]]
        return [pruned, kept]

    def delete_member(self, path: Path, name: str) -> bool:
        if self.get((*path, name)) is None:
            return False
        text = self._cut((*path, name))
        self._commit(text, *self._without(path, name), what=f'removing {name}')
        return True

    def append_items(self, path: Path, values: Sequence[Any]) -> None:
        raise EditError('appending to a TOML array is not supported')

    def remove_item(self, path: Path, value: Any) -> bool:
        raise EditError('removing from a TOML array is not supported')

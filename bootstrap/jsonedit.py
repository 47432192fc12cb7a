"""Minimal text edits to a JSON / JSONC document, as editors make them.

Every byte outside the edited member stays: comments, trailing commas,
key order, indentation and line endings; removing a member that was
inserted gives back the text byte for byte. After each edit the text is
parsed again, so an edit that broke the syntax fails before any write.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from collections.abc import Sequence
from typing import Any

from bootstrap import jsonc
from bootstrap.errors import FatalError

Path = Sequence[str]


class EditError(FatalError):
    pass


_REST_OF_LINE = re.compile(
    r'[ \t]*(?:/\*(?:(?!\*/).)*\*/[ \t]*)*(?://.*)?',
)


def _apply(text: str, edits: Sequence[tuple[int, int, str]]) -> str:
    """`text` with each (start, end, new) edit made; the spans do not
    overlap, and edits at one position go in the order given."""
    out: list[str] = []
    pos = 0
    for start, end, new in sorted(edits, key=lambda edit: edit[0]):
        out += (text[pos:start], new)
        pos = end
    out.append(text[pos:])
    return ''.join(out)


def _span(node: jsonc.Node, index: int) -> tuple[int, int]:
    """Where child `index` of an object or array starts and ends."""
    if node.members:
        member = node.members[index]
        return member.key_start, member.node.end
    return node.items[index].start, node.items[index].end


def _same(a: Any, b: Any) -> bool:
    """JSON equality: unlike `==`, true is not 1 and 1 is not 1.0."""
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(map(_same, a, b))
    return type(a) is type(b) and a == b


def _dumps(value: Any, unit: str | None, indent: str, nl: str) -> str:
    if unit is None:
        return json.dumps(value, ensure_ascii=False)
    text = json.dumps(value, indent=unit, ensure_ascii=False)
    return text.replace('\n', nl + indent)


class Document:
    def __init__(self, text: str, *, strict: bool = False) -> None:
        self.strict = strict
        text = text.removeprefix('\ufeff')  # a BOM is never written back
        self.nl = '\r\n' if '\r\n' in text else '\n'
        if not text.strip():
            text = '{}'
        self.text = text
        self.shallow = True  # until an edit needs spans below the top
        self.root = jsonc.parse(text, strict=strict, shallow=True)
        self.unit = self._unit()

    @property
    def value(self) -> Any:
        return self.root.value

    # -- layout --------------------------------------------------------
    def _line_indent(self, pos: int) -> str:
        start = self.text.rfind('\n', 0, pos) + 1
        end = start
        while end < len(self.text) and self.text[end] in ' \t':
            end += 1
        return self.text[start:end]

    def _eol(self, pos: int) -> int | None:
        """The end of `pos`'s line (before its line break) when nothing
        but blanks and comments follow `pos` on that line."""
        nl = self.text.find('\n', pos)
        if nl == -1:
            return None
        end = nl - 1 if nl > pos and self.text[nl - 1] == '\r' else nl
        return end if _REST_OF_LINE.fullmatch(self.text, pos, end) else None

    def _prev_eol(self, pos: int) -> int | None:
        """The end of the line before `pos`'s when only blanks precede
        `pos` on its line."""
        start = self.text.rfind('\n', 0, pos) + 1
        if start == 0 or self.text[start:pos].strip(' \t'):
            return None
        return (
            start - 2 if self.text[start - 2 : start] == '\r\n' else start - 1
        )

    def _multiline(self, node: jsonc.Node) -> bool:
        return '\n' in self.text[node.start : node.end]

    def _unit(self) -> str:
        for node in (self.root, *self._containers(self.root)):
            first = (
                node.members[0].key_start
                if node.members
                else (node.items[0].start if node.items else None)
            )
            if first is not None and '\n' in self.text[node.start : first]:
                outer = self._line_indent(node.start)
                inner = self._line_indent(first)
                if len(inner) > len(outer) and inner.startswith(outer):
                    return inner[len(outer) :]
        return '  '

    def _containers(self, node: jsonc.Node) -> list[jsonc.Node]:
        found = []
        for child in [m.node for m in node.members] + list(node.items):
            if child.kind in ('object', 'array'):
                found.append(child)
                if len(found) > 3:
                    break
        return found

    def _child_indent(self, node: jsonc.Node) -> str:
        first = (
            node.members[0].key_start
            if node.members
            else (node.items[0].start if node.items else None)
        )
        if first is not None and '\n' in self.text[node.start : first]:
            return self._line_indent(first)
        return self._line_indent(node.start) + self.unit

    # -- navigation ----------------------------------------------------
    def get(self, path: Path) -> jsonc.Node | None:
        node: jsonc.Node | None = self.root
        for key in path:
            if node is None or node.kind != 'object':
                return None
            if node.opaque:  # read whole: parse again with every span
                self._full()
                return self.get(path)
            node = node.get(key)
        if node is not None and node.opaque and path:
            self._full()
            return self.get(path)
        return node

    def _edit(self, edits: Sequence[tuple[int, int, str]]) -> None:
        self.text = _apply(self.text, edits)
        self.root = jsonc.parse(
            self.text, strict=self.strict, shallow=self.shallow
        )

    def _replace(self, start: int, end: int, new: str) -> None:
        self._edit([(start, end, new)])

    def _full(self) -> None:
        """Spans everywhere from now on (an edit reaches below the
        shallow read)."""
        self.shallow = False
        self.root = jsonc.parse(self.text, strict=self.strict)

    def _deepest(self, path: Path, kind: str) -> tuple[jsonc.Node, Path]:
        if self.shallow:
            self.get(path)  # parses every span if the path needs them
        node = self.root
        for i, key in enumerate(path):
            if node.kind != 'object':
                where = '/'.join(path[:i]) or 'the top level'
                raise EditError(f'{where} is not an object')
            child = node.get(key)
            if child is None:
                return node, path[i:]
            node = child
        if node.kind != kind:
            where = '/'.join(path) or 'the top level'
            raise EditError(f'{where} is not an {kind}')
        return node, ()

    # -- edits ---------------------------------------------------------
    def _insert(
        self,
        node: jsonc.Node,
        entries: Sequence[tuple[str | None, Any]],
    ) -> None:
        """Add members (or items, with key None) at the end of `node`, in
        its layout: one per line or all on its line."""
        children = node.members or node.items
        # an empty container opens up, unless the whole file is one line
        multiline = self._multiline(node) or (
            not children
            and (node.start == self.root.start or self._multiline(self.root))
        )
        indent = self._child_indent(node) if multiline else ''
        unit = self.unit if multiline else None
        parts = [
            ('' if key is None else _dumps(key, None, '', '') + ': ')
            + _dumps(value, unit, indent, self.nl)
            for key, value in entries
        ]
        if children:
            self._append(node, parts, indent if multiline else None)
        else:
            self._fill(node, parts, indent if multiline else None)

    def _fill(
        self, node: jsonc.Node, parts: list[str], indent: str | None
    ) -> None:
        """Put `parts` into the empty `node` (one per line at `indent`,
        or inline when None), keeping any comments in it."""
        open_, close = node.start + 1, node.end - 1
        blank = not self.text[open_:close].strip()
        if indent is None:
            body = ', '.join(parts)
            if blank:
                self._replace(open_, close, body)
            else:  # comments inside: before them
                self._replace(open_, open_, body + ', ')
            return
        lines = [self.nl + indent + p for p in parts]
        eol = self._eol(open_)
        if blank:
            closing = self.nl + self._line_indent(node.start)
            self._replace(open_, close, ','.join(lines) + closing)
        elif eol is not None:  # comments after the opening: lines below
            self._replace(eol, eol, ','.join(lines))
        else:
            self._replace(open_, open_, ','.join(lines) + ',')

    def _append(
        self, node: jsonc.Node, parts: list[str], indent: str | None
    ) -> None:
        """Put `parts` after the last child of `node` (on lines of their
        own at `indent`, or inline when None), in its comma style."""
        last_end = _span(node, len(node.members or node.items) - 1)[1]
        # just past a comma after the last child, if there is one
        between = jsonc.parse_gap(self.text, last_end, node.end - 1)
        if between is not None:  # trailing commas: keep the style
            if indent is None:
                new, at = ''.join(f' {p},' for p in parts), between
            else:
                eol = self._eol(between)
                new = ''.join(f'{self.nl}{indent}{p},' for p in parts)
                at = between if eol is None else eol
            self._replace(at, at, new)
        elif indent is None:
            self._replace(last_end, last_end, ''.join(f', {p}' for p in parts))
        else:
            lines = ','.join(self.nl + indent + p for p in parts)
            eol = self._eol(last_end)
            if eol is None:
                self._replace(last_end, last_end, ',' + lines)
            else:  # below the comments on the last child's line
                self._edit([(last_end, last_end, ','), (eol, eol, lines)])

    def set_members(self, path: Path, members: Mapping[str, Any]) -> None:
        """Insert or replace members of the object at `path`, creating it
        (and its parents) when missing."""
        if not members:
            return
        node, rest = self._deepest(path, 'object')
        if rest:
            nested: Any = dict(members)
            for key in reversed(rest[1:]):
                nested = {key: nested}
            self._insert(node, [(rest[0], nested)])
            return
        new = []
        for key, value in members.items():
            target = self.get(path)  # spans move after each edit
            assert target is not None
            current = target.get(key)
            if current is None:
                new.append((key, value))
            elif not _same(current.value, value):
                member_indent = self._line_indent(current.start)
                multiline = self._multiline(target)
                self._replace(
                    current.start,
                    current.end,
                    _dumps(
                        value,
                        self.unit if multiline else None,
                        member_indent,
                        self.nl,
                    ),
                )
        if new:
            target = self.get(path)
            assert target is not None
            self._insert(target, new)

    def append_items(self, path: Path, values: Sequence[Any]) -> None:
        if not values:
            return
        node, rest = self._deepest(path, 'array')
        if rest:
            nested: Any = list(values)
            for key in reversed(rest[1:]):
                nested = {key: nested}
            self._insert(node, [(rest[0], nested)])
        else:
            self._insert(node, [(None, v) for v in values])

    def _remove(self, parent: jsonc.Node, index: int) -> None:
        """Remove a child, the inverse of `_insert`: a child on lines of
        its own goes with those lines; comments on other lines stay."""
        count = len(parent.members or parent.items)
        start, end = _span(parent, index)
        close = parent.end - 1
        after = jsonc.parse_gap(self.text, end, close)  # past its comma
        prev_comma = (
            jsonc.parse_gap(self.text, _span(parent, index - 1)[1], start)
            if index
            else None
        )
        before = self._prev_eol(start)
        eol = self._eol(end if after is None else after)
        edits: list[tuple[int, int, str]] = []
        if before is not None and eol is not None:
            edits.append((before, eol, ''))
            if after is None and prev_comma is not None:
                edits.append((prev_comma - 1, prev_comma, ''))
        elif after is not None and (index < count - 1 or prev_comma is None):
            stop = after  # the child, its comma and the blanks after it
            while self.text[stop] in ' \t':
                stop += 1
            edits.append((start, stop, ''))
        elif prev_comma is not None:  # the last: from the comma before it
            edits.append((prev_comma - 1, end, ''))
        else:  # the only child, without a comma
            edits.append((start, end, ''))
        if count == 1:
            text = _apply(self.text, edits)
            inner = text[parent.start + 1 : close + len(text) - len(self.text)]
            if not inner.strip():  # nothing but blanks left: '{}'
                edits = [(parent.start + 1, close, '')]
        self._edit(edits)

    def delete_member(self, path: Path, key: str) -> bool:
        """Remove member `key` (every copy of it) from the object at
        `path`; False when there is none."""
        found = False
        while True:
            node = self.get(path)
            if node is None or node.kind != 'object':
                return found
            where = [i for i, m in enumerate(node.members) if m.key == key]
            if not where:
                return found
            self._remove(node, where[-1])
            found = True

    def remove_item(self, path: Path, value: Any) -> bool:
        node = self.get(path)
        if node is None or node.kind != 'array':
            return False
        for i, item in enumerate(node.items):
            if _same(item.value, value):
                self._remove(node, i)
                return True
        return False

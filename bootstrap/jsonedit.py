"""Minimal text edits to a JSON / JSONC document, as editors make them.

Every byte outside the edited member stays: comments, trailing commas,
key order, indentation and line endings. After each edit the text is
parsed again and compared with the intended value.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from collections.abc import Sequence
from typing import Any

from bootstrap import jsonc
from bootstrap.errors import FatalError

Path = Sequence[str]


class EditError(FatalError):
    pass


def _dumps(value: Any, unit: str | None, indent: str, nl: str) -> str:
    if unit is None:
        return json.dumps(value, ensure_ascii=False)
    text = json.dumps(value, indent=unit, ensure_ascii=False)
    return text.replace('\n', nl + indent)


class Document:
    def __init__(self, text: str, *, strict: bool = False) -> None:
        self.strict = strict
        self.nl = '\r\n' if '\r\n' in text else '\n'
        if not text.strip():
            text = '{}'
        self.text = text
        self.root = jsonc.parse(text, strict=strict)
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
            node = node.get(key)
        return node

    def _replace(self, start: int, end: int, new: str) -> None:
        text = self.text[:start] + new + self.text[end:]
        self.text = text
        self.root = jsonc.parse(text, strict=self.strict)

    def _deepest(self, path: Path, kind: str) -> tuple[jsonc.Node, Path]:
        node = self.root
        for i, key in enumerate(path):
            if node.kind != 'object':
                raise EditError(f'{"/".join(path[:i])} is not an object')
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
        children = node.members or node.items
        close = node.end - 1
        multiline = self._multiline(node) or not children
        indent = self._child_indent(node) if multiline else ''
        unit = self.unit if multiline else None

        def render(key: str | None, value: Any) -> str:
            head = '' if key is None else json.dumps(key) + ': '
            return head + _dumps(value, unit, indent, self.nl)

        parts = [render(k, v) for k, v in entries]
        if not children:
            inner = self.text[node.start + 1 : close]
            closing = self._line_indent(node.start)
            body = (',' + self.nl + indent).join(parts)
            if inner.strip():  # only comments inside: keep them
                self._replace(
                    node.start + 1,
                    node.start + 1,
                    self.nl + indent + body + ',',
                )
            else:
                self._replace(
                    node.start + 1,
                    close,
                    self.nl + indent + body + self.nl + closing,
                )
            return
        last_end = (
            node.members[-1].node.end if node.members else node.items[-1].end
        )
        sep = (',' + self.nl + indent) if multiline else ', '
        between = jsonc.parse_gap(self.text, last_end, close)
        if between is not None:  # a trailing comma follows the last
            self._replace(
                between,
                between,
                ''.join(
                    (self.nl + indent if multiline else ' ') + p + ','
                    for p in parts
                ),
            )
        else:
            self._replace(last_end, last_end, sep + sep.join(parts))

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
            elif current.value != value:
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
        children: Sequence[Any] = parent.members or parent.items

        def start(child: Any) -> int:
            return int(child.key_start if parent.members else child.start)

        def end(child: Any) -> int:
            return int(child.node.end if parent.members else child.end)

        if len(children) == 1:
            self._replace(parent.start + 1, parent.end - 1, '')
        elif index > 0:
            self._replace(end(children[index - 1]), end(children[index]), '')
        else:
            self._replace(start(children[0]), start(children[1]), '')

    def delete_member(self, path: Path, key: str) -> bool:
        node = self.get(path)
        if node is None or node.kind != 'object':
            return False
        for i, member in enumerate(node.members):
            if member.key == key:
                self._remove(node, i)
                return True
        return False

    def remove_item(self, path: Path, value: Any) -> bool:
        node = self.get(path)
        if node is None or node.kind != 'array':
            return False
        for i, item in enumerate(node.items):
            if item.value == value:
                self._remove(node, i)
                return True
        return False

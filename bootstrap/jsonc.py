"""A JSON / JSONC parser that keeps where every value is in the text.

`parse` returns a `Node` tree whose spans let `jsonedit` change one member
of a document without touching any other byte.
"""

from __future__ import annotations

import json
import re
from typing import Any
from typing import NamedTuple

from bootstrap.errors import FatalError


class ParseError(FatalError):
    def __init__(self, msg: str, line: int, col: int) -> None:
        super().__init__(f'line {line} column {col}: {msg}')
        self.msg = msg
        self.line = line
        self.col = col


class Member(NamedTuple):
    key: str
    key_start: int
    node: Node


class Node(NamedTuple):
    kind: str  # object, array, string, number, true, false, null
    start: int
    end: int
    value: Any
    members: tuple[Member, ...] = ()  # object
    items: tuple[Node, ...] = ()  # array
    opaque: bool = False  # a deep container read whole: no spans inside

    def get(self, key: str) -> Node | None:
        """The member `key`; the last one when the key is repeated, as
        in `value` (JSON parsers keep the last)."""
        for member in reversed(self.members):
            if member.key == key:
                return member.node
        return None


_WS = re.compile(r'(?:[ \t\r\n]+|//[^\n]*|/\*.*?\*/)*', re.S)
_WS_STRICT = re.compile(r'[ \t\r\n]*')
_NUMBER = re.compile(r'-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?')
_STRING = re.compile(r'"(?:[^"\\\x00-\x1f]|\\.)*"', re.S)
_STRING_HEAD = re.compile(r'"(?:[^"\\\x00-\x1f]|\\[^\x00-\x1f])*')
MAX_DEPTH = 256


def _no_constant(name: str) -> Any:
    raise ValueError(f'{name} is not JSON')


# Containers this deep are read by the C decoder, whole (no spans inside):
# edits never reach below ('hooks', EVENT)[i], and a config file of several
# MB (~/.claude.json keeps every project's history) then reads in moments.
SHALLOW_DEPTH = 4
_DECODER = json.JSONDecoder(parse_constant=_no_constant)


class _Parser:
    def __init__(self, text: str, strict: bool, shallow: bool) -> None:
        self.text = text
        self.strict = strict
        self.ws = _WS_STRICT if strict else _WS
        self.depth = 0
        self.shallow = shallow

    def error(self, msg: str, pos: int) -> ParseError:
        line = self.text.count('\n', 0, pos) + 1
        col = pos - (self.text.rfind('\n', 0, pos) + 1) + 1
        return ParseError(msg, line, col)

    def skip(self, pos: int) -> int:
        end = self.ws.match(self.text, pos)
        assert end is not None
        pos = end.end()
        if self.strict and self.text.startswith(('//', '/*'), pos):
            raise self.error(
                'comments are not allowed in this file (the tool reads it '
                'as strict JSON, so it cannot load it either)',
                pos,
            )
        if self.text.startswith('/*', pos):
            raise self.error('unterminated comment', pos)
        return pos

    def string(self, pos: int) -> tuple[str, int]:
        """The string starting at `pos` and the position after it."""
        m = _STRING.match(self.text, pos)
        if m is None:
            head = _STRING_HEAD.match(self.text, pos)
            assert head is not None
            bad = head.end()
            if bad < len(self.text) and self.text[bad] not in '\\\r\n':
                raise self.error('control character in string', bad)
            raise self.error('unterminated string', pos)
        try:
            return json.loads(m.group()), m.end()
        except json.JSONDecodeError as e:  # a bad escape such as \x
            msg = e.msg[:1].lower() + e.msg[1:]
            raise self.error(msg, pos + e.pos) from None

    def value(self, pos: int) -> Node:
        pos = self.skip(pos)
        text = self.text
        if pos >= len(text):
            raise self.error('unexpected end of file', pos)
        c = text[pos]
        if c in '{[':
            if self.shallow and self.depth + 1 >= SHALLOW_DEPTH:
                try:
                    val, end = _DECODER.raw_decode(text, pos)
                except (ValueError, RecursionError):
                    pass  # comments, trailing commas, depth: read it below
                else:
                    kind = 'object' if c == '{' else 'array'
                    return Node(kind, pos, end, val, opaque=True)
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise self.error(f'nested deeper than {MAX_DEPTH} levels', pos)
            node = self.obj(pos) if c == '{' else self.arr(pos)
            self.depth -= 1
            return node
        if c == '"':
            value, end = self.string(pos)
            return Node('string', pos, end, value)
        for word, val in (('true', True), ('false', False), ('null', None)):
            if text.startswith(word, pos):
                return Node(word, pos, pos + len(word), val)
        m = _NUMBER.match(text, pos)
        if m is None or m.end() == pos:
            raise self.error(f'unexpected character {c!r}', pos)
        return Node('number', pos, m.end(), json.loads(m.group()))

    def _close(self, pos: int, close: str, what: str) -> tuple[int, bool]:
        """After an element: return (position, closed)."""
        pos = self.skip(pos)
        if self.text.startswith(close, pos):
            return pos + 1, True
        if not self.text.startswith(',', pos):
            raise self.error(f"expected ',' or '{close}' in {what}", pos)
        after = self.skip(pos + 1)
        if self.text.startswith(close, after):
            if self.strict:
                raise self.error(
                    'trailing comma is not allowed (the tool reads this file '
                    'as strict JSON)',
                    pos,
                )
            return after + 1, True
        return pos + 1, False

    def obj(self, start: int) -> Node:
        members: list[Member] = []
        value: dict[str, Any] = {}
        pos = self.skip(start + 1)
        if self.text.startswith('}', pos):
            return Node('object', start, pos + 1, value)
        while True:
            pos = self.skip(pos)
            if not self.text.startswith('"', pos):
                raise self.error('expected a "quoted" property name', pos)
            key, key_end = self.string(pos)
            colon = self.skip(key_end)
            if not self.text.startswith(':', colon):
                raise self.error("expected ':' after property name", colon)
            node = self.value(colon + 1)
            members.append(Member(key, pos, node))
            value[key] = node.value
            pos, closed = self._close(node.end, '}', 'object')
            if closed:
                return Node('object', start, pos, value, tuple(members))

    def arr(self, start: int) -> Node:
        items: list[Node] = []
        pos = self.skip(start + 1)
        if self.text.startswith(']', pos):
            return Node('array', start, pos + 1, [])
        while True:
            node = self.value(pos)
            items.append(node)
            pos, closed = self._close(node.end, ']', 'array')
            if closed:
                values = [item.value for item in items]
                return Node('array', start, pos, values, (), tuple(items))


def parse(text: str, *, strict: bool = False, shallow: bool = False) -> Node:
    """The tree of `text`; `shallow` reads deep containers whole
    (`opaque` nodes), much faster on big files."""
    parser = _Parser(text, strict, shallow)
    node = parser.value(0)
    end = parser.skip(node.end)
    if end != len(text):
        raise parser.error('unexpected text after the value', end)
    return node


def loads(text: str, *, strict: bool = False) -> Any:
    return parse(text, strict=strict).value


def parse_gap(text: str, start: int, end: int) -> int | None:
    """If a comma stands between `start` and `end` (skipping blanks and
    comments), return the position just after it."""
    m = _WS.match(text, start)
    assert m is not None
    pos = m.end()
    if pos < end and text[pos] == ',':
        return pos + 1
    return None

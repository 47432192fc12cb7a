"""Lenient YAML front matter, as real files write it.

Real files are not strict YAML (`globs: **/*.tsx`, `name: C# Expert`,
tabs, stray colons), so this reads the subset that front matter uses:
`key: value` maps nested by indentation, `- item` lists, `[a, b]` flow
lists, quoted strings and `|` / `>` blocks. What it cannot read is kept
as a plain string. The body is never touched: callers slice the bytes.
"""

from __future__ import annotations

import json
import re
from typing import Any

BOM = b'\xef\xbb\xbf'


class FrontMatter:
    """A file's front matter read, and its bytes, held once: `head`
    (everything up to and including the closing '---' line) and `body`
    are slices made when asked for (a bundle 10x the real one held
    every body twice otherwise)."""

    __slots__ = ('meta', 'data', 'end', 'problems')

    def __init__(
        self,
        meta: dict[str, Any],
        head: bytes,
        body: bytes,
        problems: tuple[str, ...],  # what strict YAML readers reject
    ) -> None:
        self.meta = meta
        self.data = head + body if head else body
        self.end = len(head)
        self.problems = problems

    @classmethod
    def sliced(
        cls,
        meta: dict[str, Any],
        data: bytes,
        end: int,
        problems: tuple[str, ...],
    ) -> FrontMatter:
        fm = cls(meta, b'', data, problems)
        fm.end = end
        return fm

    @property
    def head(self) -> bytes:
        return self.data[: self.end]

    @property
    def body(self) -> bytes:
        return self.data[self.end :] if self.end else self.data

    def _replace(self, **kw: Any) -> FrontMatter:
        """As NamedTuple's: a copy with some of meta, head, body and
        problems replaced."""
        return FrontMatter(
            kw.get('meta', self.meta),
            kw.get('head', self.head),
            kw.get('body', self.body),
            kw.get('problems', self.problems),
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FrontMatter) and (
            (self.meta, self.data, self.end, self.problems)
            == (other.meta, other.data, other.end, other.problems)
        )

    def __repr__(self) -> str:
        return (
            f'FrontMatter(meta={self.meta!r}, head={self.head!r}, '
            f'body=<{len(self.data) - self.end} bytes>, '
            f'problems={self.problems!r})'
        )


_OPEN = re.compile(rb'\A(?:\xef\xbb\xbf)?---[ \t]*\r?\n')
_CLOSE = re.compile(rb'^-{3,}[ \t]*(?:\r?\n|\Z)', re.M)


def split(data: bytes) -> FrontMatter:
    m = _OPEN.match(data)
    if m is None:
        return FrontMatter({}, b'', data, ('no front matter',))
    close = _CLOSE.search(data, m.end())
    if close is None:
        return FrontMatter({}, b'', data, ('front matter is not closed',))
    text = data[m.end() : close.start()].decode('utf-8', 'replace')
    problems: list[str] = []
    if close.group().strip() != b'---':
        problems.append('front matter closed by a line other than ---')
    meta = parse(text, problems)
    return FrontMatter.sliced(meta, data, close.end(), tuple(problems))


def _scalar(raw: str, problems: list[str] | None = None) -> Any:
    s = raw.strip()
    if not s:
        return None
    if s[0] in '"\'' and (len(s) == 1 or not s.endswith(s[0])):
        if ' #' not in s and problems is not None:
            problems.append(f'unterminated quote in {s[:40]!r}')
        return s[1:]
    if s[0] == '"' and s.endswith('"') and len(s) > 1:
        try:
            return json.loads(s)
        except ValueError:
            return s[1:-1]
    if s[0] == "'" and s.endswith("'") and len(s) > 1:
        return s[1:-1].replace("''", "'")
    if s[0] == '[' and s.endswith(']'):
        return [_scalar(x) for x in _split_flow(s[1:-1]) if x.strip()]
    if s[0] == '{' and s.endswith('}'):
        out = {}
        for part in _split_flow(s[1:-1]):
            key, sep, val = part.partition(':')
            if sep:
                out[str(_scalar(key))] = _scalar(val)
        return out
    if ' #' in s:
        s = s.split(' #', 1)[0].rstrip()
    low = s.lower()
    if low in ('true', 'yes'):
        return True
    if low in ('false', 'no'):
        return False
    if low in ('null', '~'):
        return None
    if re.fullmatch(r'-?[0-9]+', s):
        return int(s)
    if re.fullmatch(r'-?[0-9]*\.[0-9]+', s):
        return float(s)
    return s


def _split_flow(s: str) -> list[str]:
    parts, depth, quote, cur = [], 0, '', ''
    for c in s:
        if quote:
            quote = '' if c == quote else quote
        elif c in '"\'':
            quote = c
        elif c in '[{':
            depth += 1
        elif c in ']}':
            depth -= 1
        elif c == ',' and depth == 0:
            parts.append(cur)
            cur = ''
            continue
        cur += c
    parts.append(cur)
    return parts


_KEY = re.compile(
    r'^(\s*)([^\s#:"\'][^:]*?|"[^"]*"|\'[^\']*\')\s*:(?:\s+|$)(.*)$'
)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(' \t'))


def parse(text: str, problems: list[str] | None = None) -> dict[str, Any]:
    lines = [
        ln
        for ln in text.replace('\r\n', '\n').split('\n')
        if ln.strip() and not ln.lstrip().startswith('#')
    ]
    probs = [] if problems is None else problems
    value, _ = _block(lines, 0, 0, probs)
    return value if isinstance(value, dict) else {}


def _block(
    lines: list[str],
    i: int,
    indent: int,
    problems: list[str],
) -> tuple[Any, int]:
    if i < len(lines) and lines[i].lstrip().startswith('- '):
        return _list(lines, i, _indent(lines[i]), problems)
    out: dict[str, Any] = {}
    while i < len(lines):
        line = lines[i]
        ind = _indent(line)
        if ind < indent:
            break
        m = _KEY.match(line)
        if m is None or ind > indent:
            problems.append(f'line not understood: {line.strip()[:40]!r}')
            i += 1
            continue
        key = str(_scalar(m.group(2)))
        rest = m.group(3).strip()
        i += 1
        more = []  # the lines indented under this key
        while i < len(lines) and _indent(lines[i]) > ind:
            more.append(lines[i])
            i += 1
        nested = more and (
            _KEY.match(more[0]) or more[0].lstrip().startswith('- ')
        )
        if (
            not rest
            and i < len(lines)
            and _indent(lines[i]) == ind
            and (lines[i].lstrip().startswith('- '))
        ):
            out[key], i = _list(lines, i, ind, problems)
        elif rest in ('|', '|-', '|+', '>', '>-', '>+'):
            joiner = '\n' if rest.startswith('|') else ' '
            out[key] = joiner.join(ln.strip() for ln in more)
        elif rest.startswith('#'):
            out[key] = (
                _block(more, 0, _indent(more[0]), problems)[0]
                if (nested)
                else None
            )
        elif rest:
            joined = ' '.join([rest, *(ln.strip() for ln in more)])
            out[key] = _scalar(joined, problems)
        elif nested:
            out[key] = _block(more, 0, _indent(more[0]), problems)[0]
        elif more:
            out[key] = _scalar(' '.join(ln.strip() for ln in more), problems)
        else:
            out[key] = None
    return out, i


def _list(
    lines: list[str],
    i: int,
    indent: int,
    problems: list[str],
) -> tuple[list[Any], int]:
    out: list[Any] = []
    while i < len(lines):
        line = lines[i]
        if _indent(line) != indent or not line.lstrip().startswith('-'):
            if _indent(line) <= indent:
                break
            i += 1
            continue
        item = line.lstrip()[1:].strip()
        i += 1
        if _KEY.match(' ' * (indent + 2) + item):
            # a map inside a list item: re-indent its first line
            sub = [' ' * (indent + 2) + item]
            while i < len(lines) and _indent(lines[i]) > indent:
                sub.append(lines[i])
                i += 1
            value, _ = _block(sub, 0, indent + 2, problems)
            out.append(value)
        else:
            out.append(_scalar(item, problems))
    return out, i


def render(meta: dict[str, Any]) -> str:
    """Front matter text for `meta` (values quoted when needed)."""
    lines = ['---']
    for key, value in meta.items():
        if isinstance(value, list) and all(
            not isinstance(v, (list, dict)) for v in value
        ):
            lines.append(f'{key}:')
            lines.extend(f'  - {_quote(v)}' for v in value)
        elif isinstance(value, (list, dict)):  # JSON is YAML
            lines.append(f'{key}: {json.dumps(value, ensure_ascii=False)}')
        else:
            lines.append(f'{key}: {_quote(value)}')
    lines.append('---')
    return '\n'.join(lines) + '\n'


_PLAIN = re.compile(r'^[A-Za-z0-9_./][A-Za-z0-9 _./,()*+-]*$')


def _quote(value: Any) -> str:
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, (int, float)):
        return str(value)
    s = '' if value is None else str(value)
    if (
        _PLAIN.match(s)
        and s.lower()
        not in (
            'true',
            'false',
            'yes',
            'no',
            'null',
            '~',
        )
        and not s.endswith(' ')
    ):
        return s
    return json.dumps(s, ensure_ascii=False)

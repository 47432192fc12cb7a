"""Lenient YAML front matter, as real files write it.

Real files are not strict YAML (`globs: **/*.tsx`, `name: C# Expert`,
tabs, stray colons), so this reads the subset that front matter uses:
`key: value` maps nested by indentation, `- item` lists, `[a, b]` flow
lists, quoted strings and `|` / `>` blocks. What it cannot read is kept
as a plain string, and what a strict YAML reader would reject is listed
in `problems`. The body is never touched: callers slice the bytes.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any
from typing import NamedTuple

BOM = b'\xef\xbb\xbf'
_WS = ' \t\r'  # YAML's blanks (str.strip would take U+00A0 too)


class FrontMatter(NamedTuple):
    meta: dict[str, Any]
    data: bytes  # the whole file, shared with the bundle: no copy kept
    end: int  # where the body starts: after the closing '---' line
    problems: tuple[str, ...]  # what strict YAML readers would reject

    @property
    def unclosed(self) -> bool:
        """Opened by a '---' line that no '---' line closes: the whole
        file is read as body."""
        return NOT_CLOSED in self.problems

    @property
    def head(self) -> bytes:
        """Everything up to and including the closing '---' line."""
        return self.data[: self.end]

    @property
    def body(self) -> bytes:
        return self.data[self.end :] if self.end else self.data


NOT_CLOSED = 'front matter is not closed'
_OPEN = re.compile(rb'\A(?:\xef\xbb\xbf)?---[ \t]*\r?\n')
_CLOSE = re.compile(rb'^-{3,}[ \t]*(?:\r?\n|\Z)', re.M)


def split(data: bytes) -> FrontMatter:
    m = _OPEN.match(data)
    if m is None:
        return FrontMatter({}, data, 0, ('no front matter',))
    close = _CLOSE.search(data, m.end())
    if close is None:
        return FrontMatter({}, data, 0, (NOT_CLOSED,))
    text = data[m.end() : close.start()].decode('utf-8', 'replace')
    problems: list[str] = []
    if close.group().strip() != b'---':
        problems.append('front matter closed by a line other than ---')
    meta = parse(text, problems)
    return FrontMatter(meta, data, close.end(), tuple(problems))


# -- scalars -----------------------------------------------------------
_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\']|\'\')*\'', re.S)
# a plain value may not start with an indicator (`- `, `? `, `: `)
_BAD_START = re.compile(r'[*&!%@`|>]|[-?:](?:[ \t]|$)')
# what YAML 1.1 readers (PyYAML) resolve; anything else is a string
_WORDS: dict[str, Any] = {
    form: value
    for words, value in (
        ('true yes on', True),
        ('false no off', False),
        ('null ~', None),
    )
    for word in words.split()
    for form in (word, word.capitalize(), word.upper())
}
_INT = re.compile(r'[-+]?(?:0|[1-9][0-9]*)')
_FLOAT = re.compile(
    r'[-+]?[0-9]+\.[0-9]*(?:[eE][-+][0-9]+)?|\.[0-9]+(?:[eE][-+][0-9]+)?'
    r'|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)'
)


def _scalar(raw: str, problems: list[str] | None = None) -> Any:
    s = raw.strip(_WS)
    probs: list[str] = [] if problems is None else problems
    if not s:
        return None
    if s[0] in '"\'':
        return _quoted(s, probs)
    if s[0] in '[{':
        flow = _flow(s, probs)
        if flow is None:
            s = re.split(r'[ \t]#', s, maxsplit=1)[0].rstrip(_WS)
            flow = _flow(s, probs)
        if flow is not None:
            return flow
        probs.append(f'not a closed [list] or {{map}}: {s[:40]!r}')
        return s
    s = re.split(r'[ \t]#', s, maxsplit=1)[0].rstrip(_WS)
    if _BAD_START.match(s):
        probs.append(f'value may not start with {s[0]!r}: {s[:40]!r}')
    elif re.search(r':(?:[ \t]|$)', s):
        probs.append(f'value holds ": " (quote it): {s[:40]!r}')
    if s in _WORDS:
        return _WORDS[s]
    if _INT.fullmatch(s):
        return int(s)
    if _FLOAT.fullmatch(s):
        return float(s.lower().replace('.inf', 'inf').replace('.nan', 'nan'))
    return s


def _key(raw: str, problems: list[str]) -> str:
    """A key is text, even when it reads as a number or `yes`."""
    s = raw.strip(_WS)
    return str(_quoted(s, problems)) if s[:1] in ('"', "'") else s


def _quoted(s: str, problems: list[str]) -> Any:
    m = _QUOTED.match(s)
    if m is None:
        problems.append(f'unterminated quote in {s[:40]!r}')
        return s[1:]
    rest = s[m.end() :].strip(_WS)
    if rest and not rest.startswith('#'):
        problems.append(f'text after the closing quote in {s[:40]!r}')
        return s
    text = m.group()
    if text[0] == "'":
        return text[1:-1].replace("''", "'")

    def escape(m: re.Match[str]) -> str:
        code = m.group(1)
        if len(code) > 1:
            return chr(int(code[1:], 16))
        if code not in _ESCAPES:
            problems.append(f'unknown escape \\{code} in {s[:40]!r}')
        return _ESCAPES.get(code, m.group())

    return _ESCAPE.sub(escape, text[1:-1])


_ESCAPE = re.compile(
    r'\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)', re.S
)
_ESCAPES = dict(
    zip(
        '0abtnvfre "/\\N_LP\t',
        '\0\a\b\t\n\v\f\r\x1b "/\\\x85\xa0\u2028\u2029\t',
        strict=True,
    )
)


def _flow(s: str, problems: list[str]) -> Any:
    """A `[list]` or `{map}`, or None when `s` is not exactly one."""
    parts = _split_flow(s[1:-1], ',')
    if parts is None or s[-1] != ']}'[s[0] == '{']:
        return None
    items = [p for p in parts if p.strip(_WS)]
    if s[0] == '[':
        return [_scalar(x, problems) for x in items]
    out = {}
    for part in items:
        key, *val = _split_flow(part, ':') or [part]
        out[_key(key, problems)] = _scalar(':'.join(val), problems)
    return out


def _split_flow(s: str, sep: str) -> list[str] | None:
    """`s` split at `sep` outside brackets and quotes; None when a
    bracket closes that was not opened here."""
    parts, depth, cur, i = [], 0, '', 0
    while i < len(s):
        c = s[i]
        if c in '"\'' and cur.rstrip(_WS)[-1:] in ('', ':', ',', '[', '{'):
            # a quoted value (quotes count only where a value starts)
            m = _QUOTED.match(s, i)
            stop = m.end() if m else len(s)
            cur += s[i:stop]
            i = stop
            continue
        i += 1
        if c in '[{':
            depth += 1
        elif c in ']}':
            depth -= 1
            if depth < 0:
                return None
        elif (
            c == sep
            and depth == 0
            and (
                sep == ','
                or s[i : i + 1] in ('', ' ', '\t')
                or cur[-1:] in '"\''
            )
        ):
            parts.append(cur)
            cur = ''
            continue
        cur += c
    parts.append(cur)
    return parts if depth == 0 else None


# -- structure ---------------------------------------------------------
_KEY = re.compile(
    r'^([ \t]*)((?![-?][ \t]|[-?]$)[^\s#:"\'\[\]{},][^:]*?'
    r'|"(?:[^"\\]|\\.)*"|\'(?:[^\']|\'\')*\')'
    r'[ \t]*:(?:[ \t]+|$)(.*)$'
)
_BLOCK = re.compile(r'([|>])([-+]?)([1-9]?)([-+]?)[ \t]*(?:#.*)?$')


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(_WS))


def _blank(line: str) -> bool:
    return not line.strip(_WS)


def _skip(line: str) -> bool:
    """A line with no data: blank or a comment."""
    return _blank(line) or line.lstrip(_WS).startswith('#')


def _entry(line: str) -> bool:
    """Does `line` start a `- item` list entry?"""
    s = line.lstrip(_WS)
    return s == '-' or s.startswith(('- ', '-\t'))


def parse(text: str, problems: list[str] | None = None) -> dict[str, Any]:
    probs: list[str] = [] if problems is None else problems
    lines = text.replace('\r\n', '\n').split('\n')
    if lines[-1] == '':  # the line break ending the last line
        lines.pop()
    if any(line[: _indent(line)].count('\t') for line in lines):
        probs.append('tab used for indentation')
    value = _nested(lines, probs)
    if value is None:
        return {}
    if not isinstance(value, dict):
        probs.append('front matter is not a map of keys')
        return {}
    return value


def _nested(lines: list[str], problems: list[str]) -> Any:
    """The map, list or multi-line scalar held by `lines`."""
    body = [line for line in lines if not _skip(line)]
    if not body:
        return None
    if _entry(body[0]):
        return _list(lines, _indent(body[0]), problems)
    if _KEY.match(body[0]):
        return _map(lines, _indent(body[0]), problems)
    return _scalar(_fold(lines), problems)


def _under(lines: list[str], i: int, indent: int, raw: bool) -> int:
    """Where the lines indented under line `i - 1` end. Comments count
    only in `raw` (block scalar) text."""
    while i < len(lines) and (
        _blank(lines[i])
        or _indent(lines[i]) > indent
        or (not raw and _skip(lines[i]))
    ):
        i += 1
    return i


def _map(lines: list[str], indent: int, problems: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    i = 0
    while i < len(lines):
        line = lines[i]
        m = _KEY.match(line)
        if _skip(line):
            i += 1
            continue
        if m is None or _indent(line) != indent:
            problems.append(f'line not understood: {line.strip(_WS)[:40]!r}')
            i = _under(lines, i + 1, _indent(line), False)
            continue
        key = _key(m.group(2), problems)
        if key in out:
            problems.append(f'key {key!r} given twice')
        rest = m.group(3).strip(_WS)
        block = _BLOCK.match(rest)
        end = _under(lines, i + 1, indent, bool(block))
        if (
            (not rest or rest.startswith('#'))
            and end < len(lines)
            and _indent(lines[end]) == indent
            and _entry(lines[end])
            and all(_skip(line) for line in lines[i + 1 : end])
        ):  # `key:` then a list at the key's own indentation
            end = _list_end(lines, end, indent)
        out[key] = _value(rest, lines[i + 1 : end], indent, problems)
        i = end
    return out


def _list_end(lines: list[str], i: int, indent: int) -> int:
    while i < len(lines) and (
        _skip(lines[i])
        or _indent(lines[i]) > indent
        or (_indent(lines[i]) == indent and _entry(lines[i]))
    ):
        i += 1
    return i


def _list(lines: list[str], indent: int, problems: list[str]) -> list[Any]:
    out: list[Any] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if _skip(line):
            i += 1
            continue
        if _indent(line) != indent or not _entry(line):
            problems.append(f'line not understood: {line.strip(_WS)[:40]!r}')
            i = _under(lines, i + 1, _indent(line), False)
            continue
        item = line.lstrip(_WS)[1:]
        col = indent + 1 + _indent(item)
        item = item.strip(_WS)
        block = _BLOCK.match(item)
        end = _under(lines, i + 1, indent, bool(block))
        if _KEY.match(item) or _entry(item):
            # a map or a list inside the item: its first line re-indented
            out.append(
                _nested([' ' * col + item, *lines[i + 1 : end]], problems)
            )
        else:
            out.append(_value(item, lines[i + 1 : end], indent, problems))
        i = end
    return out


def _value(
    rest: str, more: list[str], indent: int, problems: list[str]
) -> Any:
    """The value that starts with `rest` after `key:` or `- ` (at
    `indent`) and goes on in the lines `more`."""
    block = _BLOCK.match(rest)
    if block:
        return _block_scalar(block, more, indent)
    if not rest or rest.startswith('#'):
        return _nested(more, problems)
    quote = rest[0] if rest[0] in '"\'' else ''
    return _scalar(_fold([rest, *more], quote), problems)


def _fold(lines: list[str], quote: str = '') -> str:
    """Lines of a multi-line scalar joined as YAML folds them: by a
    space, or by one newline per blank line between; in a "string" a
    backslash at the end of a line joins it to the next."""
    out, blanks = '', 0
    for line in lines:
        if _blank(line) or (not quote and _skip(line)):
            blanks += _blank(line)
            continue
        if out and quote == '"' and re.search(r'(?<!\\)(?:\\\\)*\\$', out):
            out = out[:-1]
        elif out:
            out += '\n' * blanks if blanks else ' '
        out += line.strip(_WS)
        blanks = 0
    return out


def _block_scalar(m: re.Match[str], more: list[str], indent: int) -> str:
    """A `|` (literal) or `>` (folded) block with its chomping."""
    style, chomp, digit = m.group(1), m.group(2) or m.group(4), m.group(3)
    filled = [line for line in more if not _blank(line)]
    if not filled:
        return ''
    col = indent + int(digit) if digit else _indent(filled[0])
    lines = [
        '' if _blank(line) else line[min(col, _indent(line)) :]
        for line in more
    ]
    while lines and not lines[-1]:
        lines.pop()
    trailing = len(more) - len(lines)
    if style == '|':
        text = '\n'.join(lines)
    else:
        text, prev, blanks = '', None, 0
        for line in lines:
            if not line:
                blanks += 1
                continue
            if prev is not None:
                if prev[:1].isspace() or line[:1].isspace():
                    text += '\n' * (blanks + 1)
                else:
                    text += '\n' * blanks if blanks else ' '
            else:
                text += '\n' * blanks
            text += line
            prev, blanks = line, 0
    if chomp == '-':
        return text
    return text + '\n' * (1 + trailing if chomp == '+' else 1)


# -- writing -----------------------------------------------------------
def render(meta: dict[str, Any]) -> str:
    """Front matter text for `meta` that strict YAML readers load back
    as `meta` (values quoted when needed)."""
    lines = ['---']
    for key, value in meta.items():
        name = _quote(str(key))
        if (
            isinstance(value, list)
            and value
            and all(not isinstance(v, (list, dict)) for v in value)
        ):
            lines.append(f'{name}:')
            lines.extend(f'  - {_quote(v)}' for v in value)
        elif isinstance(value, (list, dict)):  # JSON is YAML
            lines.append(f'{name}: {_json(value)}')
        else:
            lines.append(f'{name}: {_quote(value)}')
    lines.append('---')
    return '\n'.join(lines) + '\n'


_PLAIN = re.compile(r'[A-Za-z_/][A-Za-z0-9 _./,()*+-]*')
_RESERVED = ('true', 'false', 'yes', 'no', 'on', 'off', 'y', 'n', 'null')
# what YAML does not allow raw in a quoted string, or reads as a break;
# listed, not negated: the negated class took 5 ms to compile, every run.
# Every one is unprintable to Python too, so text that `isprintable()`
# never needs it: compiled (2-3 ms) only for text that might.
_UNPRINTABLE_CLASS = (
    '[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]'
)


@functools.cache
def _unprintable() -> re.Pattern[str]:
    return re.compile(_UNPRINTABLE_CLASS)


def __getattr__(name: str) -> Any:
    if name == '_UNPRINTABLE':  # the compiled class, for the tests
        return _unprintable()
    raise AttributeError(f'module {__name__!r} has no attribute {name!r}')


def _json(value: Any) -> str:
    """`value` in flow style: JSON, except that numbers are written as
    YAML 1.1 reads them."""
    if isinstance(value, dict):
        items = (f'{_json(str(k))}: {_json(v)}' for k, v in value.items())
        return '{' + ', '.join(items) + '}'
    if isinstance(value, list):
        return '[' + ', '.join(_json(v) for v in value) + ']'
    if not isinstance(value, str):
        return _quote(value)
    text = json.dumps(value, ensure_ascii=False)
    if text.isprintable():
        return text
    return _unprintable().sub(lambda m: f'\\u{ord(m.group()):04x}', text)


def _quote(value: Any) -> str:
    if value is None:
        return 'null'
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float('inf'), float('-inf')):
            return {'nan': '.nan', 'inf': '.inf', '-inf': '-.inf'}[repr(value)]
        text = repr(value)  # '1e+20' is a string to YAML 1.1: '1.0e+20'
        return text if '.' in text else text.replace('e', '.0e')
    s = str(value)
    if (
        _PLAIN.fullmatch(s)
        and s.lower() not in _RESERVED
        and not s.endswith(' ')
    ):
        return s
    return _json(s)

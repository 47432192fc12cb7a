from __future__ import annotations

import json

import pytest

from bootstrap import jsonc
from bootstrap.errors import FatalError


@pytest.mark.parametrize(
    'text',
    (
        '{}',
        '[]',
        '0',
        '-0',
        '-12.5e+3',
        '1E-2',
        '"a\\u00e9\\n\\"\\\\"',
        'true',
        'false',
        'null',
        ' \t\r\n{"a": [1, 2, {"b": null}], "c": "d"} \r\n',
        '{"nested": {"deep": [[[]], {}]}}',
        '"caf\u00e9 \U0001f600"',
        '{"": 1, " ": 2}',
    ),
)
def test_strict_json_reads_as_the_json_module_does(text):
    assert jsonc.loads(text, strict=True) == json.loads(text)
    assert jsonc.loads(text) == json.loads(text)


@pytest.mark.parametrize(
    ('text', 'value'),
    (
        ('// head\n{"a": 1}', {'a': 1}),
        ('{"a": 1} // tail', {'a': 1}),
        ('{"a": 1 /* x */, /* y */ "b": 2}', {'a': 1, 'b': 2}),
        ('/* multi\nline */ [1]', [1]),
        ('{"a": 1,}', {'a': 1}),
        ('[1, 2,]', [1, 2]),
        ('[1, 2, // c\n]', [1, 2]),
        ('{"url": "http://x//y", "c": "/* no */"}', None),
        ('{\r\n  "a": 1, // c\r\n}\r\n', {'a': 1}),
    ),
)
def test_jsonc_comments_and_trailing_commas(text, value):
    want = value if value is not None else json.loads(text)
    assert jsonc.loads(text) == want


TRAILING = (
    'trailing comma is not allowed (the tool reads this file as strict JSON)'
)
COMMENTS = (
    'comments are not allowed in this file (the tool reads it as strict '
    'JSON, so it cannot load it either)'
)


@pytest.mark.parametrize(
    ('text', 'msg', 'line', 'col'),
    (
        ('{"a": 1,}', TRAILING, 1, 8),
        ('[1,\n 2,\n]', TRAILING, 2, 3),
        ('// c\n{}', COMMENTS, 1, 1),
        ('{"a": 1 /* c */}', COMMENTS, 1, 9),
        ('{} // c', COMMENTS, 1, 4),
    ),
)
def test_strict_mode_rejects_jsonc(text, msg, line, col):
    with pytest.raises(jsonc.ParseError) as excinfo:
        jsonc.parse(text, strict=True)
    assert (excinfo.value.msg, excinfo.value.line, excinfo.value.col) == (
        msg,
        line,
        col,
    )
    assert str(excinfo.value) == f'line {line} column {col}: {msg}'
    jsonc.parse(text)  # fine as JSONC


# C05: `~/.claude.json` with a trailing comma
C05 = (
    '{"numStartups": 12, "mcpServers": {"my-notes": {"command": "node", '
    '"args": ["/home/alice/notes.js"]},}}'
)


def test_c05_trailing_comma_is_located():
    with pytest.raises(jsonc.ParseError) as excinfo:
        jsonc.parse(C05, strict=True)
    assert excinfo.value.line == 1
    assert C05[excinfo.value.col - 1 :].startswith(',}}')


@pytest.mark.parametrize(
    ('text', 'msg', 'line', 'col'),
    (
        ('', 'unexpected end of file', 1, 1),
        ('   \n  ', 'unexpected end of file', 2, 3),
        ('{', 'expected a "quoted" property name', 1, 2),
        ('{"a" 1}', "expected ':' after property name", 1, 6),
        ("{'a': 1}", 'expected a "quoted" property name', 1, 2),
        ('{a: 1}', 'expected a "quoted" property name', 1, 2),
        ('{"a": 1 "b": 2}', "expected ',' or '}' in object", 1, 9),
        ('[1 2]', "expected ',' or ']' in array", 1, 4),
        ('[1,,2]', "unexpected character ','", 1, 4),
        ('{,}', 'expected a "quoted" property name', 1, 2),
        ('{"a": 1,,}', 'expected a "quoted" property name', 1, 9),
        ('[1', "expected ',' or ']' in array", 1, 3),
        ('{"a":\n  nul}', "unexpected character 'n'", 2, 3),
        ('{"a": tru}', "unexpected character 't'", 1, 7),
        ('[-]', "unexpected character '-'", 1, 2),
        ('[+1]', "unexpected character '+'", 1, 2),
        ('[.5]', "unexpected character '.'", 1, 2),
        ('[NaN]', "unexpected character 'N'", 1, 2),
        ('[01]', "expected ',' or ']' in array", 1, 3),
        ('{} {}', 'unexpected text after the value', 1, 4),
        ('"abc', 'unterminated string', 1, 1),
        ('{"a": "x\n"}', 'unterminated string', 1, 7),
        ('["a\tb"]', 'control character in string', 1, 4),
        ('["\\x"]', 'invalid \\escape', 1, 3),
        ('{"k\\q": 1}', 'invalid \\escape', 1, 4),
        ('["\\u12"]', 'invalid \\uXXXX escape', 1, 4),
        ('/* open', 'unterminated comment', 1, 1),
        ('{"a": 1 /* open}', 'unterminated comment', 1, 9),
        ('\ufeff{}', "unexpected character '\\ufeff'", 1, 1),
        (
            '{\r\n  "a": 1\r\n  "b": 2\r\n}',
            "expected ',' or '}' in object",
            3,
            3,
        ),
    ),
)
def test_errors_name_line_and_column(text, msg, line, col):
    with pytest.raises(jsonc.ParseError) as excinfo:
        jsonc.parse(text)
    err = excinfo.value
    assert (err.msg, err.line, err.col) == (msg, line, col)
    assert isinstance(err, FatalError)  # printed without a traceback


def test_deep_nesting_is_a_parse_error_not_a_crash():
    depth = jsonc.MAX_DEPTH
    assert jsonc.loads('[' * depth + ']' * depth) is not None
    with pytest.raises(jsonc.ParseError) as excinfo:
        jsonc.parse('[' * (depth + 1) + ']' * (depth + 1))
    assert excinfo.value.col == depth + 1
    assert 'nested deeper than' in excinfo.value.msg
    with pytest.raises(jsonc.ParseError):
        jsonc.parse('[' * 5000)


def test_spans_point_at_every_value():
    text = '{\n  // c\n  "a": [1, "two"],\n  "b": {"c": null}\n}'
    root = jsonc.parse(text)
    assert (root.kind, root.start, root.end) == ('object', 0, len(text))
    a, b = root.members
    assert text[a.key_start :].startswith('"a"')
    assert text[a.node.start : a.node.end] == '[1, "two"]'
    assert [text[i.start : i.end] for i in a.node.items] == ['1', '"two"']
    assert [i.kind for i in a.node.items] == ['number', 'string']
    assert text[b.node.start : b.node.end] == '{"c": null}'
    c = b.node.get('c')
    assert c is not None and (c.kind, c.value) == ('null', None)
    assert root.get('missing') is None


@pytest.mark.parametrize(
    ('text', 'kind', 'value'),
    (
        ('"s"', 'string', 's'),
        ('12', 'number', 12),
        ('1.5', 'number', 1.5),
        ('true', 'true', True),
        ('false', 'false', False),
        ('null', 'null', None),
        ('[]', 'array', []),
        ('{}', 'object', {}),
    ),
)
def test_kinds(text, kind, value):
    node = jsonc.parse(text)
    assert (node.kind, node.value, node.start, node.end) == (
        kind,
        value,
        0,
        len(text),
    )
    assert type(node.value) is type(value)


def test_repeated_key_the_last_counts_in_value_and_get():
    root = jsonc.parse('{"a": 1, "b": 2, "a": 3}')
    assert root.value == {'a': 3, 'b': 2}
    node = root.get('a')
    assert node is not None and node.value == 3
    assert [m.key for m in root.members] == ['a', 'b', 'a']


@pytest.mark.parametrize(
    ('text', 'start', 'end', 'want'),
    (
        ('1, 2', 1, 4, 2),
        ('1 /* c */ , 2', 1, 13, 11),
        ('1 // c\n , 2', 1, 11, 9),
        ('1 }', 1, 3, None),
        ('1 // ,\n}', 1, 8, None),
        ('1 }, 2', 1, 2, None),  # the comma lies beyond `end`
    ),
)
def test_parse_gap(text, start, end, want):
    assert jsonc.parse_gap(text, start, end) == want


def _nested(levels: int, inner: str) -> str:
    """`levels` objects around `inner`: {"k1": {"k2": ... inner ...}}."""
    text = inner
    for i in range(levels, 0, -1):
        text = f'{{"k{i}": {text}, "x{i}": {i}}}'
    return text


def test_shallow_reads_deep_containers_whole():
    depth = jsonc.SHALLOW_DEPTH
    text = _nested(depth, '[1, {"e": [2]}]')
    full = jsonc.parse(text)
    shallow = jsonc.parse(text, shallow=True)
    assert shallow.value == full.value == json.loads(text)
    node: jsonc.Node | None = shallow
    path = [shallow]
    for i in range(1, depth - 1):  # the root is the first level
        assert node is not None
        node = node.get(f'k{i}')
        assert node is not None
        path.append(node)
    assert len(path) == depth - 1
    assert not any(n.opaque for n in path)
    assert node is not None
    opaque = node.get(f'k{depth - 1}')
    assert opaque is not None and opaque.opaque
    assert (opaque.members, opaque.items) == ((), ())
    assert json.loads(text[opaque.start : opaque.end]) == opaque.value
    deep = jsonc.parse(text).get('k1')
    assert deep is not None and not deep.opaque


@pytest.mark.parametrize(
    ('inner', 'opaque'),
    (
        ('{"a": 1, /* c */ "b": [2,]}', False),  # JSONC: read with spans
        ('{"a": 1,}', False),
        ('{"a": [1, 2, 3]}', True),
        ('[]', True),
    ),
)
def test_shallow_falls_back_to_spans_for_jsonc(inner, opaque):
    depth = jsonc.SHALLOW_DEPTH
    text = _nested(depth - 1, inner)  # `inner` is at the shallow depth
    root = jsonc.parse(text, shallow=True)
    assert root.value == jsonc.loads(text)
    node: jsonc.Node | None = root
    for i in range(1, depth):
        assert node is not None
        node = node.get(f'k{i}')
    assert node is not None and node.opaque is opaque
    assert bool(node.members) is (not opaque)


@pytest.mark.parametrize(
    ('inner', 'msg'),
    (
        ('{"a": NaN}', "unexpected character 'N'"),
        ('[Infinity]', "unexpected character 'I'"),
        ('[' * 5000 + ']' * 5000, 'nested deeper than'),
    ),
)
def test_shallow_reads_reject_what_json_rejects(inner, msg):
    text = _nested(jsonc.SHALLOW_DEPTH, inner)
    with pytest.raises(jsonc.ParseError, match=msg):
        jsonc.parse(text, shallow=True)

from __future__ import annotations

import math
import os
from typing import Any

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from bootstrap import frontmatter
from testing.fixtures import shared

yaml = pytest.importorskip('yaml')  # PyYAML: the strict reader to agree with


def _yaml_text(head: bytes) -> bytes:
    """The YAML between the '---' lines of a front matter head."""
    return b''.join(head.splitlines(True)[1:-1])


@pytest.mark.parametrize(
    ('data', 'meta', 'head', 'body', 'problems'),
    (
        (
            b'---\nname: x\n---\nbody\n',
            {'name': 'x'},
            b'---\nname: x\n---\n',
            b'body\n',
            (),
        ),
        (
            b'# no front matter\n---\nk: v\n---\n',
            {},
            b'',
            b'# no front matter\n---\nk: v\n---\n',
            ('no front matter',),
        ),
        (b'', {}, b'', b'', ('no front matter',)),
        (b'---', {}, b'', b'---', ('no front matter',)),
        (
            b'---\nk: v\nbody\n',
            {},
            b'',
            b'---\nk: v\nbody\n',
            ('front matter is not closed',),
        ),
        (b'---\n---\nbody', {}, b'---\n---\n', b'body', ()),
        (b'---\nk: v\n---', {'k': 'v'}, b'---\nk: v\n---', b'', ()),
        (
            b'--- \t\nk: v\n--- \nB',
            {'k': 'v'},
            b'--- \t\nk: v\n--- \n',
            b'B',
            (),
        ),
        (
            b'\xef\xbb\xbf---\r\nname: x\r\nlist:\r\n  - a\r\n---\r\n'
            b'body\r\n\r\n',
            {'name': 'x', 'list': ['a']},
            b'\xef\xbb\xbf---\r\nname: x\r\nlist:\r\n  - a\r\n---\r\n',
            b'body\r\n\r\n',
            (),
        ),
        (
            b'---\nk: v\n-----\nbody',
            {'k': 'v'},
            b'---\nk: v\n-----\n',
            b'body',
            ('front matter closed by a line other than ---',),
        ),
        (
            b'---\nk: v\n---\n---\nnot: meta\n---\n',
            {'k': 'v'},
            b'---\nk: v\n---\n',
            b'---\nnot: meta\n---\n',
            (),
        ),
        (
            b'\xef\xbb\xbfno front matter',
            {},
            b'',
            b'\xef\xbb\xbfno front matter',
            ('no front matter',),
        ),
    ),
)
def test_split(data, meta, head, body, problems):
    fm = frontmatter.split(data)
    assert fm.meta == meta
    assert fm.head == head
    assert fm.body == body
    assert fm.problems == problems
    assert fm.head + fm.body == data  # the bytes, untouched


def test_body_bytes_are_kept_exactly():
    body = b'\r\n  # Title \t\r\n\x00\xff\xfe not utf-8 \xe2\x82\r\n---\n'
    fm = frontmatter.split(b'---\nname: x\n---\n' + body)
    assert fm.body == body
    assert fm.meta == {'name': 'x'}


def test_invalid_utf8_in_front_matter_is_replaced_not_fatal():
    fm = frontmatter.split(b'---\nname: caf\xe9\n---\n')
    assert fm.meta == {'name': 'caf\ufffd'}


# front matter that is valid YAML: we read what PyYAML reads
VALID: tuple[tuple[str, dict[str, Any] | None], ...] = (
    ('name: x\ndescription: y', {'name': 'x', 'description': 'y'}),
    # plain scalars over several lines
    (
        'description: a long\n  description continued\n  here\nnext: 1',
        {'description': 'a long description continued here', 'next': 1},
    ),
    (
        'k: first\n\n  after a blank\n\n\n  two blanks',
        {'k': 'first\nafter a blank\n\ntwo blanks'},
    ),
    ('k: plain # a comment\nj: a#b', {'k': 'plain', 'j': 'a#b'}),
    ('url: http://x.com/a#b?c=d', {'url': 'http://x.com/a#b?c=d'}),
    ('name: C# Expert', {'name': 'C# Expert'}),
    ('k: a:b', {'k': 'a:b'}),
    # quoted
    (
        'a: "quoted: colon"\nb: \'it\'\'s\'\nc: "v" # comment',
        {'a': 'quoted: colon', 'b': "it's", 'c': 'v'},
    ),
    (
        'k: "esc \\u00e9 \\x41 \\U0001F600 \\t \\n \\\\ \\" \\/ \\a \\e \\0"',
        {'k': 'esc é A \U0001f600 \t \n \\ " / \x07 \x1b \x00'},
    ),
    ('k: "a # b"\nj: \'c # d\'', {'k': 'a # b', 'j': 'c # d'}),
    ('k: "multi\n  line"', {'k': 'multi line'}),
    ('k: "joined\\\n  line"', {'k': 'joinedline'}),
    ("k: 'multi\n\n  para'", {'k': 'multi\npara'}),
    ('k: ""\nj: \'\'', {'k': '', 'j': ''}),
    # flow collections, also across lines
    ('tools: [a, b, c]', {'tools': ['a', 'b', 'c']}),
    ('tools: [a,\n  b, c\n  ]', {'tools': ['a', 'b', 'c']}),
    ('k: [a, \'b, c\', "d]", x"y]', {'k': ['a', 'b, c', 'd]', 'x"y']}),
    ('k: [a, b] # c', {'k': ['a', 'b']}),
    ('k: []\nj: {}', {'k': [], 'j': {}}),
    (
        'k: {a: 1, b: [x, y], c: {d: e}, "f g": h}',
        {'k': {'a': 1, 'b': ['x', 'y'], 'c': {'d': 'e'}, 'f g': 'h'}},
    ),
    ('k: {"a":1, u: http://x}', {'k': {'a': 1, 'u': 'http://x'}}),
    ('k: [[a, b], {x: 1}, yes]', {'k': [['a', 'b'], {'x': 1}, True]}),
    # block scalars
    (
        'k: |\n  line1\n    indented\n\n  line3\nnext: 1',
        {'k': 'line1\n  indented\n\nline3\n', 'next': 1},
    ),
    ('k: |-\n  a\n  b\n', {'k': 'a\nb'}),
    ('k: |+\n  a\n\n\nnext: 1', {'k': 'a\n\n\n', 'next': 1}),
    (
        'k: >\n  folded\n  text\n\n  para\n    more\n  end',
        {'k': 'folded text\npara\n  more\nend\n'},
    ),
    ('k: >-\n  a\n  b', {'k': 'a b'}),
    ('k: >+\n  a\n', {'k': 'a\n\n'}),
    ('k: >\n\n  a', {'k': '\na\n'}),
    ('k: |2\n    two extra\n  base', {'k': '  two extra\nbase\n'}),
    ('k: |\nnext: 1', {'k': '', 'next': 1}),
    ('k: | # note\n  # not a comment\n  x', {'k': '# not a comment\nx\n'}),
    # maps and lists
    (
        'meta:\n  a: 1\n  b:\n    c: x\n  # a comment\n  d: [1]\ne: 2',
        {'meta': {'a': 1, 'b': {'c': 'x'}, 'd': [1]}, 'e': 2},
    ),
    (
        'tools:\n  - Read\n  - Bash(git:*)\nmodel: x',
        {'tools': ['Read', 'Bash(git:*)'], 'model': 'x'},
    ),
    ('items:\n- a\n- b\nnext: 1', {'items': ['a', 'b'], 'next': 1}),
    ('k: # why\n  - a', {'k': ['a']}),
    (
        'items:\n  - name: a\n    sub:\n      - x\n      - y\n    val: 2\n'
        '  - name: b',
        {'items': [{'name': 'a', 'sub': ['x', 'y'], 'val': 2}, {'name': 'b'}]},
    ),
    (
        'items:\n  -   name: a\n      val: 1',
        {'items': [{'name': 'a', 'val': 1}]},
    ),
    ('items:\n  -\n    name: a', {'items': [{'name': 'a'}]}),
    ('a:\n  - x\n  - - y\n    - z', {'a': ['x', ['y', 'z']]}),
    (
        'a:\n  - "q: uoted"\n  - long\n    item',
        {'a': ['q: uoted', 'long item']},
    ),
    ('a:\n  -\n  - b', {'a': [None, 'b']}),
    ('  indented: 1\n  map: 2', {'indented': 1, 'map': 2}),
    ('"quoted key": 1\n\'k2\': 2\nkey with spaces: 3', None),
    # scalars that YAML 1.1 readers resolve, and those they leave text
    (
        'a: true\nb: True\nc: FALSE\nd: yes\ne: No\nf: on\ng: OFF\nh: null\n'
        'i: ~\nj: Null\nk:',
        {
            'a': True,
            'b': True,
            'c': False,
            'd': True,
            'e': False,
            'f': True,
            'g': False,
            'h': None,
            'i': None,
            'j': None,
            'k': None,
        },
    ),
    (
        'a: nO\nb: tRUE\nc: nuLL\nd: y\ne: n',
        {'a': 'nO', 'b': 'tRUE', 'c': 'nuLL', 'd': 'y', 'e': 'n'},
    ),
    (
        'a: 1\nb: -3\nc: +4\nd: 1.5\ne: 1.\nf: .5\ng: 1.0e+3\nh: -0',
        {
            'a': 1,
            'b': -3,
            'c': 4,
            'd': 1.5,
            'e': 1.0,
            'f': 0.5,
            'g': 1000.0,
            'h': 0,
        },
    ),
    (
        'a: 08\nb: 1.2.3\nc: 1.0e5\nd: -.5\ne: 2024-01-01x\nf: v1',
        {
            'a': '08',
            'b': '1.2.3',
            'c': '1.0e5',
            'd': '-.5',
            'e': '2024-01-01x',
            'f': 'v1',
        },
    ),
    ('a: .inf\nb: -.Inf\nc: +.INF', None),
    ('k: ?x\nj: -x\nl: x-', {'k': '?x', 'j': '-x', 'l': 'x-'}),
    ('k: v\n  - x\nj: 1', {'k': 'v - x', 'j': 1}),
    ('k: {a: , b}', {'k': {'a': None, 'b': None}}),
    ('k:\n  # first a comment\n\n  - a\n  # c\n\n  - b', {'k': ['a', 'b']}),
    ('k: caf\xe9 \u2014 \U0001f600', {'k': 'caf\xe9 \u2014 \U0001f600'}),
    ('k: \xa0nbsp\xa0', {'k': '\xa0nbsp\xa0'}),
    ('# only a comment', {}),
    ('', {}),
)


def _normal(value):
    if isinstance(value, dict):
        return {str(k): _normal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normal(v) for v in value]
    return value


@pytest.mark.parametrize(('text', 'meta'), VALID)
def test_valid_yaml_reads_as_pyyaml_reads_it(text, meta):
    strict = _normal(yaml.safe_load(text + '\n') or {})
    if meta is not None:
        assert strict == meta  # (the table itself is right)
    fm = frontmatter.split(f'---\n{text}\n---\nbody'.encode())
    assert fm.meta == strict
    assert fm.problems == ()
    assert fm.body == b'body'


# what real files write and strict YAML rejects: read leniently, and
# listed in problems so that writers quote it
LENIENT: tuple[tuple[str, dict[str, Any], str | None], ...] = (
    ('globs: **/*.tsx', {'globs': '**/*.tsx'}, "may not start with '*'"),
    ('tools: *', {'tools': '*'}, "may not start with '*'"),
    ('k: &anchor v', {'k': '&anchor v'}, "may not start with '&'"),
    ('k: !tag v', {'k': '!tag v'}, "may not start with '!'"),
    ('k: @user', {'k': '@user'}, "may not start with '@'"),
    ('k: `code`', {'k': '`code`'}, "may not start with '`'"),
    ('k: > text', {'k': '> text'}, "may not start with '>'"),
    ('k: %x', {'k': '%x'}, "may not start with '%'"),
    ('j: - a', {'j': '- a'}, "may not start with '-'"),
    ('j: ? a', {'j': '? a'}, "may not start with '?'"),
    (
        'description: Use when: x happens',
        {'description': 'Use when: x happens'},
        'holds ": "',
    ),
    ('k: ends with:', {'k': 'ends with:'}, 'holds ": "'),
    (
        'description: first line\n  second: line',
        {'description': 'first line second: line'},
        'holds ": "',
    ),
    ('a: 1\n  b: 2', {'a': '1 b: 2'}, 'holds ": "'),
    (
        'argument-hint: [--skip] | [--only-lint]',
        {'argument-hint': '[--skip] | [--only-lint]'},
        'not a closed [list]',
    ),
    (
        'argument-hint: [good-commit] [bad-commit]',
        {'argument-hint': '[good-commit] [bad-commit]'},
        'not a closed [list]',
    ),
    ('k: [a, b', {'k': '[a, b'}, 'not a closed [list]'),
    ('k: {a: 1', {'k': '{a: 1'}, 'not a closed [list] or {map}'),
    ('k: [a}', {'k': '[a}'}, 'not a closed'),
    ('k: [*, x]', {'k': ['*', 'x']}, "may not start with '*'"),
    ("k: 'unterminated", {'k': 'unterminated'}, 'unterminated quote'),
    ('k: "unterminated', {'k': 'unterminated'}, 'unterminated quote'),
    ('k: "a" b', {'k': '"a" b'}, 'text after the closing quote'),
    ('k: "bad \\q"', {'k': 'bad \\q'}, 'unknown escape \\q'),
    ('k: 1\nk: 2', {'k': 2}, "key 'k' given twice"),
    ('k:\n\t- a', {'k': ['a']}, 'tab used for indentation'),
    ('- a\n- b', {}, 'not a map'),
    ('just text', {}, 'not a map'),
    ('k: v\n...', {'k': 'v'}, "line not understood: '...'"),
    ('a:\n    b: 1\n  c: 2', {'a': {'b': 1}}, "not understood: 'c: 2'"),
    ('a:\n  - x\n  y: 1', {'a': ['x']}, "not understood: 'y: 1'"),
    ('[a]: 1', {}, 'not a map'),
    ('k: {a: b: c}', {'k': {'a': 'b: c'}}, 'holds ": "'),
    ('k: |\n    deeper\n  less', {'k': 'deeper\nless\n'}, None),
    ('k: v\n\tj: 1', {'k': 'v j: 1'}, 'tab used for indentation'),
)


@pytest.mark.parametrize(('text', 'meta', 'problem'), LENIENT)
def test_what_strict_yaml_rejects_is_read_and_listed(text, meta, problem):
    fm = frontmatter.split(f'---\n{text}\n---\nbody'.encode())
    assert fm.meta == meta
    assert fm.body == b'body'
    if problem is None:
        assert fm.problems == ()
    else:
        assert any(problem in p for p in fm.problems), fm.problems


def test_keys_stay_text():
    # PyYAML would make these True, 1 and None (and merge the first two)
    fm = frontmatter.split(b'---\nyes: 1\n1: 2\nnull: 3\n"q": 4\n---\n')
    assert fm.meta == {'yes': 1, '1': 2, 'null': 3, 'q': 4}


def test_parse_without_a_problem_list():
    assert frontmatter.parse('globs: **/*.ts\nk: [a') == {
        'globs': '**/*.ts',
        'k': '[a',
    }
    assert frontmatter.parse('k: v\n') == {'k': 'v'}


def test_corpus_front_matter_agrees_with_pyyaml():
    """Every front matter in the shared corpus: when PyYAML reads it we
    read the same and see no problem; when it does not, we list one."""
    root = shared('corpora')
    checked = 0
    for top, _, names in os.walk(root):
        for name in names:
            path = os.path.join(top, name)
            if not name.endswith(('.md', '.mdc')) or os.path.islink(path):
                continue
            with open(path, 'rb') as f:
                fm = frontmatter.split(f.read())
            if not fm.head:
                continue
            checked += 1
            try:
                strict = _normal(yaml.safe_load(_yaml_text(fm.head)) or {})
            except yaml.YAMLError:
                assert fm.problems, path
            else:
                assert fm.meta == strict, path
                yaml_problems = [
                    p for p in fm.problems if 'closed by a line' not in p
                ]
                assert yaml_problems == [], path
    assert checked > 100


# -- render ------------------------------------------------------------
@pytest.mark.parametrize(
    ('meta', 'text'),
    (
        ({}, '---\n---\n'),
        ({'name': 'x', 'count': 3}, '---\nname: x\ncount: 3\n---\n'),
        (
            {'description': 'Use when: x happens'},
            '---\ndescription: "Use when: x happens"\n---\n',
        ),
        ({'globs': '**/*.tsx'}, '---\nglobs: "**/*.tsx"\n---\n'),
        (
            {'globs': ['**/*.ts', 'src/a.py']},
            '---\nglobs:\n  - "**/*.ts"\n  - src/a.py\n---\n',
        ),
        ({'tools': []}, '---\ntools: []\n---\n'),
        ({'k': None}, '---\nk: null\n---\n'),
        ({'a': True, 'b': False}, '---\na: true\nb: false\n---\n'),
        ({'v': '1.0', 'w': '08', 'x': 'yes', 'y': 'On'}, None),
        ({'v': 1.0, 'w': 1e-05, 'x': 1e20}, None),
        (
            {'k': float('inf'), 'j': float('-inf')},
            '---\nk: .inf\nj: -.inf\n---\n',
        ),
        ({'k': 'trailing '}, '---\nk: "trailing "\n---\n'),
        ({'k': ''}, '---\nk: ""\n---\n'),
        ({'k': 'two\nlines'}, '---\nk: "two\\nlines"\n---\n'),
        ({'k': 'caf\xe9 \u2014'}, '---\nk: "caf\xe9 \u2014"\n---\n'),
        ({'k': '\x85\u2028\x7f'}, '---\nk: "\\u0085\\u2028\\u007f"\n---\n'),
        ({'on': 1, 'a key': 2}, '---\n"on": 1\na key: 2\n---\n'),
        (
            {'m': {'a': [1, 'x'], 'b': {'c': None}}},
            '---\nm: {"a": [1, "x"], "b": {"c": null}}\n---\n',
        ),
        ({'l': [[1], {'a': 1e-05}]}, '---\nl: [[1], {"a": 1.0e-05}]\n---\n'),
        ({'k': './path', 'j': '/abs'}, '---\nk: "./path"\nj: /abs\n---\n'),
    ),
)
def test_render(meta, text):
    out = frontmatter.render(meta)
    if text is not None:
        assert out == text
    fm = frontmatter.split(out.encode() + b'body')
    assert fm.meta == meta
    assert fm.problems == ()
    assert _normal(yaml.safe_load(_yaml_text(fm.head)) or {}) == meta


def test_not_a_number():
    fm = frontmatter.split(b'---\na: .nan\nb: .NaN\nc: .NAN\n---\n')
    assert all(math.isnan(v) for v in fm.meta.values())
    assert len(fm.meta) == 3


def test_render_nan():
    fm = frontmatter.split(frontmatter.render({'k': math.nan}).encode())
    assert math.isnan(fm.meta['k'])


# -- properties --------------------------------------------------------
TEXT = st.text(
    st.characters(
        codec='utf-8',
        exclude_categories=['Cs'],
        exclude_characters='\x85\u2028\u2029',  # YAML reads these as breaks
    ),
    max_size=12,
)
KEYS = st.from_regex(r'[A-Za-z_][A-Za-z0-9_ .-]{0,10}', fullmatch=True)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False)
    | TEXT
)
VALUES = st.recursive(
    SCALARS,
    lambda c: st.lists(c, max_size=3) | st.dictionaries(KEYS, c, max_size=3),
    max_leaves=8,
)
METAS = st.dictionaries(KEYS | TEXT.filter(bool), VALUES, max_size=5)


@settings(max_examples=300, deadline=None)
@given(METAS)
def test_property_render_reads_back_for_us_and_pyyaml(meta):
    out = frontmatter.render(meta)
    fm = frontmatter.split(out.encode() + b'body')
    assert fm.meta == meta
    assert fm.problems == ()
    assert fm.body == b'body'
    assert _normal(yaml.safe_load(_yaml_text(fm.head)) or {}) == meta


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(KEYS, VALUES.filter(lambda v: v == v), max_size=5),
    st.sampled_from(((None, 10**6), (False, 20), (False, 80), (True, 10**6))),
    st.booleans(),
)
def test_property_pyyaml_output_reads_the_same(meta, style, crlf):
    flow, width = style
    text = yaml.safe_dump(
        meta,
        default_flow_style=flow,
        allow_unicode=True,
        width=width,
        sort_keys=False,
    )
    want = _normal(yaml.safe_load(text) or {})
    data = f'---\n{text}---\nbody'.encode()
    if crlf:
        data = data.replace(b'\n', b'\r\n')
    fm = frontmatter.split(data)
    assert fm.meta == want
    assert fm.problems == ()
    assert fm.body == b'body'


def test_unprintable_is_yaml_printable_negated():
    import re

    printable = re.compile(
        '[\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd'
        '\U00010000-\U0010ffff]'
    )
    for code in range(0x110000):
        c = chr(code)
        assert bool(frontmatter._UNPRINTABLE.match(c)) != bool(
            printable.match(c)
        ), hex(code)


def test_unprintable_chars_are_unprintable_to_python():
    # _json skips the class for text that isprintable()
    for code in range(0x110000):
        c = chr(code)
        if frontmatter._UNPRINTABLE.match(c):
            assert not c.isprintable(), hex(code)

from __future__ import annotations

import difflib
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from bootstrap import jsonc
from bootstrap.jsonedit import Document
from bootstrap.jsonedit import EditError

REPO_DOCS = {'type': 'stdio', 'command': 'uvx', 'args': ['repo-docs-mcp']}

# CASES C04: a VS Code `.vscode/mcp.json`, JSONC, exact bytes
C04 = """\
{
  // Servers I use every day
  "inputs": [
    { "type": "promptString", "id": "gh-token", "description": "GitHub token", "password": true },
  ],
  "servers": {
    "my-notes": { "type": "stdio", "command": "node", "args": ["./tools/notes.js"] },
    /* "old-search": { "type": "http", "url": "http://localhost:9000/mcp" }, */
  },
}
"""  # noqa: E501


def _hunks(old: str, new: str) -> list[tuple[str, int, int, int, int]]:
    matcher = difflib.SequenceMatcher(
        None, old.splitlines(True), new.splitlines(True), autojunk=False
    )
    return [op for op in matcher.get_opcodes() if op[0] != 'equal']


def test_c04_jsonc_insertion_is_one_hunk_inside_servers():
    doc = Document(C04)
    doc.set_members(('servers',), {'repo-docs': REPO_DOCS})
    new = doc.text
    ((tag, i1, i2, j1, j2),) = _hunks(C04, new)  # exactly one hunk
    assert tag == 'insert' and i1 == i2
    old_lines, new_lines = C04.splitlines(True), new.splitlines(True)
    # inserted right after "my-notes", before the commented-out server
    assert old_lines[i1 - 1].lstrip().startswith('"my-notes"')
    assert old_lines[i1].lstrip().startswith('/* "old-search"')
    assert ''.join(new_lines[j1:j2]) == (
        '    "repo-docs": {\n'
        '      "type": "stdio",\n'
        '      "command": "uvx",\n'
        '      "args": [\n'
        '        "repo-docs-mcp"\n'
        '      ]\n'
        '    },\n'
    )
    want = jsonc.loads(C04)
    want['servers']['repo-docs'] = REPO_DOCS
    assert jsonc.loads(new) == want == doc.value
    assert 'mcpServers' not in new
    # the second run changes nothing
    again = Document(new)
    again.set_members(('servers',), {'repo-docs': REPO_DOCS})
    assert again.text == new
    # and removing our entry gives the user's bytes back
    assert again.delete_member(('servers',), 'repo-docs')
    assert again.text == C04


# CASES C01: Cursor's mcp.json with the user's own server and settings
C01 = """\
{
  "mcpServers": {
    "my-notes": {
      "command": "node",
      "args": ["/home/alice/tools/notes-mcp/index.js"],
      "env": { "NOTES_DIR": "/home/alice/notes" },
      "disabledTools": ["delete_note"],
      "x-alice-comment": "keep me"
    }
  },
  "experimentalFlag": true
}
"""


def test_c01_merge_keeps_the_users_server_and_settings():
    doc = Document(C01)
    doc.set_members(('mcpServers',), {'repo-docs': REPO_DOCS})
    after = json.loads(doc.text)
    before = json.loads(C01)
    assert after['mcpServers']['my-notes'] == before['mcpServers']['my-notes']
    assert after['experimentalFlag'] is True
    assert list(after) == list(before)
    assert list(after['mcpServers']) == ['my-notes', 'repo-docs']
    assert after['mcpServers']['repo-docs'] == REPO_DOCS
    assert doc.text.startswith(C01[: C01.index('\n  },')])
    # run B: nothing to do, not a byte changes
    run_b = Document(doc.text)
    run_b.set_members(('mcpServers',), {'repo-docs': REPO_DOCS})
    assert run_b.text == doc.text
    # run C: a bundle without servers asks for nothing
    run_c = Document(C01)
    run_c.set_members(('mcpServers',), {})
    assert run_c.text == C01


# CASES C06: empty, whitespace-only and BOM-prefixed existing files
C06_D = (
    '\ufeff{"mcpServers":{"mine":{"command":"C:\\\\tools\\\\mine.exe"}},'
    '"globalShortcut":""}\r\n'
)


@pytest.mark.parametrize(
    ('text', 'want_text'),
    (
        pytest.param(
            '',
            '{\n  "mcpServers": {\n    "repo-docs": {\n'
            '      "command": "uvx"\n    }\n  }\n}',
            id='a-empty',
        ),
        pytest.param(
            '  \n',
            '{\n  "mcpServers": {\n    "repo-docs": {\n'
            '      "command": "uvx"\n    }\n  }\n}',
            id='b-whitespace',
        ),
        pytest.param(
            '\ufeff{}\r\n',
            '{\r\n  "mcpServers": {\r\n    "repo-docs": {\r\n'
            '      "command": "uvx"\r\n    }\r\n  }\r\n}\r\n',
            id='c-bom-crlf',
        ),
        pytest.param(
            C06_D,
            '{"mcpServers":{"mine":{"command":"C:\\\\tools\\\\mine.exe"}, '
            '"repo-docs": {"command": "uvx"}},"globalShortcut":""}\r\n',
            id='d-bom-crlf-servers',
        ),
    ),
)
def test_c06_empty_whitespace_and_bom(text, want_text):
    doc = Document(text)
    doc.set_members(('mcpServers',), {'repo-docs': {'command': 'uvx'}})
    assert doc.text == want_text
    assert not doc.text.startswith('\ufeff')
    assert doc.text.encode()[:1] == b'{'
    assert json.loads(doc.text) == doc.value
    assert doc.value['mcpServers']['repo-docs'] == {'command': 'uvx'}
    if '\r\n' in text:  # the file's line endings, never mixed
        assert '\n' not in doc.text.replace('\r\n', '')
    if text is C06_D:
        assert doc.value['mcpServers']['mine'] == {
            'command': 'C:\\tools\\mine.exe'
        }
        assert doc.value['globalShortcut'] == ''


@pytest.mark.parametrize('text', ('', ' ', '\n\n', '\ufeff', '\ufeff \r\n'))
def test_empty_documents_are_an_empty_object(text):
    doc = Document(text)
    assert doc.value == {}
    assert doc.root.kind == 'object'


# (before, path, members, after): every insertion layout
INSERTS = (
    ('{"a": 1}', (), {'b': 2}, '{"a": 1, "b": 2}'),
    ('{"a": 1,}', (), {'b': 2}, '{"a": 1, "b": 2,}'),
    ('{"a": 1 }', (), {'b': [1, 2]}, '{"a": 1, "b": [1, 2] }'),
    (
        '{\n  "a": 1\n}\n',
        (),
        {'b': {'c': [1]}},
        '{\n  "a": 1,\n  "b": {\n    "c": [\n      1\n    ]\n  }\n}\n',
    ),
    (
        '{\n  "a": 1,\n}\n',
        (),
        {'b': 2, 'c': 3},
        '{\n  "a": 1,\n  "b": 2,\n  "c": 3,\n}\n',
    ),
    (
        '{\n    "a": 1\n}',
        (),
        {'b': {'c': 1}},
        '{\n    "a": 1,\n    "b": {\n        "c": 1\n    }\n}',
    ),
    (
        '{\n\t"a": {\n\t\t"x": 1\n\t}\n}',
        ('a',),
        {'y': [2]},
        '{\n\t"a": {\n\t\t"x": 1,\n\t\t"y": [\n\t\t\t2\n\t\t]\n\t}\n}',
    ),
    (
        '{\r\n  "a": 1\r\n}\r\n',
        (),
        {'b': {'c': 1}},
        '{\r\n  "a": 1,\r\n  "b": {\r\n    "c": 1\r\n  }\r\n}\r\n',
    ),
    # a comment after the last member stays on that member's line
    (
        '{\n  "a": 1 // about a\n}',
        (),
        {'b': 2},
        '{\n  "a": 1, // about a\n  "b": 2\n}',
    ),
    (
        '{\n  "a": 1, // about a\n}',
        (),
        {'b': 2},
        '{\n  "a": 1, // about a\n  "b": 2,\n}',
    ),
    (
        '{\n  "a": 1 /* x */\n}',
        (),
        {'b': 2},
        '{\n  "a": 1, /* x */\n  "b": 2\n}',
    ),
    ('{\n  "a": 1}', (), {'b': 2}, '{\n  "a": 1,\n  "b": 2}'),
    # empty containers
    ('{"a": {}}', ('a',), {'b': 1}, '{"a": {"b": 1}}'),
    ('{"a": {/* c */}}', ('a',), {'b': 1}, '{"a": {"b": 1, /* c */}}'),
    (
        '{\n  "a": {}\n}',
        ('a',),
        {'b': 1},
        '{\n  "a": {\n    "b": 1\n  }\n}',
    ),
    (
        '{\n  "a": {\n    // nothing yet\n  }\n}',
        ('a',),
        {'b': 1},
        '{\n  "a": {\n    "b": 1\n    // nothing yet\n  }\n}',
    ),
    (
        '{\n  "a": { // nothing yet\n  }\n}',
        ('a',),
        {'b': 1},
        '{\n  "a": { // nothing yet\n    "b": 1\n  }\n}',
    ),
    ('{ /* c */ }', (), {'b': 1}, '{\n  "b": 1, /* c */ }'),
    ('{}', (), {'é': 'ü'}, '{\n  "é": "ü"\n}'),
    # missing parents are created
    (
        '{\n  "x": 1\n}',
        ('a', 'b'),
        {'c': 1},
        '{\n  "x": 1,\n  "a": {\n    "b": {\n      "c": 1\n    }\n  }\n}',
    ),
    ('{"x": 1}', ('a', 'b'), {'c': 1}, '{"x": 1, "a": {"b": {"c": 1}}}'),
)


@pytest.mark.parametrize(('before', 'path', 'members', 'after'), INSERTS)
def test_set_members_inserts(before, path, members, after):
    doc = Document(before)
    doc.set_members(path, members)
    assert doc.text == after
    want = jsonc.loads(before)
    node = want
    for key in path:
        node = node.setdefault(key, {})
    node.update(members)
    assert doc.value == want == jsonc.loads(doc.text)


@pytest.mark.parametrize(
    ('before', 'path', 'members', 'after'),
    [case for case in INSERTS if case[0] != '{ /* c */ }'],
)
def test_insert_then_delete_gives_the_bytes_back(before, path, members, after):
    doc = Document(before)
    doc.set_members(path, members)
    old = Document(before)
    for i in range(len(path)):
        if old.get(path[: i + 1]) is None:  # a parent we created
            assert doc.delete_member(path[:i], path[i])
            break
    else:
        for key in members:
            assert doc.delete_member(path, key)
    assert doc.text == before


def test_insert_then_delete_beside_a_one_line_comment_keeps_the_comment():
    # the one layout that does not round-trip: the new line stays
    doc = Document('{ /* c */ }')
    doc.set_members((), {'b': 1})
    assert doc.delete_member((), 'b')
    assert doc.text == '{\n  /* c */ }'


# (before, path, key, after): every removal layout
DELETES = (
    ('{"a": 1, "b": 2, "c": 3}', (), 'a', '{"b": 2, "c": 3}'),
    ('{"a": 1, "b": 2, "c": 3}', (), 'b', '{"a": 1, "c": 3}'),
    ('{"a": 1, "b": 2, "c": 3}', (), 'c', '{"a": 1, "b": 2}'),
    ('{"a": 1, "b": 2,}', (), 'b', '{"a": 1,}'),
    ('{ "a": 1 }', (), 'a', '{}'),
    ('{"a": 1,}', (), 'a', '{}'),
    ('{\n  "a": 1,\n  "b": 2\n}', (), 'a', '{\n  "b": 2\n}'),
    ('{\n  "a": 1,\n  "b": 2\n}', (), 'b', '{\n  "a": 1\n}'),
    ('{\n  "a": 1\n}', (), 'a', '{}'),
    ('{\n  "a": 1,\n  "b": 2,\n}', (), 'b', '{\n  "a": 1,\n}'),
    # comments on other lines, and on a neighbour's line, stay
    (
        '{\n  "a": 1, // about a\n  "b": 2\n}',
        (),
        'b',
        '{\n  "a": 1 // about a\n}',
    ),
    (
        '{\n  "a": 1,\n  // about b\n  "b": 2\n}',
        (),
        'a',
        '{\n  // about b\n  "b": 2\n}',
    ),
    (
        '{\n  "a": 1,\n  "b": 2, // about b\n  "c": 3\n}',
        (),
        'b',
        '{\n  "a": 1,\n  "c": 3\n}',
    ),
    (
        '{\n  "mine": 1,\n  /* "old": 2, */\n}',
        (),
        'mine',
        '{\n  /* "old": 2, */\n}',
    ),
    (
        '{\r\n  "a": 1,\r\n  "b": {\r\n    "x": 1\r\n  }\r\n}\r\n',
        (),
        'b',
        '{\r\n  "a": 1\r\n}\r\n',
    ),
    ('{\n  "a": 1,\n  "b": 2 }', (), 'b', '{\n  "a": 1 }'),
    ('{ "a": 1,\n  "b": 2 }', (), 'a', '{ \n  "b": 2 }'),
    ('{"s": {"a": 1, "b": 2}}', ('s',), 'b', '{"s": {"a": 1}}'),
    ('{"a": 1, "b": 2, "a": 3}', (), 'a', '{"b": 2}'),  # every copy
)


@pytest.mark.parametrize(('before', 'path', 'key', 'after'), DELETES)
def test_delete_member(before, path, key, after):
    doc = Document(before)
    assert doc.delete_member(path, key) is True
    assert doc.text == after
    assert doc.delete_member(path, key) is False
    assert doc.text == after


@pytest.mark.parametrize(
    ('text', 'path', 'key'),
    (
        ('{"a": 1}', (), 'b'),
        ('{"a": 1}', ('x',), 'a'),
        ('{"a": [1]}', ('a',), '0'),
        ('{"a": 1}', ('a', 'b'), 'c'),
    ),
)
def test_delete_member_of_nothing(text, path, key):
    doc = Document(text)
    assert doc.delete_member(path, key) is False
    assert doc.text == text


@pytest.mark.parametrize(
    ('before', 'value', 'after'),
    (
        ('[1, 2, 3]', 2, '[1, 3]'),
        ('[1, true]', True, '[1]'),  # true is not 1
        ('[1, true]', 1, '[true]'),
        ('[1.0, 1]', 1, '[1.0]'),  # 1 is not 1.0
        ('[{"a": 1}, {"a": true}]', {'a': True}, '[{"a": 1}]'),
        ('[[1], [1, 2]]', (1, 2), '[[1]]'),
        ('[2, 1, 2]', 2, '[1, 2]'),  # the first copy only
        ('[\n  1,\n  2\n]', 2, '[\n  1\n]'),
        ('[\n  1\n]', 1, '[]'),
        ('{"h": [\n  {"x": 1},\n  {"y": 2},\n]}', {'y': 2}, None),
    ),
)
def test_remove_item(before, value, after):
    path = ('h',) if before.startswith('{') else ()
    doc = Document(before)
    assert doc.remove_item(path, value) is True
    if after is None:
        after = '{"h": [\n  {"x": 1},\n]}'
    assert doc.text == after


@pytest.mark.parametrize(
    ('text', 'path', 'value'),
    (
        ('[1, 2]', (), 3),
        ('[1, 2]', (), True),
        ('{"a": 1}', ('a',), 1),
        ('{"a": [1]}', ('b',), 1),
    ),
)
def test_remove_item_not_there(text, path, value):
    doc = Document(text)
    assert doc.remove_item(path, value) is False
    assert doc.text == text


@pytest.mark.parametrize(
    ('before', 'path', 'values', 'after'),
    (
        ('{"a": [1]}', ('a',), [2, 3], '{"a": [1, 2, 3]}'),
        (
            '{\n  "a": [\n    1\n  ]\n}',
            ('a',),
            [2],
            '{\n  "a": [\n    1,\n    2\n  ]\n}',
        ),
        ('{"a": []}', ('a',), [1], '{"a": [1]}'),
        ('{\n  "a": []\n}', ('a',), [1], '{\n  "a": [\n    1\n  ]\n}'),
        (
            '{}',
            ('h', 'x'),
            [1],
            '{\n  "h": {\n    "x": [\n      1\n    ]\n  }\n}',
        ),
        ('{"a": [1,]}', ('a',), [2], '{"a": [1, 2,]}'),
        ('[]', (), [{'k': 'v'}], '[\n  {\n    "k": "v"\n  }\n]'),
        ('{"a": [1]}', ('a',), [], '{"a": [1]}'),
    ),
)
def test_append_items(before, path, values, after):
    doc = Document(before)
    doc.append_items(path, values)
    assert doc.text == after
    for value in values:
        assert doc.remove_item(path, value)
    if Document(before).get(path) is not None:
        assert doc.text == before


@pytest.mark.parametrize(
    ('before', 'members', 'after'),
    (
        ('{"a": 1, "b": 2}', {'a': 5}, '{"a": 5, "b": 2}'),
        ('{"a": 1}', {'a': True}, '{"a": true}'),  # true is not 1
        ('{"a": 0}', {'a': False}, '{"a": false}'),
        ('{"a": 1}', {'a': 1.0}, '{"a": 1.0}'),
        ('{"a": [1]}', {'a': [True]}, '{"a": [true]}'),
        ('{"a": {"x": 1}}', {'a': {'x': True}}, '{"a": {"x": true}}'),
        ('{"a": {"x": 1}}', {'a': {'x': 1, 'y': 2}}, None),
        (
            '{\n  "a": 1, // keep\n  "b": 2\n}',
            {'a': {'x': [1]}},
            '{\n  "a": {\n    "x": [\n      1\n    ]\n  }, // keep\n'
            '  "b": 2\n}',
        ),
        (
            '{\n  "s": {\n    "a": 1\n  }\n}',
            {'a': {'x': 1}},
            None,
        ),
        ('{"a": 1, "a": 2}', {'a': 3}, '{"a": 1, "a": 3}'),  # the last
    ),
)
def test_set_members_replaces_what_differs(before, members, after):
    path = ('s',) if '"s"' in before else ()
    doc = Document(before)
    doc.set_members(path, members)
    if after is not None:
        assert doc.text == after
    node = doc.get(path)
    assert node is not None
    for key, value in members.items():
        got = node.value[key]
        assert json.dumps(got) == json.dumps(value)


@pytest.mark.parametrize(
    'text',
    (
        '{"a": 1, "b": [1, {"c": true}], "d": {"e": null}}',
        '{\n  "a": 1, // c\n  "b": [1, {"c": true}],\n  "d": {"e": null}\n}',
    ),
)
def test_set_members_with_equal_values_changes_nothing(text):
    doc = Document(text)
    doc.set_members((), {'a': 1, 'b': [1, {'c': True}], 'd': {'e': None}})
    doc.set_members(('d',), {'e': None})
    assert doc.text == text


@pytest.mark.parametrize(
    ('text', 'call', 'msg'),
    (
        ('[]', ('set_members', ('a',), {'b': 1}), 'the top level is not'),
        ('[]', ('set_members', (), {'b': 1}), 'the top level is not an obj'),
        ('{"a": 1}', ('set_members', ('a', 'b'), {'c': 1}), 'a is not an'),
        ('{"a": []}', ('set_members', ('a',), {'c': 1}), 'a is not an obj'),
        ('{"a": {}}', ('append_items', ('a',), [1]), 'a is not an array'),
        (
            '{"a": {"b": 1}}',
            ('append_items', ('a', 'b', 'c'), [1]),
            'a/b is not an object',
        ),
        ('{}', ('append_items', (), [1]), 'the top level is not an array'),
    ),
)
def test_edits_through_the_wrong_kind_are_edit_errors(text, call, msg):
    doc = Document(text)
    name, path, arg = call
    with pytest.raises(EditError, match=msg):
        getattr(doc, name)(path, arg)
    assert doc.text == text


def test_strict_documents_refuse_jsonc_and_stay_json():
    with pytest.raises(jsonc.ParseError) as excinfo:
        Document('{"a": 1,}', strict=True)
    assert (excinfo.value.line, excinfo.value.col) == (1, 8)
    doc = Document('{"mcpServers": {}}\n', strict=True)
    doc.set_members(('mcpServers',), {'repo-docs': REPO_DOCS})
    doc.append_items(('list',), ['x'])
    assert json.loads(doc.text) == doc.value
    doc.delete_member(('mcpServers',), 'repo-docs')
    doc.remove_item(('list',), 'x')
    assert json.loads(doc.text) == {'mcpServers': {}, 'list': []}


def test_get_and_value():
    doc = Document('{"a": {"b": [1]}}')
    node = doc.get(('a', 'b'))
    assert node is not None and node.value == [1]
    assert doc.get(('a', 'b', 'c')) is None
    assert doc.get(('x',)) is None
    assert doc.get(()) is doc.root
    assert doc.value == {'a': {'b': [1]}}


def test_non_ascii_keys_and_values_are_written_as_text():
    doc = Document('{}')
    doc.set_members((), {'café': 'naïve ✓'})
    assert '"café": "naïve ✓"' in doc.text


# a big config file (~/.claude.json) is read shallow: deep containers
# whole, without spans, until an edit reaches below them
DEEP = """\
{
  "projects": {
    "/home/alice/p": {
      "history": [
        {"display": "x", "pasted": {}}
      ],
      "mcpServers": {
        "mine": {"command": "x", "env": {"A": "1"}}
      }
    }
  }
}
"""


def test_edits_below_the_shallow_read():
    doc = Document(DEEP)
    path = ('projects', '/home/alice/p', 'mcpServers')
    doc.set_members(path, {'repo-docs': {'command': 'uvx'}})
    assert doc.value['projects']['/home/alice/p']['mcpServers'] == {
        'mine': {'command': 'x', 'env': {'A': '1'}},
        'repo-docs': {'command': 'uvx'},
    }
    doc.set_members((*path, 'mine', 'env'), {'B': '2'})  # deeper still
    assert doc.get((*path, 'mine', 'env', 'B')) is not None
    assert doc.delete_member((*path, 'mine', 'env'), 'B')
    assert doc.delete_member(path, 'repo-docs')
    assert doc.text == DEEP


@pytest.mark.parametrize(
    'path',
    (
        ('projects', '/home/alice/p', 'mcpServers', 'mine'),
        ('projects', '/home/alice/p', 'mcpServers', 'mine', 'env'),
        ('projects', '/home/alice/p', 'history'),
    ),
)
def test_get_below_the_shallow_read_has_spans(path):
    doc = Document(DEEP)
    node = doc.get(path)
    assert node is not None and not node.opaque
    assert jsonc.loads(DEEP[node.start : node.end]) == node.value
    assert bool(node.members or node.items)


# -- property ----------------------------------------------------------
KEYS = st.text(max_size=8)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=10)
)
VALUES = st.recursive(
    SCALARS,
    lambda c: st.lists(c, max_size=4) | st.dictionaries(KEYS, c, max_size=4),
    max_leaves=12,
)
INDENTS = st.sampled_from((None, 0, 1, 2, 4, '\t'))
STYLES = st.sampled_from(('none', 'line', 'trailing'))


def _dump(value: Any, indent: Any, style: str, level: int = 0) -> str:
    """`json.dumps(value, indent=indent)`, with a comment between the
    members of every object ('line': a comment line; 'trailing': at the
    end of the member's line; inline: a block comment)."""
    unit = ' ' * indent if isinstance(indent, int) else indent
    if not isinstance(value, dict) or not value:
        text = json.dumps(value, indent=indent)
        return (
            text if indent is None else text.replace('\n', '\n' + unit * level)
        )
    if indent is None:
        sep = ', /* c */ ' if style == 'line' else ', '
        return (
            '{'
            + sep.join(
                f'{json.dumps(k)}: {_dump(v, None, style)}'
                for k, v in value.items()
            )
            + '}'
        )
    pad = unit * (level + 1)
    sep = {
        'none': ',\n',
        'line': f',\n{pad}// between\n',
        'trailing': ', // after\n',
    }[style]
    members = [
        f'{pad}{json.dumps(k)}: {_dump(v, indent, style, level + 1)}'
        for k, v in value.items()
    ]
    return '{\n' + sep.join(members) + '\n' + unit * level + '}'


def _objects(value: dict[str, Any], path: tuple[str, ...] = ()) -> Any:
    yield path
    for key, child in value.items():
        if isinstance(child, dict):
            yield from _objects(child, (*path, key))


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(KEYS, VALUES, max_size=6),
    INDENTS,
    STYLES,
    st.booleans(),
    st.booleans(),
    KEYS,
    VALUES,
    st.data(),
)
def test_property_insert_then_delete_round_trips(
    obj, indent, style, crlf, final_newline, new_key, new_value, data
):
    if style == 'none':
        assert _dump(obj, indent, style) == json.dumps(obj, indent=indent)
    text = _dump(obj, indent, style) + ('\n' if final_newline else '')
    if crlf:
        text = text.replace('\n', '\r\n')
    path = data.draw(st.sampled_from(list(_objects(obj))))
    target = obj
    for key in path:
        target = target[key]
    if new_key in target:
        return
    doc = Document(text)
    doc.set_members(path, {new_key: new_value})
    want = json.loads(json.dumps(obj))
    node = want
    for key in path:
        node = node[key]
    node[new_key] = new_value
    assert doc.value == want
    assert jsonc.loads(doc.text) == want
    if '\r\n' in text:
        assert '\n' not in doc.text.replace('\r\n', '')
    assert doc.delete_member(path, new_key)
    assert doc.text == text


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(KEYS, VALUES, min_size=1, max_size=6),
    INDENTS,
    STYLES,
    st.data(),
)
def test_property_delete_keeps_the_other_members_comments(
    obj, indent, style, data
):
    text = _dump(obj, indent, style)
    path = data.draw(st.sampled_from(list(_objects(obj))))
    target = obj
    for part in path:
        target = target[part]
    if not target:
        return
    key = data.draw(st.sampled_from(list(target)))
    last = key == list(target)[-1]
    doc = Document(text)
    assert doc.delete_member(path, key)
    want = json.loads(json.dumps(obj))
    node = want
    for part in path:
        node = node[part]
    removed = node.pop(key)
    assert doc.value == want
    # the comments that go: those in the removed value, the one on its
    # own line, and (inline) the one between it and the member before
    if indent is None:
        lost = style == 'line' and last and len(target) > 1
    else:
        lost = style == 'trailing' and not last

    def comments(t: str) -> int:
        return sum(t.count(c) for c in ('// between', '// after', '/* c */'))

    inside = comments(_dump(removed, indent, style))
    assert comments(doc.text) == comments(text) - inside - lost

from __future__ import annotations

import sys

import pytest

from bootstrap.jsonedit import EditError
from bootstrap.tomledit import Document

if sys.version_info >= (3, 11):  # pragma: >=3.11 cover
    import tomllib
else:  # pragma: <3.11 cover
    import tomli as tomllib

# CASES C07: dotted keys that a naive tomlkit edit moves under our table
C07 = """\
# personal defaults
model = "gpt-5"
mcp_servers.docs.command = "npx"
mcp_servers.docs.args = ["-y", "docs-mcp"]   # pinned
approval_policy = "never"

[profiles.fast]
model = "o4-mini"
"""
REPO_DOCS = {'command': 'uvx', 'args': ['repo-docs-mcp']}


def test_c07_table_appended_every_other_byte_kept():
    doc = Document(C07)
    doc.set_members(('mcp_servers',), {'repo-docs': REPO_DOCS})
    assert doc.text.startswith(C07)
    assert doc.text[len(C07) :] == (
        '\n[mcp_servers."repo-docs"]\n'
        'command = "uvx"\n'
        'args = ["repo-docs-mcp"]\n'
    )
    want = tomllib.loads(C07)
    want['mcp_servers']['repo-docs'] = REPO_DOCS
    assert tomllib.loads(doc.text) == want
    assert tomllib.loads(doc.text)['approval_policy'] == 'never'


def test_removing_our_table_gives_the_bytes_back():
    doc = Document(C07)
    doc.set_members(('mcp_servers',), {'repo-docs': REPO_DOCS})
    assert doc.delete_member(('mcp_servers',), 'repo-docs')
    assert doc.text == C07


def test_replacing_our_table():
    doc = Document('')
    doc.set_members(('mcp_servers',), {'a': {'url': 'u'}, 'b': {'x': 1}})
    doc.set_members(('mcp_servers',), {'a': {'url': 'v'}})
    assert tomllib.loads(doc.text) == {
        'mcp_servers': {'a': {'url': 'v'}, 'b': {'x': 1}}
    }
    doc.delete_member(('mcp_servers',), 'a')
    doc.delete_member(('mcp_servers',), 'b')
    assert doc.text == '' and doc.value == {}


def test_an_explicit_parent_table_of_the_user_stays():
    text = 'x = 1\n[mcp_servers]\n'
    doc = Document(text)
    doc.set_members(('mcp_servers',), {'a': {'url': 'u'}})
    doc.delete_member(('mcp_servers',), 'a')
    assert doc.text == text


def test_refuses_an_edit_that_would_change_other_keys():
    doc = Document('mcp_servers = { docs = { command = "npx" } }\n')
    with pytest.raises(EditError, match='would break the TOML'):
        doc.set_members(('mcp_servers',), {'a': {'url': 'u'}})
    with pytest.raises(EditError, match='not written as a'):
        doc.delete_member(('mcp_servers',), 'docs')


def test_values_quoting_and_crlf():
    doc = Document('a = 1\r\n')
    value = {'env': {'A B': 'x"y', 'C': 'ok'}, 'n': 2.5, 'on': True}
    doc.set_members(('t',), {'k.1': value})
    assert '\r\n[t."k.1"]\r\n' in doc.text
    assert tomllib.loads(doc.text)['t']['k.1'] == value

"""The planner holds each rendered content once per run."""

from __future__ import annotations

from bootstrap import planner
from bootstrap import render
from bootstrap.target_base import Context

CTX = Context('/home', '/project', 'user', frozenset({'agents'}), {})


def _builder(name: str) -> planner.Builder:
    return planner.Builder(name, name, {'user': frozenset({'agents'})}, CTX)


def test_equal_contents_of_two_tools_are_one_object():
    planner.forget()
    a, b = _builder('a'), _builder('b')
    a.file('/a/x.md', b''.join([b'same ', b'bytes']))
    b.file('/b/x.md', b''.join([b'same ', b'bytes']))
    b.file('/b/y.md', b'other')
    [fa] = a.plan('/a').files
    fb, fy = b.plan('/b').files
    assert fa.data == fb.data == b'same bytes'
    assert fa.data is fb.data
    assert fy.data == b'other'
    planner.forget()
    c = _builder('c')
    c.file('/c/x.md', b''.join([b'same ', b'bytes']))
    assert c.plan('/c').files[0].data is not fa.data  # a new run
    planner.forget()


def test_text_bytes_is_text_encoded():
    for data in (
        b'a\r\nb\n',
        b'caf\xc3\xa9 \xf0\x9f\x99\x82',
        b'bad \xff\r\n',
    ):
        assert render.text_bytes(data) == render.text(data).encode()

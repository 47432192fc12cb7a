"""The planner holds each rendered content once per run."""

from __future__ import annotations

from bootstrap import planner
from bootstrap import render
from bootstrap.target_base import Context
from bootstrap.target_base import Limit

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


LIMITS = {
    ('user', 'rules'): Limit(10, 'characters', 'a rule', 'shorten it'),
    ('project', 'agents'): Limit(1, 'bytes', 'an agent', 'never'),
}


def _limited(ctx: Context = CTX) -> planner.Builder:
    kinds = {'user': frozenset({'agents', 'rules'})}
    return planner.Builder('t', 'Tool', kinds, ctx, LIMITS)


def test_a_file_over_the_size_its_tool_reads_is_a_warning():
    b = _limited()
    eleven, ten = ('é' * 10 + 'x').encode(), ('é' * 10).encode()
    b.file('/home/.t/one.md', eleven, kind='rules')
    b.file('/home/.t/fits.md', ten, kind='rules')  # 20 bytes, 10 chars
    b.file('/home/.t/agent.md', b'no limit in user scope', kind='agents')
    b.file('/home/.t/other.md', b'no kind, no limit' * 10)
    assert b.plan('/home/.t').warnings == (
        '~/.t/one.md (11 characters): Tool reads only the first 10 '
        'characters of a rule and ignores the rest -- shorten it',
    )
    planner.forget()


def test_many_files_over_the_limit_are_counted_largest_first():
    b = _limited()
    for n in range(11, 16):
        b.file(f'/project/r{n}.md', b'x' * n, kind='rules')
    [warning] = b.plan('/home/.t').warnings
    assert warning.startswith(
        '5 rule files, the largest r15.md (15 characters), r14.md (14 '
        'characters), r13.md (13 characters): Tool reads only the first 10'
    )
    planner.forget()


def test_limits_of_the_other_scope_do_not_apply():
    b = _limited(CTX._replace(scope='project'))
    b.file('/project/r.md', b'x' * 100, kind='rules')
    assert b.plan('/project').warnings == ()
    planner.forget()

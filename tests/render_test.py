from __future__ import annotations

import pytest

from bootstrap import frontmatter
from bootstrap import render
from bootstrap.bundle import Doc


@pytest.mark.parametrize(
    ('data', 'meta', 'expected'),
    (
        pytest.param(
            b'---\nk: v\n---\r\nbody\r\n',
            {'k': 'v'},
            b'---\nk: v\n---\r\nbody\r\n',
            id='lf-front-matter-crlf-body',
        ),
        pytest.param(
            b'---\r\nk: v\r\n---\r\nbody\n',
            {'k': 'w', 'size': 1},
            b'---\r\nk: w\r\nsize: 1\r\n---\r\nbody\n',
            id='crlf-front-matter-lf-body',
        ),
        pytest.param(
            b'body\r\nmore\r\n',
            {'k': 'v'},
            b'---\r\nk: v\r\n---\r\nbody\r\nmore\r\n',
            id='none-crlf-body',
        ),
        pytest.param(
            b'body\n', {'k': 'v'}, b'---\nk: v\n---\nbody\n', id='none-lf'
        ),
        pytest.param(
            b'---\nk: v\n---', {'k': 'v'}, b'---\nk: v\n---\n', id='at-eof'
        ),
    ),
)
def test_with_meta_keeps_line_endings_of_the_front_matter(
    data, meta, expected
):
    assert render.with_meta(frontmatter.split(data), meta) == expected


def _doc(rel: str, data: bytes) -> Doc:
    return Doc(rel, f'{rel}.md', data, frontmatter.split(data))


def test_instructions_join_rules_with_one_line_ending():
    """AGENTS.md and the like join many rules under headings of ours:
    one file, one line ending (LF), whatever each rule used."""
    joined = render.instructions(
        [
            _doc('a', b'---\r\nalwaysApply: true\r\n---\r\nA\r\none\r\n'),
            _doc('b', b'B\ntwo\n'),
        ]
    )
    assert joined == b'<!-- a -->\n\nA\none\n\n<!-- b -->\n\nB\ntwo\n'

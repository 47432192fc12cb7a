from __future__ import annotations

import io

import pytest

from bootstrap import output
from bootstrap import report as R
from testing.fixtures import project
from testing.fixtures import run


class Tty(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize(
    ('setting', 'stream', 'env', 'color'),
    (
        ('auto', Tty(), {}, True),
        ('auto', io.StringIO(), {}, False),
        ('auto', Tty(), {'NO_COLOR': '1'}, False),
        ('auto', Tty(), {'PRE_COMMIT': '1'}, False),
        ('auto', Tty(), {'TERM': 'dumb'}, False),
        ('always', io.StringIO(), {'NO_COLOR': '1'}, True),
        ('never', Tty(), {}, False),
    ),
)
def test_use_color(setting, stream, env, color):
    assert output.use_color(setting, stream, env) is color


@pytest.mark.parametrize(
    ('setting', 'stream', 'env', 'live'),
    (
        ('auto', Tty(), {}, True),
        ('always', Tty(), {'NO_COLOR': '1'}, True),
        ('auto', io.StringIO(), {}, False),
        ('always', io.StringIO(), {}, False),
        ('auto', Tty(), {'PRE_COMMIT': '1'}, False),
        ('auto', Tty(), {'CI': 'true'}, False),
        ('never', Tty(), {}, False),
    ),
)
def test_use_live(setting, stream, env, live):
    assert output.use_live(setting, stream, env) is live


def test_color_default_from_environment():
    assert output.default_color({'BOOTSTRAP_TOOLS_COLOR': 'never'}) == 'never'
    assert output.default_color({'BOOTSTRAP_TOOLS_COLOR': 'x'}) == 'auto'


def test_block_colour():
    rep = R.Report('cursor', 'Cursor', 'user', R.FAILED, error='boom')
    assert R.block(rep) == ['[Cursor] user: failed', '  error: boom']
    painted = R.block(rep, color=True)
    assert painted[0] == '[Cursor] user: \033[31mfailed\033[m'
    assert painted[1] == '  \033[31merror:\033[m boom'


def test_no_escape_codes_when_not_a_terminal(tmp_path, sandbox, capsys):
    proj = project(tmp_path)
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    assert '\033' not in capsys.readouterr().out


def test_color_always(tmp_path, sandbox, capsys, monkeypatch):
    monkeypatch.setenv('NO_COLOR', '1')
    proj = project(tmp_path)
    assert run(proj, 'sync', '--home', str(sandbox), '--color', 'always') == 0
    assert '\033[32mchanged\033[m' in capsys.readouterr().out


def test_bad_color_value(tmp_path, capsys):
    proj = project(tmp_path)
    assert run(proj, 'sync', '--color', 'sometimes') == 2
    assert "'sometimes': not one of auto, always, never" in (
        capsys.readouterr().err
    )

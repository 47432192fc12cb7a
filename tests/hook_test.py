from __future__ import annotations

import pytest

from bootstrap.commands import hook
from testing.fixtures import project
from testing.fixtures import run
from testing.fixtures import snapshot


@pytest.mark.parametrize(
    ('env', 'stage'),
    (
        ({}, 'pre-commit'),
        ({'PRE_COMMIT_CHECKOUT_TYPE': '1'}, 'post-checkout'),
        ({'PRE_COMMIT_IS_SQUASH_MERGE': '0'}, 'post-merge'),
        ({'PRE_COMMIT_REWRITE_COMMAND': 'rebase'}, 'post-rewrite'),
    ),
)
def test_stage(env, stage):
    assert hook.stage(env) == stage


def test_quiet_when_nothing_changed(tmp_path, sandbox, capsys, monkeypatch):
    monkeypatch.setenv('PRE_COMMIT', '1')
    (sandbox / '.claude').mkdir()
    proj = project(tmp_path)
    assert run(proj, 'hook') == 0  # user scope: no repository files
    [line] = capsys.readouterr().out.splitlines()
    assert line.startswith('[Claude Code] user: create ~/.claude/rules/')
    assert not (sandbox / '.cursor').exists()  # not used here: skipped
    assert run(proj, 'hook') == 0
    assert capsys.readouterr().out == ''


def test_project_scope_exits_1_once(tmp_path, sandbox, capsys, monkeypatch):
    monkeypatch.setenv('PRE_COMMIT', '1')
    proj = project(tmp_path, tools=['cursor'], scope='project')
    assert run(proj, 'hook') == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith('[Cursor] project: create .cursor/rules/')
    assert out[1].startswith('bootstrap-tools: updated files in this repo')
    assert run(proj, 'hook') == 0
    assert capsys.readouterr().out == ''


def test_after_checkout_a_change_is_not_a_failure(
    tmp_path, sandbox, monkeypatch
):
    monkeypatch.setenv('PRE_COMMIT', '1')
    monkeypatch.setenv('PRE_COMMIT_CHECKOUT_TYPE', '1')
    proj = project(tmp_path, tools=['cursor'], scope='project')
    assert run(proj, 'hook') == 0
    assert (proj / '.cursor/rules/style.mdc').exists()


def test_file_checkout_does_nothing(tmp_path, sandbox, capsys, monkeypatch):
    monkeypatch.setenv('PRE_COMMIT_CHECKOUT_TYPE', '0')
    proj = project(tmp_path, tools=['cursor'], scope='project')
    before = snapshot(proj)
    assert run(proj, 'hook') == 0
    assert snapshot(proj) == before
    assert capsys.readouterr().out == ''


def test_failure_exits_1_and_says_why(tmp_path, sandbox, capsys, monkeypatch):
    monkeypatch.setenv('BOOTSTRAP_TOOLS_FAULT', 'claude-code:write files')
    (sandbox / '.claude').mkdir()
    proj = project(tmp_path)
    assert run(proj, 'hook') == 1
    out = capsys.readouterr().out
    assert "[Claude Code] user: failed: injected fault at step 'write" in out


def test_check_only_project_scope(tmp_path, sandbox, capsys):
    proj = project(tmp_path)
    (proj / 'bootstrap-tools.toml').write_text(
        '[tools.claude-code]\n\n[tools.cursor]\nscope = "project"\n'
    )
    assert run(proj, 'hook', '--check') == 1
    out = capsys.readouterr().out
    assert '[Cursor] project: out of date' in out
    assert 'Claude' not in out
    assert not (proj / '.cursor').exists()
    assert run(proj, 'sync', 'cursor') == 0
    capsys.readouterr()
    assert run(proj, 'hook', '--check') == 0
    assert capsys.readouterr().out == ''


def test_check_with_nothing_in_project_scope(tmp_path, sandbox, capsys):
    proj = project(tmp_path)
    assert run(proj, 'hook', '--check') == 0
    assert capsys.readouterr().out == ''


def test_a_change_says_what_the_tool_will_not_read(
    tmp_path, sandbox, capsys, monkeypatch
):
    monkeypatch.setenv('PRE_COMMIT', '1')
    (sandbox / '.codex').mkdir()  # Codex is used here
    proj = project(tmp_path, tools=['codex'])
    (proj / '.ai/rules/big.md').write_text('x' * 40_000)
    assert run(proj, 'hook') == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith('[Codex CLI] user: create ~/.codex/AGENTS.md')
    assert out[1].startswith('  warning: ~/.codex/AGENTS.md (40,')
    assert run(proj, 'hook') == 0
    assert capsys.readouterr().out == ''  # said once, when it changed


def test_bundle_warnings_once_above_the_first_change(
    tmp_path, sandbox, capsys, monkeypatch
):
    monkeypatch.setenv('PRE_COMMIT', '1')
    proj = project(tmp_path, tools=['cursor', 'claude-code'], scope='project')
    (proj / '.ai/agents/broken.md').write_text('---\nname: x\n\nBody.\n')
    assert run(proj, 'hook') == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(
        'bootstrap-tools: warning: .ai/agents/broken.md:1: front matter'
    )
    assert sum('warning' in line for line in out) == 1
    assert out[1].startswith('[')
    assert run(proj, 'hook') == 0  # nothing changed: quiet, warning too
    assert capsys.readouterr().out == ''

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bootstrap import committed
from testing.fixtures import git
from testing.fixtures import project
from testing.fixtures import run

RULE = Path('.cursor/rules/style.mdc')


@pytest.fixture
def clone(tmp_path, sandbox, monkeypatch):
    """A teammate's fresh clone of a project whose generated files are
    committed: the files are there, no manifest of ours on this
    machine records them."""
    monkeypatch.setenv('PRE_COMMIT', '1')
    proj = project(tmp_path, tools=['cursor'], scope='project')
    git(proj, 'init', '-q')
    assert run(proj, 'sync') == 0
    git(proj, 'add', '-A')
    git(proj, 'commit', '-qm', 'generated')
    shutil.rmtree(tmp_path / 'state')  # this machine never ran us
    dest = tmp_path / 'clone'
    git(tmp_path, 'clone', '-q', str(proj), str(dest))
    return dest


def test_a_bundle_edit_updates_the_committed_output(clone, capsys):
    rule = clone / '.ai/rules/style.md'
    rule.write_text(rule.read_text() + '\nPrefer early returns.\n')
    assert run(clone, 'check') == 1  # as sync sees it: a change
    out = capsys.readouterr().out
    assert f'update {RULE}' in out
    assert 'conflict' not in out
    assert run(clone, 'hook') == 1  # review and `git add` what changed
    out = capsys.readouterr().out
    assert f'[Cursor] project: update {RULE}' in out
    assert 'conflict' not in out
    assert 'Prefer early returns.' in (clone / RULE).read_text()
    assert run(clone, 'hook') == 0
    assert capsys.readouterr().out == ''
    assert run(clone, 'check') == 0


def test_a_file_edited_by_hand_stays_a_conflict(clone, capsys):
    (clone / RULE).write_text('my own words\n')
    rule = clone / '.ai/rules/style.md'
    rule.write_text(rule.read_text() + '\nPrefer early returns.\n')
    assert run(clone, 'sync') == 0
    assert 'style.mdc: exists and is not ours' in capsys.readouterr().out
    assert (clone / RULE).read_text() == 'my own words\n'


def test_nothing_to_add_is_not_a_failed_commit(clone, capsys):
    assert run(clone, 'hook') == 0  # only our record changes here
    out = capsys.readouterr().out
    assert 'update our record of what this tool owns' in out
    assert run(clone, 'hook') == 0
    assert capsys.readouterr().out == ''


def test_without_git_there_is_nothing_committed(tmp_path, sandbox, capsys):
    proj = project(tmp_path, tools=['cursor'], scope='project')
    (proj / RULE).parent.mkdir(parents=True)
    (proj / RULE).write_text('mine\n')
    assert run(proj, 'sync') == 0
    assert 'style.mdc: exists and is not ours' in capsys.readouterr().out
    assert committed._archive(str(proj / '.ai')) is None


def test_a_committed_bundle_that_does_not_load_is_no_help(clone, capsys):
    (clone / '.ai/mcp.json').write_text('{not json')
    git(clone, 'commit', '-qam', 'broken')
    (clone / '.ai/mcp.json').write_text('{"mcpServers": {}}\n')
    (clone / RULE).write_text('mine\n')
    assert run(clone, 'sync') == 0
    assert 'style.mdc: exists and is not ours' in capsys.readouterr().out


def test_a_rule_dropped_from_the_bundle_is_removed(clone, capsys):
    (clone / '.ai/rules/style.md').unlink()
    assert run(clone, 'hook') == 1
    assert f'remove {RULE}' in capsys.readouterr().out
    assert not (clone / RULE).exists()
    assert (clone / '.cursor/rules/typescript.mdc').exists()


def test_a_changed_server_updates_its_key_only(clone, capsys):
    mcp = clone / '.cursor/mcp.json'
    data = json.loads(mcp.read_text())
    data['mcpServers']['mine'] = {'command': 'my-own'}
    mcp.write_text(json.dumps(data, indent=2) + '\n')
    bundle = clone / '.ai/mcp.json'
    bundle.write_text(bundle.read_text().replace('mcp-server-fetch', 'new'))
    assert run(clone, 'sync') == 0
    out = capsys.readouterr().out
    assert 'replace mcpServers/docs' in out
    assert 'warning' not in out
    servers = json.loads(mcp.read_text())['mcpServers']
    assert servers['docs']['args'] == ['new']
    assert servers['mine'] == {'command': 'my-own'}  # theirs: kept
    assert run(clone, 'uninstall') == 0
    assert json.loads(mcp.read_text())['mcpServers'] == {
        'mine': {'command': 'my-own'}
    }


def test_a_key_of_another_value_is_left_alone(clone, capsys):
    mcp = clone / '.cursor/mcp.json'
    mcp.write_text(mcp.read_text().replace('mcp-server-fetch', 'my-fetch'))
    mine = mcp.read_bytes()
    bundle = clone / '.ai/mcp.json'
    bundle.write_text(bundle.read_text().replace('mcp-server-fetch', 'new'))
    assert run(clone, 'sync') == 0
    assert 'mcpServers/docs edited by hand' in capsys.readouterr().out
    assert mcp.read_bytes() == mine
    assert run(clone, 'uninstall') == 0
    assert b'my-fetch' in mcp.read_bytes()  # never removed: not ours


def test_a_repository_without_commits_has_nothing_committed(
    tmp_path, sandbox, capsys
):
    proj = project(tmp_path, tools=['cursor'], scope='project')
    git(proj, 'init', '-q')
    (proj / RULE).parent.mkdir(parents=True)
    (proj / RULE).write_text('mine\n')
    assert run(proj, 'sync') == 0
    assert 'style.mdc: exists and is not ours' in capsys.readouterr().out
    assert (proj / RULE).read_text() == 'mine\n'


def test_git_places_set_by_a_hook_are_not_ours(clone, capsys, monkeypatch):
    monkeypatch.setenv('GIT_DIR', '.git')  # relative: to the top, not .ai/
    monkeypatch.setenv('GIT_INDEX_FILE', '.git/index.lock')
    rule = clone / '.ai/rules/style.md'
    rule.write_text(rule.read_text() + '\nPrefer early returns.\n')
    assert run(clone, 'sync') == 0
    assert f'update {RULE}' in capsys.readouterr().out

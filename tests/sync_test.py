from __future__ import annotations

import json
import os
import shutil
import threading

import pytest

from bootstrap import pipeline
from bootstrap import report as R
from testing.fixtures import contents
from testing.fixtures import project
from testing.fixtures import run
from testing.fixtures import shared
from testing.fixtures import snapshot
from testing.fixtures import users_home


def _json(path):
    return json.loads(path.read_text())


def test_demo_lands_in_both_tools(tmp_path, sandbox, capsys):
    proj = project(tmp_path)
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    h = sandbox
    assert (h / '.claude/agents/reviewer.md').read_bytes() == (
        proj / '.ai/agents/reviewer.md'
    ).read_bytes()
    assert (h / '.claude/commands/git/changelog.md').exists()
    assert (h / '.claude/skills/release-notes/template.md').exists()
    rule = (h / '.claude/rules/typescript.md').read_text()
    assert rule.startswith('---\npaths:\n  - src/**/*.ts\n  - src/**/*.tsx\n')
    assert rule.endswith('strict null checks everywhere.\n')
    assert (h / '.claude/rules/style.md').read_bytes() == (
        proj / '.ai/rules/style.md'
    ).read_bytes()
    servers = _json(h / '.claude.json')['mcpServers']
    assert servers['docs'] == {
        'type': 'stdio',
        'command': 'uvx',
        'args': ['mcp-server-fetch'],
    }
    assert servers['github']['headers'] == {
        'Authorization': 'Bearer ${GITHUB_TOKEN}',
    }
    hooks = _json(h / '.claude/settings.json')['hooks']['PostToolUse']
    assert hooks[0]['matcher'] == 'Edit|Write'
    cursor = _json(h / '.cursor/mcp.json')['mcpServers']
    assert cursor['github'] == {
        'url': 'https://api.githubcopilot.com/mcp/',
        'headers': {'Authorization': 'Bearer ${env:GITHUB_TOKEN}'},
    }
    assert _json(h / '.cursor/hooks.json') == {
        'version': 1,
        'hooks': {
            'postToolUse': [
                {'command': 'git diff --stat', 'matcher': 'Edit|Write'}
            ]
        },
    }
    assert not (h / '.cursor/rules').exists()  # Cursor: no user rules
    out = capsys.readouterr().out
    assert '[Claude Code] user: changed' in out
    assert '[Cursor] user: changed' in out


def test_second_sync_writes_nothing(tmp_path, sandbox, capsys):
    proj = project(tmp_path)
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    state = tmp_path / 'state'
    before, state_before = snapshot(sandbox), snapshot(state)
    capsys.readouterr()
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    assert snapshot(sandbox) == before
    assert snapshot(state) == state_before
    assert capsys.readouterr().out == 'bootstrap-tools: 2 tools up to date\n'


def test_project_scope(tmp_path, sandbox):
    proj = project(tmp_path)
    assert run(proj, 'sync', '--scope', 'project') == 0
    assert (proj / '.claude/agents/reviewer.md').exists()
    assert (proj / '.mcp.json').exists()
    mdc = (proj / '.cursor/rules/typescript.mdc').read_text()
    assert mdc.startswith(
        '---\ndescription: TypeScript conventions\n'
        'globs: src/**/*.ts,src/**/*.tsx\nalwaysApply: false\n---\n',
    )
    style = (proj / '.cursor/rules/style.mdc').read_text()
    assert style.startswith('---\nalwaysApply: true\n---\n# House style')
    assert not (sandbox / '.claude').exists()


def test_users_things_survive_and_uninstall_restores(tmp_path, sandbox):
    users_home(sandbox)
    before = contents(sandbox)
    proj = project(tmp_path)
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    claude = _json(sandbox / '.claude.json')
    assert claude['numStartups'] == 12
    assert claude['projects'] == {'/home/alice/x': {'allowedTools': []}}
    assert claude['mcpServers']['my-notes']['disabledTools'] == ['delete_note']
    assert set(claude['mcpServers']) == {'my-notes', 'docs', 'github'}
    settings = _json(sandbox / '.claude/settings.json')
    assert settings['model'] == 'opus'
    assert settings['hooks']['PostToolUse'][0]['hooks'][0]['command'] == (
        '/home/alice/guard'
    )
    assert len(settings['hooks']['PostToolUse']) == 2
    cursor = _json(sandbox / '.cursor/mcp.json')
    assert cursor['experimentalFlag'] is True
    assert set(cursor['mcpServers']) == {'mine', 'docs', 'github'}
    assert (
        (sandbox / '.claude/agents/mine.md').read_text().endswith('Hello.\n')
    )

    assert run(proj, 'uninstall', '--home', str(sandbox)) == 0
    assert contents(sandbox) == before


def test_users_file_in_our_way_is_a_conflict(tmp_path, sandbox, capsys):
    (sandbox / '.claude/agents').mkdir(parents=True)
    mine = sandbox / '.claude/agents/reviewer.md'
    mine.write_text('my own reviewer\n')
    proj = project(tmp_path)
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    assert mine.read_text() == 'my own reviewer\n'
    out = capsys.readouterr().out
    assert 'reviewer.md: exists and is not ours; skipped' in out
    assert '--force' in out
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        'bootstrap-tools: 2 tools up to date; 1 conflict left alone '
        '(listed above; `sync --force` overwrites, after a backup)'
    )
    assert run(proj, 'uninstall', '--home', str(sandbox)) == 0
    assert mine.read_text() == 'my own reviewer\n'


def test_force_overwrites_after_a_backup(tmp_path, sandbox, capsys):
    (sandbox / '.claude/agents').mkdir(parents=True)
    mine = sandbox / '.claude/agents/reviewer.md'
    mine.write_text('my own reviewer\n')
    proj = project(tmp_path)
    assert run(proj, 'sync', '--home', str(sandbox), '--force') == 0
    assert mine.read_bytes() == (proj / '.ai/agents/reviewer.md').read_bytes()
    backups = list((tmp_path / 'state' / 'backups').rglob('*reviewer.md'))
    assert [b.read_text() for b in backups] == ['my own reviewer\n']
    out = capsys.readouterr().out
    assert f'  backed up 1 file to {backups[0].parent}\n' in out
    # uninstall puts the user's own file back, even after an update
    (proj / '.ai/agents/reviewer.md').write_text('a new version\n')
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    assert mine.read_text().endswith('---\na new version\n')
    assert run(proj, 'uninstall', '--home', str(sandbox)) == 0
    assert mine.read_text() == 'my own reviewer\n'
    assert run(proj, 'uninstall', '--home', str(sandbox)) == 0
    assert mine.read_text() == 'my own reviewer\n'


def test_users_identical_file_is_kept_by_prune_and_uninstall(
    tmp_path, sandbox, capsys
):
    proj = project(tmp_path)
    (sandbox / '.claude/agents').mkdir(parents=True)
    mine = sandbox / '.claude/agents/reviewer.md'
    theirs = (proj / '.ai/agents/reviewer.md').read_bytes()
    mine.write_bytes(theirs)
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    assert run(proj, 'uninstall', '--home', str(sandbox)) == 0
    assert mine.read_bytes() == theirs  # it was theirs before we came
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    (proj / '.ai/agents/reviewer.md').write_text('a new version\n')
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    assert mine.read_text().endswith('---\na new version\n')
    capsys.readouterr()
    (proj / '.ai/agents/reviewer.md').unlink()  # pruned: theirs again
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    assert mine.read_bytes() == theirs
    assert f'restore {mine}'.replace(str(sandbox), '~') in (
        capsys.readouterr().out
    )
    assert run(proj, 'uninstall', '--home', str(sandbox)) == 0
    assert mine.read_bytes() == theirs


def test_missing_copy_of_the_original_keeps_the_file(
    tmp_path, sandbox, capsys
):
    (sandbox / '.claude/agents').mkdir(parents=True)
    mine = sandbox / '.claude/agents/reviewer.md'
    mine.write_text('my own reviewer\n')
    proj = project(tmp_path)
    assert run(proj, 'sync', '--home', str(sandbox), '--force') == 0
    [kept] = (tmp_path / 'state' / 'originals').iterdir()
    kept.write_text('tampered\n')  # no longer what its hash says
    ours = mine.read_bytes()
    capsys.readouterr()
    assert run(proj, 'uninstall', '--home', str(sandbox)) == 0
    assert mine.read_bytes() == ours
    assert 'what it held before we took it over is missing; left in' in (
        capsys.readouterr().out
    )


def test_hand_edit_after_force_is_kept_and_the_original_named(
    tmp_path, sandbox, capsys
):
    (sandbox / '.claude/agents').mkdir(parents=True)
    mine = sandbox / '.claude/agents/reviewer.md'
    mine.write_text('my own reviewer\n')
    proj = project(tmp_path)
    assert run(proj, 'sync', '--home', str(sandbox), '--force') == 0
    mine.write_text(mine.read_text() + 'a hand edit\n')
    edited = mine.read_bytes()
    capsys.readouterr()
    assert run(proj, 'uninstall', '--home', str(sandbox)) == 0
    assert mine.read_bytes() == edited  # neither edit is lost
    out = capsys.readouterr().out
    assert 'reviewer.md: no longer installed, but edited by hand' in out
    [kept] = (tmp_path / 'state' / 'originals').iterdir()
    assert f'before we took it over is in {kept}' in out
    assert kept.read_text() == 'my own reviewer\n'


def test_edited_file_is_drift_not_overwritten(tmp_path, sandbox, capsys):
    proj = project(tmp_path)
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    ours = sandbox / '.claude/agents/reviewer.md'
    ours.write_text('edited by hand\n')
    capsys.readouterr()
    assert run(proj, 'status', '--home', str(sandbox), '--json') == 0
    rows = {r['tool']: r for r in json.loads(capsys.readouterr().out)['tools']}
    assert rows['claude-code']['drifted'] == [str(ours)]
    assert rows['cursor']['drifted'] == []
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    assert ours.read_text() == 'edited by hand\n'
    assert 'edited by hand since it was installed' in capsys.readouterr().out


def test_our_file_emptied_by_a_power_loss_is_made_again(
    tmp_path, sandbox, capsys
):
    proj = project(tmp_path)
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    ours = sandbox / '.claude/agents/reviewer.md'
    ours.write_bytes(b'')  # what an unflushed write can leave
    capsys.readouterr()
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    assert ours.read_bytes() == (proj / '.ai/agents/reviewer.md').read_bytes()
    assert 'edited by hand' not in capsys.readouterr().out


def test_fsync_only_for_other_peoples_bytes(tmp_path, sandbox, monkeypatch):
    (sandbox / '.cursor').mkdir()
    (sandbox / '.cursor/mcp.json').write_text('{"mcpServers": {}}\n')
    synced = []
    real_fsync = os.fsync

    def fsync(fd):
        synced.append(os.readlink(f'/proc/self/fd/{fd}'))
        real_fsync(fd)

    monkeypatch.setattr(os, 'fsync', fsync)
    proj = project(tmp_path)
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    # temp files: .NAME.<random>.bt-tmp
    names = {os.path.basename(p)[1:].rsplit('.', 2)[0] for p in synced}
    # config files merged and the journal; not the agents, rules,
    # commands and skills made from the bundle
    assert {
        'mcp.json',
        '.claude.json',
        'settings.json',
        'hooks.json',
        'journal.json',
    } <= names, names
    assert not {'reviewer.md', 'style.md', 'changelog.md', 'SKILL.md'} & names


def test_removed_from_bundle_is_pruned(tmp_path, sandbox):
    proj = project(tmp_path)
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    (proj / '.ai/agents/reviewer.md').unlink()
    (proj / '.ai/hooks.json').unlink()
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    assert not (sandbox / '.claude/agents').exists()  # we created it
    assert not (sandbox / '.cursor/agents/reviewer.md').exists()
    assert not (sandbox / '.claude/settings.json').exists()
    assert not (sandbox / '.cursor/hooks.json').exists()


def test_dry_run_writes_nothing(tmp_path, sandbox, capsys):
    proj = project(tmp_path)
    assert run(proj, 'sync', '--home', str(sandbox), '--dry-run') == 0
    assert snapshot(sandbox) == {}
    out = capsys.readouterr().out
    assert 'would change' in out
    assert 'create ~/.claude/agents/reviewer.md' in out


def test_undetected_tool_is_skipped_without_home(tmp_path, sandbox, capsys):
    (sandbox / '.claude').mkdir()  # Claude Code is used here; Cursor is not
    proj = project(tmp_path)
    assert run(proj, 'sync') == 0
    assert (sandbox / '.claude/agents/reviewer.md').exists()
    assert not (sandbox / '.cursor').exists()
    assert 'Cursor not found on this machine' in capsys.readouterr().out
    assert run(proj, 'sync', 'cursor') == 0  # named: installed anyway
    assert (sandbox / '.cursor/agents/reviewer.md').exists()


def test_first_failure_cancels_the_others(
    tmp_path, sandbox, monkeypatch, capsys
):
    # -j 1 runs in config order: claude-code fails, cursor is then cancelled
    proj = project(tmp_path)
    monkeypatch.setenv('BOOTSTRAP_TOOLS_FAULT', 'claude-code:manifest')
    assert run(proj, 'sync', '--home', str(sandbox), '-j', '1') == 1
    out = capsys.readouterr().out
    assert '[Cursor] user: cancelled' in out
    assert 'another tool failed; every change rolled back' in out
    assert snapshot(sandbox) == {}


def test_blocked_path_fails_that_tool_only(tmp_path, sandbox, capsys):
    (sandbox / '.cursor').mkdir()
    (sandbox / '.cursor/skills').write_text('a file where a folder goes')
    before = contents(sandbox)
    proj = project(tmp_path)
    assert run(proj, 'sync', '--home', str(sandbox), '-j', '1') == 1
    out = capsys.readouterr().out
    assert '[Cursor] user: failed' in out
    assert '.cursor/skills' in out
    assert {
        k: v for k, v in contents(sandbox).items() if k.startswith('.cursor')
    } == before


def test_unparsable_config_is_left_alone(tmp_path, sandbox, capsys):
    bad = '{"numStartups": 12, "mcpServers": {"a": {"command": "x"},}}'
    (sandbox / '.claude.json').write_text(bad)
    proj = project(tmp_path)
    assert run(proj, 'sync', '--home', str(sandbox)) == 1
    assert (sandbox / '.claude.json').read_text() == bad
    out = capsys.readouterr().out
    assert '.claude.json:1:' in out
    assert 'trailing comma' in out
    # Cursor is not held back by Claude Code's broken file (C05)
    assert 'docs' in _json(sandbox / '.cursor/mcp.json')['mcpServers']


def test_report_status_ok():
    assert R.Report('a', 'A', 'user', R.OK).ok
    assert not R.Report('a', 'A', 'user', R.CANCELLED).ok


def test_pipeline_cancel_rolls_back(tmp_path):
    a = tmp_path / 'a'
    cancel = threading.Event()

    def write(push):
        a.write_text('x')
        push(a.unlink)

    def stop(push):
        cancel.set()

    steps = [
        pipeline.Step('write', write),
        pipeline.Step('stop', stop),
        pipeline.Step('never', write),
    ]
    with pytest.raises(pipeline.Cancelled):
        pipeline.run(steps, cancel=cancel, log=lambda s: None)
    assert not a.exists()


def test_real_bundle(tmp_path, sandbox, capsys):
    proj = project(tmp_path, shared('bundles', 'real'))
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    ai = proj / '.ai'
    h = sandbox

    def count(d, pattern):
        return len(list(d.rglob(pattern)))

    assert count(h / '.claude/rules', '*.md') == count(ai / 'rules', '*.md')
    assert count(h / '.claude/agents', '*.md') == count(ai / 'agents', '*.md')
    assert count(h / '.claude/commands', '*.md') == count(
        ai / 'commands', '*.md'
    )
    assert count(h / '.cursor/agents', '*.md') == count(ai / 'agents', '*.md')
    assert count(h / '.cursor/commands', '*.md') == count(
        ai / 'commands', '*.md'
    )
    skills = {p.parent.name for p in (ai / 'skills').glob('*/SKILL.md')}
    for tool in ('.claude', '.cursor'):
        assert {
            p.parent.name for p in (h / tool / 'skills').glob('*/SKILL.md')
        } == skills
        assert count(h / tool / 'skills', '*') == count(ai / 'skills', '*')
    servers = set(_json(ai / 'mcp.json')['mcpServers'])
    assert set(_json(h / '.claude.json')['mcpServers']) == servers
    assert set(_json(h / '.cursor/mcp.json')['mcpServers']) == servers
    capsys.readouterr()
    assert run(proj, 'status', '--home', str(h), '--json') == 0
    rows = json.loads(capsys.readouterr().out)['tools']
    assert [(r['tool'], r['up_to_date']) for r in rows] == [
        ('claude-code', True),
        ('cursor', True),
    ]
    before = snapshot(h)
    assert run(proj, 'sync', '--home', str(h)) == 0
    assert snapshot(h) == before
    assert run(proj, 'uninstall', '--home', str(h)) == 0
    assert snapshot(h) == {}


def test_force_backs_up_a_hand_edit_of_our_own_file(tmp_path, sandbox):
    proj = project(tmp_path)
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    ours = sandbox / '.claude/agents/reviewer.md'
    ours.write_text('edited by hand\n')
    assert run(proj, 'sync', '--home', str(sandbox), '--force') == 0
    assert ours.read_bytes() == (proj / '.ai/agents/reviewer.md').read_bytes()
    backups = list((tmp_path / 'state' / 'backups').rglob('*reviewer.md'))
    assert [b.read_text() for b in backups] == ['edited by hand\n']
    # what we wrote ourselves and nobody touched is not backed up
    (proj / '.ai/agents/reviewer.md').write_text('a new version\n')
    assert run(proj, 'sync', '--home', str(sandbox), '--force') == 0
    backups = list((tmp_path / 'state' / 'backups').rglob('*reviewer.md'))
    assert len(backups) == 1


def test_uninstall_lists_only_the_folders_it_removes(
    tmp_path, sandbox, capsys
):
    proj = project(tmp_path, tools=['cursor'])
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    extra = sandbox / '.cursor/agents/extra.md'
    extra.write_text('mine\n')
    capsys.readouterr()
    assert run(proj, 'uninstall', '--home', str(sandbox)) == 0
    out = capsys.readouterr().out
    assert 'rmdir ~/.cursor/agents' not in out
    assert 'rmdir ~/.cursor\n' not in out
    assert 'rmdir ~/.cursor/commands/git' in out  # emptied: removed
    assert not (sandbox / '.cursor/commands').exists()
    assert extra.read_text() == 'mine\n'


def test_uninstall_with_nothing_left_to_remove_says_so(
    tmp_path, sandbox, capsys
):
    proj = project(tmp_path, tools=['cursor'])
    assert run(proj, 'uninstall', '--home', str(sandbox)) == 0
    assert capsys.readouterr().out == (
        'bootstrap-tools: nothing of ours to remove (1 tool)\n'
    )
    # what is told when all that is left was edited by hand
    left = R.Report(
        'cursor', 'Cursor', 'user', R.UNCHANGED, conflicts=('x: edited',)
    )
    assert R.settled([left], removing=True) == (
        'bootstrap-tools: nothing of ours to remove (1 tool); 1 file '
        'edited by hand left in place'
    )


@pytest.mark.parametrize(
    ('tool', 'path', 'note'),
    [
        ('codex', '.codex/config.toml', '# the team needs uv\n'),
        ('copilot', '.vscode/mcp.json', '// the team needs uv\n'),
    ],
)
def test_uninstall_keeps_a_file_we_made_where_someone_wrote_a_comment(
    tmp_path, sandbox, tool, path, note
):
    proj = project(tmp_path, tools=[tool], scope='project')
    assert run(proj, 'sync') == 0
    config = proj / path
    config.write_text(note + config.read_text())
    assert run(proj, 'uninstall') == 0
    assert note in config.read_text()  # their words stay
    assert 'docs' not in config.read_text()  # our keys go


@pytest.mark.parametrize(
    ('tool', 'path', 'section'),
    [
        ('copilot', '.vscode/mcp.json', 'servers'),
        ('opencode', 'opencode.json', 'mcp'),
    ],
)
def test_uninstall_keeps_a_section_we_made_that_holds_a_comment(
    tmp_path, sandbox, tool, path, section
):
    proj = project(tmp_path, tools=[tool], scope='project')
    assert run(proj, 'sync') == 0
    config = proj / path
    note = '// the team needs the docs server'
    text = config.read_text().replace(
        f'"{section}": {{', f'"{section}": {{ {note}\n', 1
    )
    config.write_text(text)
    assert run(proj, 'uninstall') == 0
    assert note in config.read_text()
    assert '"docs"' not in config.read_text()


def test_a_tool_folder_linked_into_the_bundle_is_never_written(
    tmp_path, sandbox, capsys
):
    proj = project(tmp_path, tools=['claude-code'], scope='project')
    (proj / '.claude').mkdir()
    (proj / '.claude/skills').symlink_to('../.ai/skills')
    skill = proj / '.ai/skills/release-notes/SKILL.md'
    assert run(proj, 'sync') == 0
    out = capsys.readouterr().out
    assert 'skills/release-notes/SKILL.md: leads into the bundle' in out
    skill.write_text(skill.read_text() + 'My notes, not committed.\n')
    edited = snapshot(proj / '.ai')
    assert run(proj, 'sync') == 0
    assert run(proj, 'check') == 1  # the conflict stays in sight
    assert run(proj, 'uninstall') == 0
    assert snapshot(proj / '.ai') == edited


def test_what_we_wrote_is_not_removed_once_a_link_leads_into_the_bundle(
    tmp_path, sandbox
):
    proj = project(tmp_path, tools=['claude-code'], scope='project')
    assert run(proj, 'sync') == 0  # a real folder then
    shutil.rmtree(proj / '.claude/skills')
    (proj / '.claude/skills').symlink_to('../.ai/skills')
    bundle = snapshot(proj / '.ai')
    assert run(proj, 'uninstall') == 0
    assert snapshot(proj / '.ai') == bundle


def test_hook_event_typo_is_a_warning_and_reaches_no_tool(
    tmp_path, sandbox, capsys
):
    proj = project(tmp_path, tools=['claude-code', 'codex'])
    hooks = _json(proj / '.ai/hooks.json')
    hooks['hooks']['PostToolUs'] = hooks['hooks']['PostToolUse']
    (proj / '.ai/hooks.json').write_text(json.dumps(hooks, indent=2))
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    out = capsys.readouterr().out
    assert 'warning: .ai/hooks.json:' in out
    assert "unknown hook event 'PostToolUs'" in out
    assert "did you mean 'PostToolUse'?" in out
    settings = _json(sandbox / '.claude/settings.json')
    assert 'PostToolUs' not in settings['hooks']
    assert 'PostToolUse' in settings['hooks']
    assert 'PostToolUs' not in _json(sandbox / '.codex/hooks.json')['hooks']

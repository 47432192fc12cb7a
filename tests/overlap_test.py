"""Files several tools read are written once; different wishes for one
path are an error before anything is written."""

from __future__ import annotations

import json
import os

import pytest

from testing.fixtures import contents
from testing.fixtures import project
from testing.fixtures import run
from testing.fixtures import snapshot


def test_project_agents_md_and_mcp_json_written_once(
    tmp_path, sandbox, capsys
):
    proj = project(
        tmp_path,
        scope='project',
        tools=['claude-code', 'codex', 'copilot', 'opencode'],
    )
    assert run(proj, 'sync', '--home', str(sandbox), '--json') == 0
    out = json.loads(capsys.readouterr().out)
    assert {t['status'] for t in out['tools']} == {'changed'}
    agents_md = (proj / 'AGENTS.md').read_text()
    assert '<!-- style -->' in agents_md
    mentions = [
        line
        for t in out['tools']
        for line in t['changes']
        if 'AGENTS.md' in line or '.mcp.json' in line
    ]
    assert len(mentions) == 2, mentions  # one create, one merge
    servers = json.loads((proj / '.mcp.json').read_text())['mcpServers']
    assert set(servers) == {'docs', 'github'}
    # the same in another order, or again: nothing to do
    assert run(proj, 'sync', '--home', str(sandbox), 'opencode', 'codex') == 0
    before = contents(proj)
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    assert contents(proj) == before


def test_one_tool_gone_keeps_what_the_other_still_wants(tmp_path, sandbox):
    proj = project(tmp_path, scope='project', tools=['codex', 'opencode'])
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    assert run(proj, 'uninstall', '--home', str(sandbox), 'opencode') == 0
    assert (proj / 'AGENTS.md').exists()  # codex wrote it
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    assert run(proj, 'uninstall', '--home', str(sandbox)) == 0
    assert not (proj / 'AGENTS.md').exists()


def test_different_bytes_at_one_path_is_a_conflict(tmp_path, sandbox, capsys):
    proj = project(tmp_path)
    (proj / 'bootstrap-tools.toml').write_text(
        'scope = "project"\n'
        'tools = ["claude-code", "mine"]\n'
        '[targets.mine]\n'
        'project_directory = "."\n'
        'mcp = { file = ".mcp.json", format = "cursor" }\n'
    )
    before = contents(proj)
    assert run(proj, 'sync', '--home', str(sandbox)) == 1
    err = capsys.readouterr().err
    assert 'claude-code and mine want different contents' in err
    assert '.mcp.json' in err
    assert contents(proj) == before


def test_real_path_resolves_folders_and_linked_files(tmp_path):
    from bootstrap import overlap

    (tmp_path / 'target').mkdir()
    (tmp_path / 'target' / 'file').write_text('x')
    os.symlink('target', tmp_path / 'dirlink')
    os.symlink('target/file', tmp_path / 'filelink')
    real = str(tmp_path / 'target' / 'file')
    assert overlap.real(str(tmp_path / 'dirlink' / 'file')) == real
    assert overlap.real(str(tmp_path / 'filelink')) == real
    assert overlap.real(str(tmp_path / 'target' / 'sub' / '..')) == str(
        tmp_path / 'target'
    )
    missing = str(tmp_path / 'dirlink' / 'new')
    assert overlap.real(missing) == str(tmp_path / 'target' / 'new')


def _state(tmp_path):
    """Our manifests, by name: bytes."""
    folder = tmp_path / 'state' / 'manifests'
    return {p.name: p.read_bytes() for p in sorted(folder.glob('*.json'))}


def _statuses(proj, home, capsys, *argv):
    capsys.readouterr()
    code = run(proj, 'sync', '--home', str(home), '--json', *argv)
    tools = json.loads(capsys.readouterr().out)['tools']
    return code, {t['tool']: (t['status'], t['changes']) for t in tools}


def _up_to_date(proj, home, capsys):
    capsys.readouterr()
    assert run(proj, 'status', '--home', str(home), '--json') == 0
    rows = json.loads(capsys.readouterr().out)['tools']
    assert run(proj, 'check', '--home', str(home), '--json') == 0
    checked = json.loads(capsys.readouterr().out)['tools']
    return {r['tool']: r['up_to_date'] for r in rows}, {
        r['tool']: r['status'] for r in checked
    }


def test_skills_shared_by_gemini_and_codex_settle(tmp_path, sandbox, capsys):
    proj = project(tmp_path, tools=['gemini-cli', 'codex'])
    home = sandbox
    assert run(proj, 'sync', '--home', str(home), 'gemini-cli', 'codex') == 0
    skill = home / '.agents' / 'skills' / 'release-notes' / 'SKILL.md'
    assert skill.exists()
    status, check = _up_to_date(proj, home, capsys)
    assert status == {'gemini-cli': True, 'codex': True}
    assert set(check.values()) == {'up to date'}
    manifests = _state(tmp_path)
    before = snapshot(home)
    for argv in (
        ('gemini-cli', 'codex'),
        ('gemini-cli',),
        ('codex',),
        ('gemini-cli', 'codex'),
        ('codex', 'gemini-cli'),
    ):
        code, got = _statuses(proj, home, capsys, *argv)
        assert code == 0
        assert {s for s, _ in got.values()} == {'unchanged'}, (argv, got)
        assert _state(tmp_path) == manifests, argv
        assert snapshot(home) == before, argv
    status, check = _up_to_date(proj, home, capsys)
    assert status == {'gemini-cli': True, 'codex': True}


def test_a_tool_added_later_settles_in_one_run(tmp_path, sandbox, capsys):
    proj = project(tmp_path, tools=['gemini-cli', 'codex'])
    home = sandbox
    assert run(proj, 'sync', '--home', str(home), 'codex') == 0
    code, got = _statuses(proj, home, capsys, 'gemini-cli')
    assert got['gemini-cli'][0] == 'changed'
    assert got['gemini-cli'][1]  # what changed is listed
    manifests = _state(tmp_path)
    for argv in (('gemini-cli', 'codex'), ('gemini-cli',), ('codex',)):
        code, got = _statuses(proj, home, capsys, *argv)
        assert {s for s, _ in got.values()} == {'unchanged'}, (argv, got)
        assert _state(tmp_path) == manifests, argv


def test_changed_always_lists_what_changed(tmp_path, sandbox, capsys):
    proj = project(tmp_path, tools=['gemini-cli', 'codex'])
    home = sandbox
    for argv in (
        ('gemini-cli', 'codex'),
        ('gemini-cli',),
        ('codex',),
        ('gemini-cli', 'codex'),
    ):
        _, got = _statuses(proj, home, capsys, *argv)
        for tool, (status, changes) in got.items():
            assert status != 'changed' or changes, (argv, tool)


@pytest.mark.parametrize('first', ['gemini-cli', 'codex'])
def test_uninstall_one_keeps_shared_skills_both_remove_all(
    tmp_path, sandbox, first
):
    proj = project(tmp_path, tools=['gemini-cli', 'codex'])
    home = sandbox
    empty = contents(home)
    assert run(proj, 'sync', '--home', str(home)) == 0
    skill = home / '.agents' / 'skills' / 'release-notes' / 'SKILL.md'
    assert run(proj, 'uninstall', '--home', str(home), first) == 0
    assert skill.exists()
    other = 'codex' if first == 'gemini-cli' else 'gemini-cli'
    assert run(proj, 'uninstall', '--home', str(home), other) == 0
    assert contents(home) == empty
    assert _state(tmp_path) == {}


def test_uninstall_both_at_once_removes_all(tmp_path, sandbox):
    proj = project(tmp_path, tools=['gemini-cli', 'codex'])
    home = sandbox
    empty = contents(home)
    assert run(proj, 'sync', '--home', str(home), 'codex') == 0
    assert run(proj, 'sync', '--home', str(home), 'gemini-cli') == 0
    assert run(proj, 'uninstall', '--home', str(home)) == 0
    assert contents(home) == empty
    assert _state(tmp_path) == {}


def test_uninstall_of_tools_sharing_a_config_file_leaves_no_record(
    tmp_path, sandbox
):
    proj = project(tmp_path, tools=['claude-code', 'copilot'], scope='project')
    before = contents(proj)
    assert run(proj, 'sync') == 0
    assert (proj / '.mcp.json').exists()  # both tools read it
    assert run(proj, 'uninstall') == 0
    assert contents(proj) == before
    assert _state(tmp_path) == {}  # or the next sync trusts a stale record


def test_users_identical_shared_skill_stays_after_both_uninstall(
    tmp_path, sandbox
):
    proj = project(tmp_path, tools=['gemini-cli', 'codex'])
    home = sandbox
    mine = home / '.agents' / 'skills' / 'release-notes'
    mine.mkdir(parents=True)
    src = proj / '.ai' / 'skills' / 'release-notes'
    for f in src.iterdir():
        (mine / f.name).write_bytes(f.read_bytes())
    before = contents(home / '.agents')
    assert run(proj, 'sync', '--home', str(home)) == 0
    assert run(proj, 'uninstall', '--home', str(home), 'codex') == 0
    assert run(proj, 'sync', '--home', str(home)) == 0
    assert run(proj, 'uninstall', '--home', str(home), 'gemini-cli') == 0
    assert run(proj, 'uninstall', '--home', str(home), 'codex') == 0
    assert contents(home / '.agents') == before


def test_project_agents_md_shared_by_four_tools(tmp_path, sandbox, capsys):
    tools = ['codex', 'copilot', 'cursor', 'opencode']
    proj = project(tmp_path, scope='project', tools=tools)
    home = sandbox
    empty = contents(proj)
    assert run(proj, 'sync', '--home', str(home)) == 0
    manifests = _state(tmp_path)
    for argv in (('opencode',), ('cursor', 'copilot'), ()):
        code, got = _statuses(proj, home, capsys, *argv)
        assert {s for s, _ in got.values()} == {'unchanged'}, (argv, got)
        assert _state(tmp_path) == manifests, argv
    status, check = _up_to_date(proj, home, capsys)
    assert set(status.values()) == {True}
    for tool in tools[:-1]:
        assert run(proj, 'uninstall', '--home', str(home), tool) == 0
        assert (proj / 'AGENTS.md').exists(), tool
    assert run(proj, 'uninstall', '--home', str(home), tools[-1]) == 0
    assert contents(proj) == empty


def test_mcp_json_shared_by_claude_and_copilot_settles(
    tmp_path, sandbox, capsys
):
    tools = ['claude-code', 'copilot']
    proj = project(tmp_path, scope='project', tools=tools)
    home = sandbox
    empty = contents(proj)
    assert run(proj, 'sync', '--home', str(home), 'copilot') == 0
    assert run(proj, 'sync', '--home', str(home)) == 0
    manifests = _state(tmp_path)
    for argv in (('claude-code',), ('copilot',), ()):
        code, got = _statuses(proj, home, capsys, *argv)
        assert {s for s, _ in got.values()} == {'unchanged'}, (argv, got)
        assert _state(tmp_path) == manifests, argv
    assert run(proj, 'uninstall', '--home', str(home), 'copilot') == 0
    servers = json.loads((proj / '.mcp.json').read_text())['mcpServers']
    assert set(servers) == {'docs', 'github'}
    assert run(proj, 'uninstall', '--home', str(home), 'claude-code') == 0
    assert contents(proj) == empty


def test_shared_conflict_is_reported_once(tmp_path, sandbox, capsys):
    proj = project(tmp_path, scope='project', tools=['claude-code', 'copilot'])
    (proj / '.mcp.json').write_text(
        '{"mcpServers": {"docs": {"command": "mine"}}}\n'
    )
    capsys.readouterr()
    assert run(proj, 'check', '--home', str(sandbox), '--json') == 1
    checked = json.loads(capsys.readouterr().out)['tools']
    conflicts = [c for t in checked for c in t['conflicts']]
    assert len([c for c in conflicts if 'mcpServers/docs' in c]) == 1
    assert run(proj, 'status', '--home', str(sandbox), '--json') == 0
    rows = json.loads(capsys.readouterr().out)['tools']
    conflicts = [c for t in rows for c in t['conflicts']]
    assert len([c for c in conflicts if 'mcpServers/docs' in c]) == 1
    assert run(proj, 'sync', '--home', str(sandbox), '--json') == 0
    tools = json.loads(capsys.readouterr().out)['tools']
    conflicts = [c for t in tools for c in t['conflicts']]
    assert len([c for c in conflicts if 'mcpServers/docs' in c]) == 1


def test_status_exits_1_on_an_error_line(tmp_path, sandbox, capsys):
    proj = project(tmp_path, scope='project', tools=['claude-code'])
    (proj / '.mcp.json').write_text('{"mcpServers": {,}\n')
    capsys.readouterr()
    assert run(proj, 'status', '--home', str(sandbox)) == 1
    assert '[claude-code] error:' in capsys.readouterr().out


def test_a_folder_two_tools_need_settles_in_one_run(tmp_path, sandbox, capsys):
    # ~/.config: VS Code's prompts (Copilot) and OpenCode both need it,
    # and the first worker to get there makes it (one at a time here)
    proj = project(tmp_path, tools=['copilot', 'opencode'])
    assert not (sandbox / '.config').exists()
    assert run(proj, 'sync', '--home', str(sandbox), '-j', '1') == 0
    status, check = _up_to_date(proj, sandbox, capsys)
    assert status == {'copilot': True, 'opencode': True}
    manifests = _state(tmp_path)
    for argv in (('copilot',), ('opencode',), ('copilot', 'opencode')):
        code, got = _statuses(proj, sandbox, capsys, *argv)
        assert {s for s, _ in got.values()} == {'unchanged'}, (argv, got)
        assert _state(tmp_path) == manifests, argv
    assert run(proj, 'uninstall', '--home', str(sandbox), 'copilot') == 0
    assert (sandbox / '.config/opencode').is_dir()
    assert run(proj, 'uninstall', '--home', str(sandbox)) == 0
    assert not (sandbox / '.config').exists()  # the last one out

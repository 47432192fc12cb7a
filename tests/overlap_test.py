"""Files several tools read are written once; different wishes for one
path are an error before anything is written."""

from __future__ import annotations

import json
import os

from testing.fixtures import contents
from testing.fixtures import project
from testing.fixtures import run


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

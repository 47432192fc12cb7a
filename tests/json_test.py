"""Every command's `--json` document has the shape README.md documents."""

from __future__ import annotations

import json

from bootstrap.main import main
from testing import schema
from testing.fixtures import HERE
from testing.fixtures import project
from testing.fixtures import run

SHAPES = schema.shapes(HERE / 'README.md')


def doc(capsys, shape, proj, *argv, rc=0):
    assert run(proj, *argv, '--json') == rc
    data = json.loads(capsys.readouterr().out)
    assert schema.problems(SHAPES[shape], data) == []
    return data


def test_readme_documents_every_shape():
    assert sorted(SHAPES) == ['check', 'init', 'status', 'sync', 'targets']


def test_the_checker_finds_problems():
    spec = SHAPES['sync']
    bad = {'version': 2, 'command': 'sync', 'ok': 'yes', 'tools': [{}]}
    found = schema.problems(spec, bad)
    assert '$.version: 2 is not 1' in found
    assert "$.ok: 'yes' is not <bool>" in found
    assert any(p.startswith('$.tools[0]: keys [] are not') for p in found)


def test_sync_uninstall_hook(tmp_path, sandbox, capsys, monkeypatch):
    proj = project(tmp_path)
    home = ('--home', str(sandbox))
    d = doc(capsys, 'sync', proj, 'sync', '--dry-run', *home)
    assert {t['status'] for t in d['tools']} == {'would change'}
    d = doc(capsys, 'sync', proj, 'sync', *home)
    assert d['tools'][0]['changes'] and d['tools'][0]['counts']
    d = doc(capsys, 'sync', proj, 'sync', *home)
    assert {t['status'] for t in d['tools']} == {'unchanged'}
    monkeypatch.setenv('BOOTSTRAP_TOOLS_FAULT', 'claude-code:manifest')
    (proj / '.ai/rules/style.md').write_text('v2\n')
    d = doc(capsys, 'sync', proj, 'sync', '-j', '1', *home, rc=1)
    assert d['ok'] is False
    assert any(t['error'] for t in d['tools'])
    monkeypatch.delenv('BOOTSTRAP_TOOLS_FAULT')
    d = doc(capsys, 'sync', proj, 'hook', *home)
    assert d['command'] == 'hook'
    d = doc(capsys, 'sync', proj, 'uninstall', *home)
    assert d['command'] == 'uninstall' and d['ok']
    d = doc(capsys, 'sync', proj, 'sync')  # tools not on this machine
    assert {t['status'] for t in d['tools']} == {'skipped'}


def test_check(tmp_path, sandbox, capsys):
    proj = project(tmp_path)
    d = doc(
        capsys, 'check', proj, 'check', '--diff', '--home', str(sandbox), rc=1
    )
    assert d['ok'] is False and d['tools'][0]['diff'].startswith('--- ')
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    (proj / '.ai/commands/git/changelog.md').unlink()
    (sandbox / '.cursor/agents/reviewer.md').write_text('mine\n')
    capsys.readouterr()
    d = doc(capsys, 'check', proj, 'check', '--home', str(sandbox), rc=1)
    cursor = d['tools'][1]
    assert cursor['removals'] and cursor['conflicts']
    assert cursor['diff'] is None
    (proj / 'bootstrap-tools.toml').write_text(
        'tools = ["cursor"]\nscope = "project"\n'
    )
    d = doc(capsys, 'check', proj, 'hook', '--check', rc=1)
    assert d['command'] == 'hook'


def test_status(tmp_path, sandbox, capsys):
    proj = project(tmp_path)
    doc(capsys, 'status', proj, 'status', '--home', str(sandbox))
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    (sandbox / '.cursor/agents/reviewer.md').write_text('mine\n')
    capsys.readouterr()
    d = doc(capsys, 'status', proj, 'status', '--home', str(sandbox))
    assert d['tools'][1]['drifted']


def test_targets(tmp_path, capsys):
    doc(capsys, 'targets', tmp_path, 'targets')


def test_init(tmp_path, capsys):
    repo = tmp_path / 'repo'
    (repo / '.cursor/rules').mkdir(parents=True)
    (repo / '.cursor/rules/a.mdc').write_text('A.\n')
    (repo / '.claude/rules').mkdir(parents=True)
    (repo / '.claude/rules/a.md').write_text('A.\n')
    (repo / 'CLAUDE.md').write_text('@AGENTS.md\n')
    d = doc(capsys, 'init', repo, 'init', '--dry-run')
    assert d['written'] is False and d['imported'] and d['duplicates']
    assert d['notes']
    d = doc(capsys, 'init', repo, 'init')
    assert d['written'] is True


def test_readme_targets_table_is_generated(capsys):
    assert main(['targets', '--markdown']) == 0
    table = capsys.readouterr().out.strip()
    readme = (HERE / 'README.md').read_text()
    assert table in readme, (
        'README.md: the targets table is out of date -- replace it with '
        'the output of `bootstrap-tools targets --markdown`'
    )

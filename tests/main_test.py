from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from bootstrap.main import main
from testing.fixtures import HERE
from testing.fixtures import project
from testing.fixtures import run


def test_help_answers_questions(capsys):
    with pytest.raises(SystemExit) as e:
        main(['--help'])
    assert e.value.code == 0
    out = capsys.readouterr().out
    for word in (
        'sync',
        'uninstall',
        'status',
        'targets',
        'exit codes',
        '--home',
    ):
        assert word in out


def test_sync_help(capsys):
    with pytest.raises(SystemExit):
        main(['sync', '--help'])
    out = capsys.readouterr().out
    for flag in ('--dry-run', '--force', '--jobs', '--scope', '--home'):
        assert flag in out


def test_version(capsys):
    with pytest.raises(SystemExit):
        main(['--version'])
    assert capsys.readouterr().out.startswith('bootstrap-tools ')


def test_no_config_is_a_clear_error(tmp_path, capsys):
    assert run(tmp_path, 'sync') == 2
    err = capsys.readouterr().err
    assert err.startswith('bootstrap-tools: error: no bootstrap-tools.toml')
    assert 'Traceback' not in err


def test_unknown_tool_in_config(tmp_path, capsys):
    proj = project(tmp_path)
    (proj / 'bootstrap-tools.toml').write_text(
        'source = ".ai"\ntools = [\n  "claude-code",\n  "cursorr",\n]\n',
    )
    assert run(proj, 'sync') == 2
    err = capsys.readouterr().err
    assert (
        "bootstrap-tools.toml:4: unknown tool 'cursorr' -- did you mean "
        "'cursor'?" in err
    )


def test_unknown_tool_on_command_line(tmp_path, capsys):
    proj = project(tmp_path)
    assert run(proj, 'sync', 'claude') == 2
    assert "did you mean 'claude-code'?" in capsys.readouterr().err


def test_a_mistyped_command_is_suggested(tmp_path, capsys):
    proj = project(tmp_path)
    assert run(proj, 'synk') == 2
    assert "unknown tool 'synk' -- did you mean the command 'sync'?" in (
        capsys.readouterr().err
    )


def test_bad_mcp_json_names_file_and_line(tmp_path, capsys, sandbox):
    proj = project(tmp_path)
    (proj / '.ai/mcp.json').write_text(
        '{"mcpServers": {\n  "x": {"args": ["a"]}\n}}',
    )
    assert run(proj, 'sync', '--home', str(sandbox)) == 2
    err = capsys.readouterr().err
    assert "mcp.json:2: server 'x' has neither a command nor a url" in err
    assert list(sandbox.iterdir()) == []


def test_pyproject_config(tmp_path, sandbox):
    proj = project(tmp_path)
    (proj / 'bootstrap-tools.toml').unlink()
    (proj / 'pyproject.toml').write_text(
        '[project]\nname = "x"\n\n[tool.bootstrap-tools]\n'
        'tools = ["cursor"]\n',
    )
    sub = proj / 'src'
    sub.mkdir()
    assert run(sub, 'sync', '--home', str(sandbox)) == 0
    assert (sandbox / '.cursor/agents/reviewer.md').exists()
    assert not (sandbox / '.claude').exists()


def test_per_tool_table(tmp_path, sandbox):
    proj = project(tmp_path)
    (proj / 'bootstrap-tools.toml').write_text(
        '[tools.claude-code]\nhooks = false\n\n'
        '[tools.cursor]\nscope = "project"\n',
    )
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    assert (proj / '.cursor/rules/style.mdc').exists()
    assert (sandbox / '.claude/agents/reviewer.md').exists()
    assert not (sandbox / '.claude/settings.json').exists()


def test_targets(capsys, sandbox):
    assert main(['targets', '--json']) == 0
    data = json.loads(capsys.readouterr().out)
    names = [t['tool'] for t in data['targets']]
    assert names == sorted(names)
    assert {'claude-code', 'cursor', 'codex', 'windsurf'} <= set(names)
    by_name = {t['tool']: t for t in data['targets']}
    cursor = by_name['cursor']['scopes']
    assert 'rules' not in cursor['user']['kinds']
    assert cursor['project']['directories']['rules'].endswith('.cursor/rules')
    assert main(['targets']) == 0
    out = capsys.readouterr().out
    assert 'claude-code (Claude Code, not detected)' in out
    assert '    mcp      ~/.claude.json' in out


def test_claude_config_dir_override(tmp_path, sandbox, monkeypatch):
    moved = tmp_path / 'elsewhere'
    monkeypatch.setenv('CLAUDE_CONFIG_DIR', str(moved))
    proj = project(tmp_path)
    assert run(proj, 'sync', 'claude-code', '--home', str(sandbox)) == 0
    assert (moved / 'agents/reviewer.md').exists()
    assert not (sandbox / '.claude').exists()


def test_status_table(tmp_path, sandbox, capsys):
    proj = project(tmp_path)
    assert run(proj, 'status', '--home', str(sandbox)) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == [
        'tool',
        'detected',
        'scope',
        'installed',
        'up',
        'to',
        'date',
        'drifted',
        'conflicts',
    ]
    assert lines[1].split() == [
        'claude-code',
        'no',
        'user',
        'no',
        'no',
        '0',
        '0',
    ]
    assert '[claude-code] 8 files would change -- run' in lines[3]


def test_status_names_conflicts_and_what_sync_skips(tmp_path, sandbox, capsys):
    proj = project(tmp_path)
    (sandbox / '.claude/agents').mkdir(parents=True)
    (sandbox / '.claude/agents/reviewer.md').write_text('mine\n')
    assert run(proj, 'status') == 0  # no --home: sync skips Cursor here
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split() == [
        'claude-code',
        'yes',
        'user',
        'no',
        'no',
        '0',
        '1',
    ]
    assert lines[2].split()[:2] == ['cursor', 'no']
    assert lines[3].startswith('[claude-code] 7 files would change')
    assert lines[4] == (
        '[claude-code] 1 conflict left alone by sync -- '
        '`bootstrap-tools check` lists them'
    )
    assert lines[5].startswith(
        '[cursor] not found on this machine, so `bootstrap-tools sync` '
        'skips it; `bootstrap-tools sync cursor` installs it anyway ('
    )


def test_status_and_check_agree_on_a_conflict(tmp_path, sandbox, capsys):
    proj = project(tmp_path, tools=['cursor'])
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    (sandbox / '.cursor/agents/reviewer.md').write_text('mine\n')
    capsys.readouterr()
    assert run(proj, 'check', '--home', str(sandbox)) == 1
    assert run(proj, 'status', '--home', str(sandbox)) == 0
    row = capsys.readouterr().out.splitlines()
    row = next(line for line in row if line.startswith('cursor '))
    assert row.split()[4:] == [
        'no',
        '1',
        '1',
    ]  # up to date, drifted, conflicts


def test_json_sync(tmp_path, sandbox, capsys):
    proj = project(tmp_path)
    assert run(proj, 'sync', '--home', str(sandbox), '--json') == 0
    data = json.loads(capsys.readouterr().out)
    assert data['version'] == 1 and data['ok'] is True
    assert {t['tool']: t['status'] for t in data['tools']} == {
        'claude-code': 'changed',
        'cursor': 'changed',
    }


def test_tampered_manifest_never_deletes_outside(tmp_path, sandbox, capsys):
    proj = project(tmp_path)
    assert run(proj, 'sync', '--home', str(sandbox), 'cursor') == 0
    victim = tmp_path / 'victim.txt'
    victim.write_text('precious')
    [m] = (tmp_path / 'state/manifests').glob('cursor-*.json')
    data = json.loads(m.read_text())
    data['files'][str(victim)] = 'x'
    m.write_text(json.dumps(data))
    assert run(proj, 'uninstall', '--home', str(sandbox), 'cursor') == 1
    assert victim.read_text() == 'precious'
    assert "outside the tool's folders" in capsys.readouterr().out


def test_noop_imports_neither_rich_nor_filelock(tmp_path, sandbox):
    proj = project(tmp_path)
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    code = (
        'import sys\n'
        'from bootstrap.main import main\n'
        f'rc = main(["sync", "--home", {str(sandbox)!r}])\n'
        'heavy = sorted(m for m in sys.modules\n'
        '               if m.split(".")[0] in ("rich", "filelock"))\n'
        'print(rc, heavy)\n'
    )
    out = subprocess.run(
        [sys.executable, '-c', code],
        cwd=proj,
        capture_output=True,
        text=True,
        check=True,
        # this tree, not whatever `bootstrap` is installed in the venv
        env=dict(os.environ, PYTHONPATH=str(HERE)),
    ).stdout
    assert out.splitlines()[-1] == '0 []'
    assert out.splitlines()[0] == 'bootstrap-tools: 2 tools up to date'


def test_python_m_bootstrap(tmp_path):
    out = subprocess.run(
        [sys.executable, '-m', 'bootstrap', 'targets'],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.startswith('claude-code (Claude Code')


def test_command_after_an_option_says_to_put_it_first(
    tmp_path, sandbox, capsys
):
    proj = project(tmp_path)
    assert run(proj, '--home', str(sandbox), 'check') == 2
    err = capsys.readouterr().err
    assert "'check' is a command" in err
    assert 'put the command first' in err


def test_jobs_must_be_a_number(tmp_path, sandbox, capsys):
    proj = project(tmp_path)
    assert run(proj, 'sync', '-j', 'x', '--home', str(sandbox)) == 2
    err = capsys.readouterr().err
    assert "'x' is not a number" in err
    assert '_jobs' not in err

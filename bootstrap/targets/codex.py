"""Codex CLI: ~/.codex (or $CODEX_HOME), <project>/.codex."""

from __future__ import annotations

import os
import re
from typing import Any

from bootstrap import mcp
from bootstrap import render
from bootstrap import tomledit
from bootstrap.bundle import Bundle
from bootstrap.bundle import Doc
from bootstrap.planner import Builder
from bootstrap.planner import flat
from bootstrap.target_base import ConfigFile
from bootstrap.target_base import Context
from bootstrap.target_base import Limit
from bootstrap.target_base import Plan
from bootstrap.target_base import on_path

NAME = 'codex'
DISPLAY_NAME = 'Codex CLI'
_BOTH = frozenset(('rules', 'agents', 'skills', 'mcp', 'hooks'))
KINDS = {
    'user': _BOTH | {'commands'},  # custom prompts: user scope only
    'project': _BOTH,
}
EVENTS = frozenset(
    (
        'SessionStart',
        'PreToolUse',
        'PermissionRequest',
        'PostToolUse',
        'PreCompact',
        'PostCompact',
        'UserPromptSubmit',
        'SubagentStart',
        'SubagentStop',
        'Stop',
    )
)
# developers.openai.com/codex/guides/agents-md: Codex stops reading
# AGENTS.md files once together they reach project_doc_max_bytes
# (default 32 KiB)
LIMITS = {
    (scope, 'rules'): Limit(
        32 * 1024,
        'bytes',
        'AGENTS.md files (project_doc_max_bytes)',
        "shorten the rules, or raise project_doc_max_bytes in Codex's "
        'config.toml',
    )
    for scope in ('user', 'project')
}
_WHOLE = re.compile(r'\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-[^}]*)?\}')
_BEARER = re.compile(r'Bearer \$\{([A-Za-z_][A-Za-z0-9_]*)\}')
_ANY_REF = re.compile(r'\$\{[^}]*\}')
_INPUT = re.compile(r'\$\{input:[^}]+\}')


def directories(ctx: Context) -> dict[str, str]:
    if ctx.scope == 'project':
        root = os.path.join(ctx.project, '.codex')
        rules = os.path.join(ctx.project, 'AGENTS.md')
        skills = os.path.join(ctx.project, '.agents', 'skills')
    else:
        root = ctx.env.get('CODEX_HOME') or os.path.join(ctx.home, '.codex')
        rules = os.path.join(root, 'AGENTS.md')
        skills = os.path.join(ctx.home, '.agents', 'skills')
    return {
        'root': root,
        'rules': rules,
        'agents': os.path.join(root, 'agents'),
        'commands': os.path.join(root, 'prompts'),
        'skills': skills,
        'mcp': os.path.join(root, 'config.toml'),
        'hooks': os.path.join(root, 'hooks.json'),
    }


def detect(ctx: Context) -> bool:
    return on_path('codex', ctx.env) or os.path.isdir(
        directories(ctx._replace(scope='user'))['root']
    )


def agent(doc: Doc, name: str) -> bytes:
    """An agent role file: exactly the keys Codex accepts."""
    body = render.text(doc.fm.body).strip('\n') + '\n'
    lines = [
        f'name = {tomledit.value(name)}',
        f'description = {tomledit.value(render.description(doc.fm, name))}',
        f'developer_instructions = {render.toml_string(body)}',
    ]
    return ('\n'.join(lines) + '\n').encode()


def prompt(doc: Doc) -> bytes:
    meta = {
        k: doc.meta[k]
        for k in ('description', 'argument-hint')
        if isinstance(doc.meta.get(k), str)
    }
    return render.with_meta(doc.fm, meta) if meta else doc.fm.body


def _env(s: mcp.Server, out: dict[str, Any], why: list[str]) -> None:
    env: dict[str, str] = {}
    names: list[str] = []
    for k, v in s.env:
        m = _WHOLE.fullmatch(v)
        if m and m.group(1) == k:
            names.append(k)  # passed through by name
        elif _ANY_REF.search(v):
            why.append(f'env {k} refers to another variable ({v})')
        else:
            env[k] = v
    if env:
        out['env'] = env
    if names:
        out['env_vars'] = names


def _headers(s: mcp.Server, out: dict[str, Any], why: list[str]) -> None:
    fixed: dict[str, str] = {}
    from_env: dict[str, str] = {}
    for k, v in s.headers:
        bearer = _BEARER.fullmatch(v)
        whole = _WHOLE.fullmatch(v)
        if k.lower() == 'authorization' and bearer:
            out['bearer_token_env_var'] = bearer.group(1)
        elif whole:
            from_env[k] = whole.group(1)
        elif _ANY_REF.search(v):
            why.append(f'header {k} mixes text and a variable')
        else:
            fixed[k] = v
    if fixed:
        out['http_headers'] = fixed
    if from_env:
        out['env_http_headers'] = from_env


def server(s: mcp.Server, notes: list[str]) -> dict[str, Any] | None:
    """`[mcp_servers.NAME]`: no `type`, no ${VAR} (Codex passes
    variables by name), or None when the server cannot be expressed."""
    # a VS Code prompt for an env value: the variable of that name
    s = s._replace(
        env=tuple(
            (k, f'${{{k}}}' if _INPUT.fullmatch(v) else v) for k, v in s.env
        )
    )
    s = mcp.translate(s, lambda n, d: f'${{{n}}}', notes, workspace='.')
    why: list[str] = []
    out: dict[str, Any] = {}
    if s.transport == 'sse':
        why.append('Codex has no SSE transport')
    elif s.transport == 'stdio':
        out['command'] = s.command
        out['args'] = list(s.args)
        if any(_ANY_REF.search(t) for t in (s.command, *s.args)):
            why.append('a variable in command or args')
        _env(s, out, why)
        if s.cwd:
            out['cwd'] = s.cwd
    else:
        out['url'] = s.url
        if _ANY_REF.search(s.url):
            why.append('a variable in the url')
        _headers(s, out, why)
    if why:
        notes.append(f'mcp {s.name}: skipped -- {"; ".join(why)}')
        return None
    extras = dict(s.extras)
    if isinstance(extras.get('startup_timeout_ms'), int):
        out['startup_timeout_sec'] = extras['startup_timeout_ms'] / 1000
    tools = extras.get('tools')
    if isinstance(tools, list) and tools and '*' not in tools:
        out['enabled_tools'] = [str(t) for t in tools]
    dropped = [
        k
        for k in extras
        if k not in ('description', 'disabled', 'startup_timeout_ms', 'tools')
    ]
    mcp.note_dropped(s, notes, 'Codex', dropped)
    return out


def plan(bundle: Bundle, ctx: Context) -> Plan:
    d = directories(ctx)
    b = Builder(NAME, DISPLAY_NAME, KINDS, ctx, LIMITS)
    b.instructions(bundle, d['rules'])
    b.agents(
        bundle,
        lambda doc, name: (
            os.path.join(d['agents'], f'{name}.toml'),
            agent(doc, name),
        ),
    )
    b.commands(
        bundle,  # top level only
        lambda doc: (
            os.path.join(d['commands'], flat(doc) + '.md'),
            prompt(doc),
        ),
    )
    b.skills(bundle, d['skills'])
    cfg = ConfigFile(d['mcp'], 'toml')
    b.mcp_servers(bundle, cfg, ('mcp_servers',), lambda s: server(s, b.notes))
    if b.wants('hooks') and bundle.hooks:
        hooks = ConfigFile(d['hooks'])
        for event, groups in bundle.hooks.items():
            if event not in EVENTS:
                b.notes.append(f'hooks: {event} has no Codex event; skipped')
                continue
            for group in groups:
                b.entry(hooks, ('hooks', event), None, group)
                b.count('hooks', 1)
    return b.plan(d['root'])

"""Gemini CLI: $GEMINI_CLI_HOME/.gemini (default ~/.gemini),
<project>/.gemini."""

from __future__ import annotations

import os
from typing import Any

from bootstrap import mcp
from bootstrap import render
from bootstrap.bundle import Bundle
from bootstrap.planner import Builder
from bootstrap.planner import join
from bootstrap.target_base import ConfigFile
from bootstrap.target_base import Context
from bootstrap.target_base import Plan
from bootstrap.target_base import on_path

NAME = 'gemini-cli'
DISPLAY_NAME = 'Gemini CLI'
_ALL = frozenset(('rules', 'agents', 'commands', 'skills', 'mcp', 'hooks'))
KINDS = {'user': _ALL, 'project': _ALL}
# server fields Gemini (and Qwen) understand beyond the transport's own
EXTRAS = (
    'timeout',
    'trust',
    'description',
    'includeTools',
    'excludeTools',
    'oauth',
    'authProviderType',
)
# Claude Code hook events and tool names -> Gemini's
EVENTS = {
    'SessionStart': 'SessionStart',
    'SessionEnd': 'SessionEnd',
    'UserPromptSubmit': 'BeforeAgent',
    'Stop': 'AfterAgent',
    'PreToolUse': 'BeforeTool',
    'PostToolUse': 'AfterTool',
    'PreCompact': 'PreCompress',
    'Notification': 'Notification',
}
TOOLS = {
    'Bash': 'run_shell_command',
    'Edit': 'replace',
    'MultiEdit': 'replace',
    'Write': 'write_file',
    'Read': 'read_file',
    'Glob': 'glob',
    'Grep': 'search_file_content',
    'WebFetch': 'web_fetch',
}


def directories(ctx: Context) -> dict[str, str]:
    if ctx.scope == 'project':
        base = ctx.project
        rules = os.path.join(base, 'GEMINI.md')
    else:
        base = ctx.env.get('GEMINI_CLI_HOME') or ctx.home
        rules = os.path.join(base, '.gemini', 'GEMINI.md')
    root = os.path.join(base, '.gemini')
    return {
        'root': root,
        'rules': rules,
        'agents': os.path.join(root, 'agents'),
        'commands': os.path.join(root, 'commands'),
        # the alias Codex reads too: one copy, and Gemini warns about
        # every skill it finds in both .gemini/skills and .agents/skills
        'skills': os.path.join(base, '.agents', 'skills'),
        'mcp': os.path.join(root, 'settings.json'),
        'hooks': os.path.join(root, 'settings.json'),
    }


def detect(ctx: Context) -> bool:
    return on_path('gemini', ctx.env) or os.path.isdir(
        directories(ctx._replace(scope='user'))['root']
    )


def server(
    s: mcp.Server, notes: list[str], tool: str = DISPLAY_NAME
) -> dict[str, Any]:
    """`mcpServers` entry: `httpUrl` for streamable HTTP, `url` for SSE;
    `${VAR}` and `${VAR:-default}` are expanded by the tool itself."""
    s = mcp.translate(
        s,
        lambda n, d: f'${{{n}}}' if d is None else f'${{{n}:-{d}}}',
        notes,
        workspace='.',
    )
    out: dict[str, Any]
    if s.transport == 'stdio':
        out = {'command': s.command, 'args': list(s.args)}
        if s.env:
            out['env'] = dict(s.env)
        if s.cwd:
            out['cwd'] = s.cwd
    else:
        key = 'httpUrl' if s.transport == 'http' else 'url'
        out = {key: s.url}
        if s.headers:
            out['headers'] = dict(s.headers)
    extras = dict(s.extras)
    out.update((k, extras[k]) for k in EXTRAS if k in extras)
    dropped = [k for k in extras if k not in EXTRAS and k != 'disabled']
    if dropped:
        notes.append(
            f'mcp {s.name}: dropped {", ".join(dropped)} '
            f'(not a {tool} server field)'
        )
    return out


def hook_groups(
    hooks: dict[str, Any],
    notes: list[str],
    events: dict[str, str],
    tools: dict[str, str],
) -> list[tuple[str, dict[str, Any]]]:
    """Claude Code hook groups in a Gemini-like settings.json: event and
    tool names mapped, timeouts in milliseconds."""
    out = []
    for event, groups in hooks.items():
        if event not in events:
            notes.append(f'hooks: {event} has no such event here; skipped')
            continue
        for group in groups:
            handlers = []
            for h in group.get('hooks', []):
                if h.get('type', 'command') != 'command':
                    notes.append(f'hooks: {event} {h.get("type")} skipped')
                    continue
                h = dict(h)
                if isinstance(h.get('timeout'), (int, float)):
                    h['timeout'] = int(h['timeout'] * 1000)
                handlers.append(h)
            if not handlers:
                continue
            g = dict(group, hooks=handlers)
            if isinstance(g.get('matcher'), str):
                g['matcher'] = '|'.join(
                    tools.get(t, t) for t in g['matcher'].split('|')
                )
            out.append((events[event], g))
    return out


def agents_and_commands(b: Builder, bundle: Bundle, d: dict[str, str]) -> None:
    """Agents as Markdown, commands as TOML: Gemini's, and its forks'."""
    b.agents(
        bundle,
        lambda doc, name: (
            os.path.join(d['agents'], f'{name}.md'),
            render.agent_meta(doc, name),
        ),
    )
    b.commands(
        bundle,
        lambda doc: (
            join(d['commands'], doc.rel, '.toml'),
            render.toml_command(doc),
        ),
    )


def plan(bundle: Bundle, ctx: Context) -> Plan:
    d = directories(ctx)
    b = Builder(NAME, DISPLAY_NAME, KINDS, ctx)
    b.instructions(bundle, d['rules'])
    agents_and_commands(b, bundle, d)
    b.skills(bundle, d['skills'])
    settings = ConfigFile(d['mcp'], 'jsonc')
    b.mcp_servers(
        bundle, settings, ('mcpServers',), lambda s: server(s, b.notes)
    )
    if b.wants('hooks'):
        for event, group in hook_groups(bundle.hooks, b.notes, EVENTS, TOOLS):
            b.entry(settings, ('hooks', event), None, group)
            b.count('hooks', 1)
    return b.plan(d['root'])

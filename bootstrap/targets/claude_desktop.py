"""Claude Desktop: MCP servers only, in claude_desktop_config.json in
the OS's config folder (platformdirs: ~/Library/Application Support,
%APPDATA%, ~/.config)."""

from __future__ import annotations

import os
from typing import Any

from bootstrap import mcp
from bootstrap.bundle import Bundle
from bootstrap.planner import Builder
from bootstrap.target_base import ConfigFile
from bootstrap.target_base import Context
from bootstrap.target_base import Plan
from bootstrap.target_base import user_config

NAME = 'claude-desktop'
DISPLAY_NAME = 'Claude Desktop'
KINDS = {'user': frozenset(('mcp',)), 'project': frozenset()}


def directories(ctx: Context) -> dict[str, str]:
    root = user_config(ctx, 'Claude')
    return {
        'root': root,
        'mcp': os.path.join(root, 'claude_desktop_config.json'),
    }


def detect(ctx: Context) -> bool:
    return os.path.isdir(directories(ctx)['root'])


def server(s: mcp.Server, notes: list[str]) -> dict[str, Any] | None:
    """stdio only; no variables are expanded in this file, so a server
    that needs one is left out rather than given a literal secret."""
    if s.transport != 'stdio':
        notes.append(
            f'mcp {s.name}: skipped -- Claude Desktop adds remote servers '
            f'as Connectors in the app, not in its file'
        )
        return None
    names = sorted(mcp.refs(s))
    texts = (s.command, *s.args, *(v for _, v in s.env))
    if names or any('${' in t for t in texts):
        what = ', '.join(names) or 'a VS Code variable'
        notes.append(
            f'mcp {s.name}: skipped -- needs {what}, and Claude Desktop '
            f'does not expand variables'
        )
        return None
    out: dict[str, Any] = {'command': s.command, 'args': list(s.args)}
    if s.env:
        out['env'] = dict(s.env)
    mcp.note_dropped(s, notes, 'Claude Desktop')
    return out


def plan(bundle: Bundle, ctx: Context) -> Plan:
    d = directories(ctx)
    b = Builder(NAME, DISPLAY_NAME, KINDS, ctx)
    cfg = ConfigFile(d['mcp'])
    b.mcp_servers(bundle, cfg, ('mcpServers',), lambda s: server(s, b.notes))
    return b.plan(d['root'])

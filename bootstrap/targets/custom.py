"""A target a team declares in its config, resolved like a built-in:

    [targets.acme-ai]
    display_name = "Acme AI"
    directory = "{user_config}/acme"     # user scope; {home}, {user_config},
    project_directory = ".acme"          # {user_data} and {project} tokens
    program = "acme"                     # detected when on PATH
    rules = "rules"                      # kind -> sub-folder; a kind not
    agents = "agents"                    # named is not installed
    commands = "commands"
    skills = "skills"
    mcp = { file = "mcp.json", key = "mcpServers", format = "claude-code" }

Files are written in the bundle's own (Claude Code) format; the MCP
entries in the format of a built-in tool.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from collections.abc import Mapping
from typing import Any
from typing import NamedTuple

from bootstrap import mcp
from bootstrap import render
from bootstrap.bundle import Bundle
from bootstrap.planner import Builder
from bootstrap.planner import join
from bootstrap.target_base import ConfigFile
from bootstrap.target_base import Context
from bootstrap.target_base import Plan
from bootstrap.target_base import on_path
from bootstrap.target_base import user_config
from bootstrap.targets import claude_code
from bootstrap.targets import codex
from bootstrap.targets import copilot
from bootstrap.targets import cursor
from bootstrap.targets import gemini_cli
from bootstrap.targets import opencode
from bootstrap.targets import windsurf

FOLDER_KINDS = ('rules', 'agents', 'commands', 'skills')
KEYS = (
    'display_name',
    'directory',
    'project_directory',
    'program',
    *FOLDER_KINDS,
    'mcp',
)
MCP_KEYS = ('file', 'key', 'format')
Shape = Callable[[mcp.Server, list[str]], 'dict[str, Any] | None']
SHAPES: dict[str, Shape] = {
    'claude-code': claude_code.server,
    'cursor': cursor.server,
    'gemini-cli': gemini_cli.server,
    'vscode': lambda s, notes: copilot.vscode_server(s, notes, []),
    'windsurf': windsurf.server,
    'opencode': opencode.server,
    'codex': codex.server,
}


class Spec(NamedTuple):
    directory: str
    project_directory: str
    program: str
    folders: tuple[tuple[str, str], ...]
    mcp_file: str
    mcp_key: str
    mcp_format: str


def expand(template: str, ctx: Context) -> str:
    tokens = {
        'home': ctx.home,
        'project': ctx.project,
        'user_config': user_config(ctx, ''),
        'user_data': user_config(ctx, '', 'data'),
    }
    path = template.format_map(tokens)
    base = ctx.project if ctx.scope == 'project' else ctx.home
    return os.path.normpath(os.path.join(base, os.path.expanduser(path)))


class Custom(NamedTuple):
    NAME: str
    DISPLAY_NAME: str
    KINDS: Mapping[str, frozenset[str]]
    spec: Spec

    def directories(self, ctx: Context) -> dict[str, str]:
        template = (
            self.spec.project_directory
            if ctx.scope == 'project'
            else self.spec.directory
        )
        if not template:
            template = '{project}/.' + self.NAME  # reported, never used
        root = expand(template, ctx)
        out = {'root': root}
        for kind, sub in self.spec.folders:
            out[kind] = os.path.join(root, sub)
        if self.spec.mcp_file:
            out['mcp'] = os.path.join(root, self.spec.mcp_file)
        return out

    def detect(self, ctx: Context) -> bool:
        user = ctx._replace(scope='user')
        return bool(
            self.spec.program and on_path(self.spec.program, ctx.env)
        ) or (
            bool(self.spec.directory)
            and os.path.isdir(self.directories(user)['root'])
        )

    def plan(self, bundle: Bundle, ctx: Context) -> Plan:
        d = self.directories(ctx)
        b = Builder(self.NAME, self.DISPLAY_NAME, self.KINDS, ctx)
        b.rules(
            bundle, lambda doc: (join(d['rules'], doc.rel, '.md'), doc.data)
        )
        b.agents(
            bundle,
            lambda doc, name: (
                os.path.join(d['agents'], f'{name}.md'),
                render.fixed_name(doc.fm, name, doc.data),
            ),
        )
        if b.wants('commands'):
            for doc in bundle.commands:
                b.file(join(d['commands'], doc.rel, '.md'), doc.data)
            b.count('commands', len(bundle.commands))
        b.skills(bundle, d.get('skills', ''))
        if 'mcp' in d:
            path = d['mcp']
            fmt = (
                'toml'
                if path.endswith('.toml')
                else 'jsonc'
                if path.endswith('.jsonc')
                else 'json'
            )
            cfg = ConfigFile(path, fmt)
            shape = SHAPES[self.spec.mcp_format]
            keys = tuple(self.spec.mcp_key.split('.'))
            for s in b.servers(bundle):
                value = shape(s, b.notes)
                if value is not None:
                    b.entry(cfg, keys, s.name, value)
                    b.count('mcp servers', 1)
        return b.plan(d['root'])


def build(
    name: str, table: Mapping[str, Any], fail: Callable[[str, str], Exception]
) -> Custom:
    """A target from its `[targets.NAME]` table; `fail(key, message)`
    makes the error that names the file and line."""
    for key, value in table.items():
        if key not in KEYS:
            raise fail(
                key,
                f'[targets.{name}]: unknown key {key!r} '
                f'(known: {", ".join(KEYS)})',
            )
        if key != 'mcp' and not isinstance(value, str):
            raise fail(key, f'[targets.{name}] {key} must be a string')
    directory = table.get('directory', '')
    project_directory = table.get('project_directory', '')
    if not directory and not project_directory:
        raise fail(
            name,
            f'[targets.{name}]: give `directory` (user scope) '
            f'and/or `project_directory`',
        )
    raw_mcp = table.get('mcp', {})
    if not isinstance(raw_mcp, dict) or set(raw_mcp) - set(MCP_KEYS):
        raise fail(
            'mcp',
            f'[targets.{name}] mcp must be a table of {", ".join(MCP_KEYS)}',
        )
    mcp_format = raw_mcp.get('format', 'claude-code')
    if raw_mcp and mcp_format not in SHAPES:
        raise fail(
            'format',
            f'[targets.{name}] mcp format must be one of '
            f'{", ".join(SHAPES)}, not {mcp_format!r}',
        )
    kinds = frozenset(k for k in FOLDER_KINDS if k in table)
    if raw_mcp.get('file'):
        kinds |= {'mcp'}
    spec = Spec(
        directory=directory,
        project_directory=project_directory,
        program=table.get('program', ''),
        folders=tuple((k, table[k]) for k in FOLDER_KINDS if k in table),
        mcp_file=raw_mcp.get('file', ''),
        mcp_key=raw_mcp.get('key', 'mcpServers'),
        mcp_format=mcp_format,
    )
    scopes = {
        'user': kinds if directory else frozenset(),
        'project': kinds if project_directory else frozenset(),
    }
    return Custom(name, table.get('display_name', name), scopes, spec)

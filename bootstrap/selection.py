"""Config + command line -> which tools, in which scope, for which home."""

from __future__ import annotations

import os
from collections.abc import Mapping
from collections.abc import Sequence
from typing import NamedTuple

from bootstrap import config
from bootstrap.all_targets import registry
from bootstrap.errors import UsageError
from bootstrap.launcher import OTHER_COMMANDS
from bootstrap.target_base import Context
from bootstrap.target_base import ToolInstaller


class Selected(NamedTuple):
    name: str
    installer: ToolInstaller
    ctx: Context
    explicit: bool  # named on the command line


def home_dir(home: str | None, env: Mapping[str, str]) -> str:
    if home:
        return os.path.abspath(home)
    return env.get('HOME') or os.path.expanduser('~')


def select(
    cfg: config.Config,
    names: Sequence[str],
    scope: str | None,
    home: str | None,
    env: Mapping[str, str],
) -> list[Selected]:
    configured = {t.name: t for t in cfg.tools}
    targets = registry(cfg.targets, need=[*names, *configured])
    for name in names:
        if name in OTHER_COMMANDS:
            raise UsageError(
                f'{name!r} is a command, read here as a tool to sync: '
                f'put the command first (`bootstrap-tools {name} '
                f'--home DIR`, not `bootstrap-tools --home DIR {name}`)'
            )
        if name not in targets:
            hint = config._suggest(name, sorted(targets)) or config._suggest(
                name, ('sync', 'hook', *OTHER_COMMANDS), 'the command '
            )
            raise UsageError(
                f'unknown tool {name!r}{hint}'
                f' (run `bootstrap-tools targets` for the list)',
            )
    chosen = list(names) or list(configured)
    out = []
    for name in chosen:
        tool = configured.get(name)
        kinds = tool.kinds if tool else frozenset(config.C.KINDS)
        tool_scope = scope or (tool.scope if tool else cfg.scope)
        ctx = Context(
            home_dir(home, env),
            cfg.project,
            tool_scope,
            kinds,
            env,
            cfg.source,
        )
        out.append(Selected(name, targets[name], ctx, bool(names)))
    return out

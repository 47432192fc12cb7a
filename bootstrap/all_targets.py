from __future__ import annotations

from collections.abc import Iterable

from bootstrap.target_base import ToolInstaller
from bootstrap.targets import claude_code
from bootstrap.targets import claude_desktop
from bootstrap.targets import codex
from bootstrap.targets import copilot
from bootstrap.targets import cursor
from bootstrap.targets import gemini_cli
from bootstrap.targets import opencode
from bootstrap.targets import qwen_code
from bootstrap.targets import windsurf

targets: dict[str, ToolInstaller] = {
    'claude-code': claude_code,
    'claude-desktop': claude_desktop,
    'codex': codex,
    'copilot': copilot,
    'cursor': cursor,
    'gemini-cli': gemini_cli,
    'opencode': opencode,
    'qwen-code': qwen_code,
    'windsurf': windsurf,
}
target_names = sorted(targets)

GROUP = 'bootstrap_tools.targets'


def plugins() -> dict[str, ToolInstaller]:
    """Targets other packages add through the `bootstrap_tools.targets`
    entry-point group (name -> a module or object like ours)."""
    from importlib.metadata import entry_points

    return {
        ep.name: ep.load()
        for ep in entry_points(group=GROUP)
        if ep.name not in targets  # a built-in keeps its name
    }


def registry(
    custom: Iterable[ToolInstaller] = (),
    need: Iterable[str] | None = None,
) -> dict[str, ToolInstaller]:
    """Built-ins, then plugins, then the project's own targets. Given the
    names a run `need`s, plugins are only looked up when one of them is
    neither built in nor declared (scanning entry points costs ~50 ms)."""
    own = {**targets, **{t.NAME: t for t in custom}}
    if need is not None and all(name in own for name in need):
        return own
    return {**targets, **plugins(), **own}

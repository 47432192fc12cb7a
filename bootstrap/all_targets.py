from __future__ import annotations

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

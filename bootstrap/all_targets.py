from __future__ import annotations

from bootstrap.target_base import ToolInstaller
from bootstrap.targets import claude_code
from bootstrap.targets import cursor

targets: dict[str, ToolInstaller] = {
    'claude-code': claude_code,
    'cursor': cursor,
}
target_names = sorted(targets)

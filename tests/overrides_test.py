"""Each tool's own override variable moves its files (and only its)."""

from __future__ import annotations

import json
import sys

import pytest

from testing.fixtures import project
from testing.fixtures import run

CASES: tuple[tuple[str, str, str], ...] = (
    # variable, tool, a file that must land below the variable's folder
    ('CLAUDE_CONFIG_DIR', 'claude-code', 'agents/reviewer.md'),
    ('CODEX_HOME', 'codex', 'agents/reviewer.toml'),
    ('CODEX_HOME', 'codex', 'config.toml'),
    ('GEMINI_CLI_HOME', 'gemini-cli', '.gemini/settings.json'),
    ('GEMINI_CLI_HOME', 'gemini-cli', '.gemini/agents/reviewer.md'),
    ('GEMINI_CLI_HOME', 'gemini-cli', '.agents/skills/release-notes/SKILL.md'),
    ('QWEN_HOME', 'qwen-code', 'settings.json'),
    ('QWEN_HOME', 'qwen-code', 'commands/git/changelog.toml'),
    ('COPILOT_HOME', 'copilot', 'mcp-config.json'),
    ('COPILOT_HOME', 'copilot', 'agents/reviewer.agent.md'),
    ('XDG_CONFIG_HOME', 'opencode', 'opencode/opencode.json'),
    ('XDG_CONFIG_HOME', 'opencode', 'opencode/agents/reviewer.md'),
)
LINUX_XDG = (
    ('XDG_CONFIG_HOME', 'copilot', 'Code/User/mcp.json'),
    ('XDG_CONFIG_HOME', 'claude-desktop', 'Claude/claude_desktop_config.json'),
)
if sys.platform == 'linux':  # platformdirs follows XDG there only
    CASES += LINUX_XDG


@pytest.mark.parametrize(('var', 'tool', 'rel'), CASES)
def test_override_moves_the_tools_files(
    tmp_path, sandbox, monkeypatch, var, tool, rel
):
    moved = tmp_path / 'elsewhere'
    monkeypatch.setenv(var, str(moved))
    proj = project(tmp_path)
    assert run(proj, 'sync', '--home', str(sandbox), tool) == 0
    assert (moved / rel).is_file()
    assert run(proj, 'uninstall', '--home', str(sandbox), tool) == 0
    assert not (moved / rel).exists()


def test_without_overrides_the_default_folders(tmp_path, sandbox):
    proj = project(tmp_path)
    tools = ('codex', 'gemini-cli', 'qwen-code', 'copilot', 'opencode')
    assert run(proj, 'sync', '--home', str(sandbox), *tools) == 0
    for rel in (
        '.codex/config.toml',
        '.gemini/settings.json',
        '.qwen/settings.json',
        '.copilot/mcp-config.json',
        '.config/opencode/opencode.json',
        '.agents/skills/release-notes/SKILL.md',
    ):
        assert (sandbox / rel).is_file(), rel


def test_qwen_home_tilde_is_the_home(tmp_path, sandbox, monkeypatch):
    monkeypatch.setenv('QWEN_HOME', '~/qwen-here')
    proj = project(tmp_path)
    assert run(proj, 'sync', '--home', str(sandbox), 'qwen-code') == 0
    settings = sandbox / 'qwen-here' / 'settings.json'
    assert 'docs' in json.loads(settings.read_text())['mcpServers']

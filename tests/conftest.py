from __future__ import annotations

import os

import pytest

TOOL_ENV = (
    'CLAUDE_CONFIG_DIR',
    'CODEX_HOME',
    'GEMINI_CLI_HOME',
    'COPILOT_HOME',
    'XDG_CONFIG_HOME',
    'BOOTSTRAP_TOOLS_FAULT',
    'BOOTSTRAP_TOOLS_COLOR',
    'BOOTSTRAP_TOOLS_LOCK_TIMEOUT',
    'PRE_COMMIT',
    'NO_COLOR',
)


@pytest.fixture(autouse=True)
def sandbox(tmp_path, monkeypatch):
    """No test may touch the real home or our real state directory."""
    home = tmp_path / 'home'
    home.mkdir()
    monkeypatch.setenv('HOME', str(home))
    monkeypatch.setenv('BOOTSTRAP_TOOLS_HOME', str(tmp_path / 'state'))
    monkeypatch.setenv('GIT_AUTHOR_NAME', 'test')
    monkeypatch.setenv('GIT_AUTHOR_EMAIL', 'test@example.com')
    monkeypatch.setenv('GIT_COMMITTER_NAME', 'test')
    monkeypatch.setenv('GIT_COMMITTER_EMAIL', 'test@example.com')
    for name in TOOL_ENV:
        monkeypatch.delenv(name, raising=False)
    # tools are "not on this machine" unless a test says otherwise
    monkeypatch.setenv('PATH', os.defpath)
    return home

"""`.ai/hooks.json`: Claude Code's hook shape, read and checked."""

from __future__ import annotations

import json
import os
import re
from typing import Any

from bootstrap import jsonc
from bootstrap.errors import UsageError

# Claude Code's hook events (code.claude.com/docs/en/hooks, 2026-08):
# hooks.json is in Claude Code's shape, so these are its names
EVENTS = frozenset(
    """
    SessionStart Setup InstructionsLoaded SessionEnd
    UserPromptSubmit UserPromptExpansion MessageDisplay Notification
    PreToolUse PermissionRequest PostToolUse PostToolUseFailure
    PostToolBatch PermissionDenied
    SubagentStart SubagentStop TaskCreated TaskCompleted TeammateIdle
    Stop StopFailure
    ConfigChange CwdChanged DirectoryAdded FileChanged WorktreeCreate
    WorktreeRemove
    PreCompact PostCompact
    Elicitation ElicitationResult
    """.split()
)


def _unknown_event(path: str, text: str, event: str) -> str:
    """A warning for an event no tool knows, with the line it is on and
    the event it is probably a typo of."""
    import difflib  # only for a typo

    key = re.search(
        re.escape(json.dumps(event, ensure_ascii=False)) + r'\s*:', text
    )
    line = f':{text.count(chr(10), 0, key.start()) + 1}' if key else ''
    known = {e.lower(): e for e in EVENTS}
    close = difflib.get_close_matches(event.lower(), known, n=1)
    fix = (
        f'did you mean {known[close[0]]!r}?'
        if close
        else 'use one of the events Claude Code documents'
    )
    return (
        f'{os.path.relpath(path)}{line}: unknown hook event {event!r}; its '
        f'hooks are installed for no tool -- {fix}'
    )


def load(path: str, warnings: list[str]) -> dict[str, Any]:
    """The hooks of known events; a warning for each unknown one."""
    try:
        with open(path, 'rb') as f:
            text = f.read().decode('utf-8-sig')
    except FileNotFoundError:
        return {}
    try:
        data = jsonc.loads(text)
    except jsonc.ParseError as e:
        raise UsageError(f'{path}:{e.line}:{e.col}: {e.msg}') from None
    hooks = data.get('hooks') if isinstance(data, dict) else None
    if not isinstance(hooks, dict) or not all(
        isinstance(groups, list) and all(isinstance(g, dict) for g in groups)
        for groups in hooks.values()
    ):
        raise UsageError(
            f'{path}: expected {{"hooks": {{"Event": [{{"matcher": ..., '
            f'"hooks": [...]}}]}}}} (Claude Code hook shape)',
        )
    for event in hooks:
        if event not in EVENTS:
            warnings.append(_unknown_event(path, text, event))
    return {k: v for k, v in hooks.items() if k in EVENTS}

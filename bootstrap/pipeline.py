"""Steps that apply a change and register its undo; roll back on failure."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from collections.abc import Iterable
from typing import NamedTuple

from bootstrap import constants as C
from bootstrap.errors import Cancelled
from bootstrap.fs import Undo

PushUndo = Callable[[Undo], None]


class Step(NamedTuple):
    name: str
    apply: Callable[[PushUndo], None]
    done: Callable[[], bool] | None = None  # True: skip, already done


def _inject_fault(tool: str, step: str) -> None:
    """Test hook at a process boundary: BOOTSTRAP_TOOLS_FAULT=tool:step."""
    fault = os.environ.get(C.ENV_FAULT)
    if fault and fault in (f'{tool}:{step}', f'*:{step}', f'{tool}:*'):
        raise OSError(f'injected fault at step {step!r}')


def run(
    steps: Iterable[Step],
    *,
    cancel: threading.Event,
    log: Callable[[str], None],
    tool: str = '',
) -> None:
    """Run `steps` in order; a failure (or cancel) undoes the completed
    steps newest first and re-raises."""
    with contextlib.ExitStack() as undo_stack:

        def push(undo: Undo) -> None:
            undo_stack.callback(undo)

        for step in steps:
            if cancel.is_set():
                raise Cancelled(step.name)
            if step.done is not None and step.done():
                continue
            _inject_fault(tool, step.name)
            step.apply(push)
            log(step.name)
        undo_stack.pop_all()

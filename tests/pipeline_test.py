from __future__ import annotations

import threading

import pytest

from bootstrap import pipeline
from bootstrap.fs import replace_file


def _never(push):  # pragma: no cover (must not run)
    raise AssertionError('ran')


def test_failed_step_undoes_finished_steps_newest_first(tmp_path):
    a, b = tmp_path / 'a', tmp_path / 'b'
    a.write_text('old a')
    order = []

    def write_a(push):
        push(replace_file(str(a), b'new a'))
        push(lambda: order.append('undo a'))

    def write_b(push):
        push(replace_file(str(b), b'new b'))
        push(lambda: order.append('undo b'))

    def boom(push):
        raise OSError('disk full')

    steps = [
        pipeline.Step('a', write_a),
        pipeline.Step('b', write_b),
        pipeline.Step('boom', boom),
        pipeline.Step('never', _never),
    ]
    with pytest.raises(OSError, match='disk full'):
        pipeline.run(steps, cancel=threading.Event(), log=order.append)
    assert a.read_text() == 'old a'
    assert not b.exists()
    assert order == ['a', 'b', 'undo b', 'undo a']


def test_success_keeps_changes_and_logs(tmp_path):
    a = tmp_path / 'a'
    log: list[str] = []
    steps = [
        pipeline.Step(
            'write',
            lambda push: push(
                replace_file(str(a), b'x'),
            ),
        )
    ]
    pipeline.run(steps, cancel=threading.Event(), log=log.append)
    assert a.read_text() == 'x'
    assert log == ['write']


def test_done_steps_are_skipped():
    log: list[str] = []
    steps = [
        pipeline.Step('skip', _never, lambda: True),
        pipeline.Step('run', lambda push: None, lambda: False),
    ]
    pipeline.run(steps, cancel=threading.Event(), log=log.append)
    assert log == ['run']


def test_cancel_before_first_step():
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(pipeline.Cancelled) as e:
        pipeline.run(
            [pipeline.Step('first', _never)], cancel=cancel, log=lambda s: None
        )
    assert str(e.value) == 'first'


def test_fault_injection(monkeypatch):
    monkeypatch.setenv('BOOTSTRAP_TOOLS_FAULT', 'x:second')
    log: list[str] = []
    steps = [
        pipeline.Step('first', lambda push: None),
        pipeline.Step('second', _never),
    ]
    with pytest.raises(OSError, match="injected fault at step 'second'"):
        pipeline.run(steps, cancel=threading.Event(), log=log.append, tool='x')
    assert log == ['first']
    pipeline.run(steps[:1], cancel=threading.Event(), log=log.append, tool='y')

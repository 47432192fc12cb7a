from __future__ import annotations

import threading
import time

import pytest

from bootstrap import file_lock
from bootstrap import paths
from bootstrap.errors import FatalError


def test_threads_take_turns(tmp_path):
    order: list[str] = []
    inside = threading.Event()

    def first():
        with file_lock.lock(str(tmp_path), order.append):
            order.append('a in')
            inside.set()
            time.sleep(0.2)
            order.append('a out')

    t = threading.Thread(target=first)
    t.start()
    inside.wait()
    with file_lock.lock(str(tmp_path), lambda msg: order.append('blocked')):
        order.append('b in')
    t.join()
    assert order == ['a in', 'blocked', 'a out', 'b in']


def test_uncontended_lock_says_nothing(tmp_path):
    said: list[str] = []
    with file_lock.lock(str(tmp_path), said.append):
        pass
    assert said == []


def test_timeout_names_directory_and_holder(tmp_path, monkeypatch):
    monkeypatch.setenv('BOOTSTRAP_TOOLS_LOCK_TIMEOUT', '0.1')
    inside, done = threading.Event(), threading.Event()

    def hold():
        with file_lock.lock(str(tmp_path), lambda m: None):
            inside.set()
            done.wait()

    t = threading.Thread(target=hold)
    t.start()
    inside.wait()
    said: list[str] = []
    try:
        with pytest.raises(FatalError) as e:
            with file_lock.lock(str(tmp_path), said.append):
                pass  # pragma: no cover
    finally:
        done.set()
        t.join()
    msg = str(e.value)
    assert msg.startswith(
        f'{tmp_path}: locked by another bootstrap-tools run (process '
    )
    assert 'gave up after 0.1s' in msg
    assert 'BOOTSTRAP_TOOLS_LOCK_TIMEOUT' in msg
    assert said == [f'waiting up to 0.1s for the lock on {tmp_path}']


def test_lock_lives_in_state_dir_not_target(tmp_path):
    target = tmp_path / 'target'
    target.mkdir()
    with file_lock.lock(str(target), lambda m: None):
        pass
    assert list(target.iterdir()) == []
    assert paths.lock_path(str(target)).startswith(str(tmp_path / 'state'))


def test_holder_unknown(tmp_path):
    assert file_lock.holder(str(tmp_path / 'x.lock')) == (
        'another bootstrap-tools run'
    )

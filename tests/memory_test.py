"""Memory the run let go goes back to the system (Linux, glibc)."""

from __future__ import annotations

import sys

import pytest

from bootstrap import memory


def _rss_kib() -> int:
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1])
    raise AssertionError('no VmRSS')  # pragma: no cover


def test_small_amounts_are_not_worth_it():
    assert memory.give_back(0) is False
    assert memory.give_back(memory.LARGE - 1) is False


@pytest.mark.skipif(
    not sys.platform.startswith('linux'), reason='glibc malloc_trim'
)
def test_freed_pages_go_back():
    # 64 MiB in chunks glibc serves from the heap, then something kept
    # above them, so that freeing them leaves a hole, not a heap top
    chunks = [bytes(1000) + bytes([i % 256]) for i in range(64 * 1024)]
    keep = [bytes(600) for _ in range(1000)]
    del chunks
    before = _rss_kib()
    assert memory.give_back(memory.LARGE) is True
    assert before - _rss_kib() > 32 * 1024  # KiB
    assert len(keep) == 1000

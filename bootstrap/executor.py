"""One pipeline per tool, all at once; results as each completes."""

from __future__ import annotations

import concurrent.futures
import threading
from collections.abc import Callable
from collections.abc import Generator
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar('T')
R = TypeVar('R')

Worker = Callable[[T, threading.Event], R]


def run(
    worker: Callable[[T, threading.Event], R],
    jobs: Sequence[T],
    workers: int | None = None,
) -> Generator[R]:
    """Yield `worker(job, cancel)` results in completion order.

    `workers` defaults to one per job; 1 runs inline with no threads. One
    `threading.Event` is shared: a worker that fails sets it, and the
    others stop at their next step boundary.
    """
    cancel = threading.Event()
    n = min(workers or len(jobs), len(jobs)) or 1
    if n == 1:
        for job in jobs:
            yield worker(job, cancel)
        return
    with concurrent.futures.ThreadPoolExecutor(n) as ex:
        futures = [ex.submit(worker, job, cancel) for job in jobs]
        try:
            for future in concurrent.futures.as_completed(futures):
                yield future.result()
        except BaseException:  # ^C: stop the rest at their next step
            cancel.set()
            ex.shutdown(wait=True, cancel_futures=True)
            raise

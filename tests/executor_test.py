from __future__ import annotations

import threading
import time

from bootstrap import executor


def test_one_worker_runs_inline():
    seen = []

    def worker(job, cancel):
        seen.append(threading.current_thread() is threading.main_thread())
        return job * 2

    assert list(executor.run(worker, [1, 2, 3], 1)) == [2, 4, 6]
    assert seen == [True, True, True]


def test_all_at_once_by_default():
    barrier = threading.Barrier(4, timeout=5)

    def worker(job, cancel):
        barrier.wait()  # deadlocks unless all four run at once
        return job

    assert sorted(executor.run(worker, [1, 2, 3, 4])) == [1, 2, 3, 4]


def test_results_in_completion_order():
    def worker(job, cancel):
        time.sleep(job)
        return job

    assert list(executor.run(worker, [0.3, 0.0, 0.15])) == [0.0, 0.15, 0.3]


def test_shared_cancel_event():
    events = []

    def worker(job, cancel):
        events.append(cancel)
        if job == 'fail':
            cancel.set()
        return job

    list(executor.run(worker, ['fail', 'ok'], 2))
    assert events[0] is events[1]
    assert events[0].is_set()


def test_abandoned_run_cancels_workers():
    """^C in the main thread closes the generator: the others stop."""
    started = threading.Event()
    outcome = []

    def worker(job, cancel):
        if job == 'slow':
            started.set()
            outcome.append(cancel.wait(5))
            return 'slow'
        started.wait(5)
        return 'fast'

    results = executor.run(worker, ['slow', 'fast'])
    assert next(results) == 'fast'
    results.close()  # what a KeyboardInterrupt in the consumer does
    assert outcome == [True]


def test_no_jobs():
    assert list(executor.run(lambda j, c: j, [])) == []

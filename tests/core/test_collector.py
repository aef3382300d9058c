"""core.collector: the cyclic garbage collector paused during a large file or a long PDF, and
always given back as it was."""

import gc
import threading

import pytest

from comptoir.core.collector import collector_paused


def test_the_collector_is_paused_for_the_block_and_given_back():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():  # a block inside another (or in another thread)
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer block is still running


def test_the_collector_comes_back_after_a_failure():
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("disk full")
    assert gc.isenabled()


def test_a_collector_disabled_by_the_caller_stays_disabled():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_threads_inside_at_once_give_the_collector_back_once_all_are_done():
    inside, release = threading.Barrier(3), threading.Event()

    def render():
        with collector_paused():
            inside.wait()
            release.wait()

    threads = [threading.Thread(target=render) for _ in range(2)]
    for thread in threads:
        thread.start()
    inside.wait()
    assert not gc.isenabled()
    release.set()
    for thread in threads:
        thread.join()
    assert gc.isenabled()


def test_after_a_block_that_made_millions_of_objects_they_are_not_walked_but_come_back_later():
    """The first pass after the block would walk every object it made; they are frozen
    instead, and given back to the collector when the next block starts."""
    gc.collect()
    with collector_paused():
        rows = [[f"Client {n}"] for n in range(300_000)]  # lists: always tracked
        cycle = [rows[:1]]
        cycle.append(cycle)  # a cycle made during the block
    assert gc.get_freeze_count() >= 300_000
    assert gc.get_count()[0] < 1_000
    del cycle
    with collector_paused():
        assert gc.get_freeze_count() == 0
    assert gc.collect() >= 1  # the cycle, found by a full pass
    assert len(rows) == 300_000


def test_after_a_small_block_nothing_is_frozen():
    with collector_paused():
        made = [{"n": n} for n in range(1_000)]
    assert gc.get_freeze_count() == 0
    assert len(made) == 1_000

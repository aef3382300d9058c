"""Python's cyclic garbage collector paused during work that makes millions of objects.

The collector's passes are triggered by the count of objects made, and each walks the young
objects again: reading a million-row file (two thirds of the time spent building its rows)
or laying out a long PDF (hundreds of thousands of linked boxes, a third of a 500-line
quote) spent much of their time there, for nothing (docs/decisions.md, 82 and 83).
Reference counting still frees what is no longer used; only reference cycles wait.

Given back, the collector would walk everything the block made at its first pass (all of
it is "young"): a second for a million imported rows, still alive and about to be used,
at the end of each block that made them. From FREEZE_FROM objects made, the block's end
freezes what is alive instead (gc.freeze: out of the collector's sight, and nothing
walked); the next block's start gives them back to the oldest generation, where a full
pass finds any cycle among them, so nothing stays out of sight for long (decision 90).
"""

import gc
import threading
from contextlib import contextmanager

_lock = threading.Lock()
_running = 0
_was_enabled = False
_collect_wanted = False
# Objects made during a block beyond which its end freezes them rather than have the
# collector walk them (a web request makes a few thousand; a million-row import, millions).
FREEZE_FROM = 200_000


@contextmanager
def collector_paused(*, collect: bool = False):
    """The collector off for the block. Threads inside at once share the pause; the last one
    out restores the collector as it was, and collects the youngest generation once if a
    block asked for it (`collect=True`: work that leaves reference cycles behind, such as
    WeasyPrint's boxes), else freezes what is alive if the blocks made FREEZE_FROM objects
    or more (see above)."""
    global _running, _was_enabled, _collect_wanted
    with _lock:
        if _running == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
            gc.unfreeze()
        _running += 1
        _collect_wanted = _collect_wanted or collect
    try:
        yield
    finally:
        with _lock:
            _running -= 1
            last = _running == 0
            restore, sweep = last and _was_enabled, last and _collect_wanted
            if last:
                _collect_wanted = False
            if restore:
                if not sweep and gc.get_count()[0] >= FREEZE_FROM:
                    gc.freeze()
                gc.enable()
        if sweep and restore:
            gc.collect(0)

"""Sharing a loop over thousands of files between processes, for the commands a contributor waits for."""

from __future__ import annotations

import gc
import math
import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Starting a process and sending its results back costs about as much as reading a few hundred portraits.
MIN_ITEMS_PER_PROCESS = 500
CHUNKS_PER_PROCESS = 4  # results come back while the others are still being read
# fork starts a process at once, with everything already imported; macOS and Windows need spawn.
START_METHOD = "fork" if sys.platform == "linux" else "spawn"


def available_processors() -> int:
    """The processors this process may run on (fewer than the machine's in a container or under ``taskset``)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def in_processes(function: Callable[[Item], Result], items: Sequence[Item], processes: int) -> list[Result]:
    """``[function(item) for item in items]``, shared between this process and up to ``processes - 1`` others when
    there are enough items to pay for starting them; ``function`` and the others' items travel by pickle."""
    processes = min(processes, len(items) // MIN_ITEMS_PER_PROCESS)
    if processes < 2:
        return [function(item) for item in items]
    context = multiprocessing.get_context(START_METHOD)
    own = len(items) // processes  # this process's share, the first items: theirs need no pickling
    chunk = math.ceil((len(items) - own) / ((processes - 1) * CHUNKS_PER_PROCESS))
    with ProcessPoolExecutor(processes - 1, mp_context=context, initializer=gc.disable) as pool:
        others = pool.map(function, items[own:], chunksize=chunk)
        return [function(item) for item in items[:own]] + list(others)

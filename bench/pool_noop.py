"""The in-process baseline of bench/run.sh: N no-op calls, two at a time, as psweep runs a Python function.

multiprocessing.Pool(2) maps a function that does nothing over N parameter sets, each result a dict of its
parameters, run id and timing as psweep records them, and the whole list is saved once at the end (psweep pickles
its database after the last run). Prints `<runs per second>`. Standard library only.

    python3 bench/pool_noop.py N
"""

import multiprocessing
import os
import pickle
import sys
import tempfile
import time
import uuid


def noop(params):
    started = time.time()
    return {**params, "_run_id": uuid.uuid4().hex, "_time_utc": started, "_exec_time": time.time() - started}


def main():
    n = int(sys.argv[1])
    grid = [{"i": i} for i in range(n)]
    start = time.perf_counter()
    with multiprocessing.Pool(2) as pool:
        results = pool.map(noop, grid)
    with tempfile.NamedTemporaryFile(suffix=".pk", delete=False) as database:
        pickle.dump(results, database)
    elapsed = time.perf_counter() - start
    os.unlink(database.name)
    assert len(results) == n
    print(f"{n / elapsed:.1f}")


if __name__ == "__main__":
    main()

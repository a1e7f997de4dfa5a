"""The baselines of `bench/run.sh worker`: the same small function (examples/worker/template/sim.py) run N times,
two at a time, without Runfleet, three ways. Prints one line per way: `<label>\t<runs per second>`.

    python3 bench/worker_bench.py N
"""

import json
import multiprocessing
import os
import subprocess
import sys
import threading
import time

TEMPLATE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples", "worker", "template")
sys.path.insert(0, TEMPLATE)

from sim import simulate  # noqa: E402

WAYS = 2


def params(i):
    return {"x": float(i), "y": 0.5}


def call(i):
    return simulate(params(i), ".")


def process_per_run(n):
    """python3 sim.py '{...}' per run, 2 at once: what a command template costs without any scheduler."""
    counter = iter(range(n))
    lock = threading.Lock()

    def loop():
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            subprocess.run([sys.executable, "-B", "sim.py", json.dumps(params(i))], cwd=TEMPLATE, check=True,
                           stdout=subprocess.DEVNULL)

    threads = [threading.Thread(target=loop) for _ in range(WAYS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def worker_protocol(n):
    """2 persistent workers (python3 sim.py) fed one request line at a time: the protocol's own cost."""
    workers = [subprocess.Popen([sys.executable, "-B", "sim.py"], cwd=TEMPLATE, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True, bufsize=1) for _ in range(WAYS)]

    def feed(worker, runs):
        for i in runs:
            worker.stdin.write(json.dumps({"runId": str(i), "attempt": 1, "params": params(i), "runDir": "."}) + "\n")
            worker.stdin.flush()
            result = json.loads(worker.stdout.readline())
            assert result["runId"] == str(i), result

    threads = [threading.Thread(target=feed, args=(w, range(k, n, WAYS))) for k, w in enumerate(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for w in workers:
        w.stdin.close()
        w.wait()


def pool(n):
    """psweep's way: multiprocessing.Pool(2).map over the parameter sets, calling the function directly."""
    with multiprocessing.Pool(WAYS) as workers:
        results = workers.map(call, range(n))
    assert len(results) == n


def pool_one_by_one(n):
    """The same with chunksize=1: one message each way per run, as the worker protocol has."""
    with multiprocessing.Pool(WAYS) as workers:
        results = workers.map(call, range(n), chunksize=1)
    assert len(results) == n


def per_second(n, way):
    start = time.perf_counter()
    way(n)
    return n / (time.perf_counter() - start)


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    print("process per run (python3 sim.py, 2 at once)\t%.1f" % per_second(min(n, 300), process_per_run))
    print("worker protocol alone (2 workers)\t%.1f" % per_second(n, worker_protocol))
    print("multiprocessing.Pool(2).map\t%.1f" % per_second(n, pool))
    print("multiprocessing.Pool(2).map, chunksize=1\t%.1f" % per_second(n, pool_one_by_one))

"""Turns a Python function into a Runfleet persistent worker (docs/worker-protocol.md). Standard library only.

    from runfleet_worker import serve

    def simulate(params, run_dir):
        return {"y": params["x"] ** 2}

    if __name__ == "__main__":
        serve(simulate)

The agent starts the script once per slot (template.worker: [python3, sim.py]) and writes one JSON request per line
on its stdin; serve() calls the function for each and writes one JSON result per line on stdout. What the function
returns (a dict of JSON values) becomes the run's outputs; an exception it raises fails that run alone, its message in
the run's error and its traceback on stderr (the worker's log), and the worker goes on with the next request. While the
function runs, print() goes to stderr, so that stdout carries result lines only. serve() returns when stdin ends: the
agent closes it to stop the worker.
"""

import json
import os
import sys
import traceback

__all__ = ["serve", "handle"]


def handle(fn, line, chdir=False):
    """Answers one request line with one result line (without its newline)."""
    try:
        request = json.loads(line)
    except ValueError as e:
        return json.dumps({"runId": None, "error": "the request is not JSON: %s" % e})
    if not isinstance(request, dict):
        return json.dumps({"runId": None, "error": "the request is not a JSON object"})
    run_id = request.get("runId")
    run_dir = request.get("runDir")
    try:
        if chdir and run_dir:
            os.chdir(run_dir)
        outputs = fn(request.get("params") or {}, run_dir)
        if outputs is None:
            outputs = {}
        if not isinstance(outputs, dict):
            raise TypeError("the function returned %s; return a dict of outputs" % type(outputs).__name__)
        # NaN and infinity are no JSON: refused here, as an error of this run, rather than as a broken line
        return json.dumps({"runId": run_id, "outputs": outputs}, allow_nan=False)
    except Exception as e:  # the run fails, the worker goes on
        traceback.print_exc(file=sys.stderr)
        sys.stderr.flush()
        message = ("%s: %s" % (type(e).__name__, e)).splitlines()[0] if str(e) else type(e).__name__
        return json.dumps({"runId": run_id, "error": message})


def serve(fn, chdir=False, stdin=None, stdout=None):
    """Serves requests from stdin until it ends, calling fn(params, run_dir) for each.

    chdir: run the function in the run's directory (os.chdir before each call), for functions that write files.
    """
    requests = stdin if stdin is not None else sys.stdin
    results = stdout if stdout is not None else sys.stdout
    if stdout is None:
        # print() in the function must not corrupt the protocol: it goes to stderr
        sys.stdout = sys.stderr
    for line in requests:
        if not line.strip():
            continue
        results.write(handle(fn, line, chdir) + "\n")
        results.flush()

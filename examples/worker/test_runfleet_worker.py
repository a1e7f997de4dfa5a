"""Unit tests of the worker helper (template/runfleet_worker.py) and the example function, and of the protocol spoken
by a real worker process. Run with `python3 -m unittest` in this directory.
"""

import io
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATE = os.path.join(HERE, "template")
sys.path.insert(0, TEMPLATE)

import runfleet_worker  # noqa: E402
import sim  # noqa: E402


def request(run_id, params, run_dir="/tmp"):
    return json.dumps({"runId": run_id, "attempt": 1, "params": params, "runDir": run_dir}) + "\n"


class HandleTest(unittest.TestCase):

    def test_a_returned_dict_becomes_the_outputs_of_the_run(self):
        line = runfleet_worker.handle(lambda p, d: {"y": p["x"] * 2, "dir": d}, request("r1", {"x": 4}, "/w/r1"))
        self.assertEqual(json.loads(line), {"runId": "r1", "outputs": {"y": 8, "dir": "/w/r1"}})

    def test_an_exception_becomes_an_error_line_naming_its_type(self):
        def fail(params, run_dir):
            raise ValueError("x must be positive")
        err = io.StringIO()
        stderr, sys.stderr = sys.stderr, err
        try:
            line = runfleet_worker.handle(fail, request("r2", {"x": -1}))
        finally:
            sys.stderr = stderr
        self.assertEqual(json.loads(line), {"runId": "r2", "error": "ValueError: x must be positive"})
        self.assertIn("Traceback", err.getvalue())

    def test_nan_and_a_non_dict_are_errors_of_the_run(self):
        stderr, sys.stderr = sys.stderr, io.StringIO()
        try:
            nan = json.loads(runfleet_worker.handle(lambda p, d: {"y": float("nan")}, request("r3", {})))
            listed = json.loads(runfleet_worker.handle(lambda p, d: [1, 2], request("r4", {})))
        finally:
            sys.stderr = stderr
        self.assertEqual(nan["runId"], "r3")
        self.assertIn("ValueError", nan["error"])
        self.assertIn("return a dict", listed["error"])

    def test_chdir_runs_the_function_in_the_run_directory(self):
        before = os.getcwd()
        with tempfile.TemporaryDirectory() as run_dir:
            try:
                line = runfleet_worker.handle(lambda p, d: {"cwd": os.getcwd()}, request("r5", {}, run_dir), True)
            finally:
                os.chdir(before)
            self.assertEqual(json.loads(line)["outputs"]["cwd"], os.path.realpath(run_dir))


class ServeTest(unittest.TestCase):

    def test_answers_one_line_per_request_in_order_and_skips_blank_lines(self):
        out = io.StringIO()
        lines = io.StringIO(request("a", {"x": 1, "y": 1}) + "\n" + request("b", {"x": 0, "y": 0}))
        runfleet_worker.serve(sim.simulate, stdin=lines, stdout=out)
        results = [json.loads(line) for line in out.getvalue().splitlines()]
        self.assertEqual([r["runId"] for r in results], ["a", "b"])
        self.assertAlmostEqual(results[0]["outputs"]["valley"], 0.0)
        self.assertAlmostEqual(results[1]["outputs"]["valley"], 1.0)


class WorkerProcessTest(unittest.TestCase):
    """sim.py as the agent starts it: a process reading stdin, print() kept off stdout, exiting when stdin ends."""

    def test_a_real_worker_answers_each_request_and_exits_at_the_end_of_its_input(self):
        script = os.path.join(TEMPLATE, "sim.py")
        worker = subprocess.Popen([sys.executable, "-B", script], cwd=TEMPLATE, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        out, err = worker.communicate(request("a", {"x": 2, "y": 4}) + request("b", {"x": "oops", "y": 0}),
                                      timeout=30)
        self.assertEqual(worker.returncode, 0, err)
        first, second = [json.loads(line) for line in out.splitlines()]
        self.assertEqual(first["outputs"]["valley"], 1.0)
        self.assertEqual(second["runId"], "b")
        self.assertIn("could not convert string to float", second["error"])
        self.assertIn("Traceback", err)

    def test_one_run_per_process_prints_the_outputs(self):
        out = subprocess.run([sys.executable, "-B", "sim.py", '{"x": 1, "y": 1}'], cwd=TEMPLATE,
                             capture_output=True, text=True, timeout=30, check=True).stdout
        self.assertAlmostEqual(json.loads(out)["valley"], 0.0)


if __name__ == "__main__":
    unittest.main()

"""A small simulation: the Rosenbrock valley with a damped wave on top, cheap enough that starting a process per run
costs more than the run. Three ways to run it:

    python3 sim.py                  a persistent worker (template.worker), serving requests on stdin
    python3 sim.py '{"x": 1.5, "y": 0.5}'   one run, its outputs printed as JSON (a process per run)
    from sim import simulate        a plain function (multiprocessing, tests)
"""

import json
import math
import sys

from runfleet_worker import serve


def simulate(params, run_dir):
    x = float(params["x"])
    y = float(params["y"])
    valley = (1 - x) ** 2 + 100 * (y - x * x) ** 2
    wave = math.exp(-0.1 * (x * x + y * y)) * math.cos(3 * x) * math.sin(2 * y)
    return {"f": valley + wave, "valley": valley}


if __name__ == "__main__":
    if len(sys.argv) > 1:
        print(json.dumps(simulate(json.loads(sys.argv[1]), ".")))
    else:
        serve(simulate)

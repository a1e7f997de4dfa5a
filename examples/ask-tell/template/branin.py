"""The objective of the ask/tell example: the Branin function, written as the output f to out.json.

Usage: python3 branin.py X1 X2 [SECONDS]. SECONDS (default 0) is slept first, so that a run lasts long enough
to be seen running and cancelled. Branin's minimum is 0.397887 at (-pi, 12.275), (pi, 2.275) and (9.42478, 2.475).
"""
import json
import math
import sys
import time


def branin(x1, x2):
    b = 5.1 / (4 * math.pi ** 2)
    c = 5 / math.pi
    t = 1 / (8 * math.pi)
    return (x2 - b * x1 ** 2 + c * x1 - 6) ** 2 + 10 * (1 - t) * math.cos(x1) + 10


def main(argv):
    x1, x2 = float(argv[1]), float(argv[2])
    time.sleep(float(argv[3]) if len(argv) > 3 else 0)
    value = branin(x1, x2)
    with open("out.json", "w", encoding="utf-8") as out:
        json.dump(dict(f=value), out)
    print("f=%r" % value)


if __name__ == "__main__":
    main(sys.argv)

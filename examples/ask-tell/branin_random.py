"""An ask/tell loop on Runfleet: minimises the Branin function with a tiny random search of its own.

Submits study.json (an external sampler: Runfleet runs the points this script posts), keeps `inFlight` points
posted, learns each result from the results service's event stream as it arrives, stops at the budget, closes the
sampler and prints the best point. Checks its own bookkeeping on the way: every point ends exactly once and no event
comes twice; exit code 1 when a check fails, 0 otherwise.

    python3 branin_random.py [--scheduler URL --results URL --token T] [--force-reconnect-after N] [--cancel-one]
                             [--pull] [--summary FILE]
"""

import argparse
import json
import os
import random
import sys
import time

from asktell import ApiError, AskTellClient, Endpoints

HERE = os.path.dirname(os.path.abspath(__file__))
# Half of the steps sample near the best point so far, at this fraction of each variable's range; the rest anywhere.
LOCAL_STEP = 0.1
EXPLORE_SHARE = 0.5


class RandomSearch:
    """Uniform samples mixed with Gaussian steps around the best point: a (1+1)-flavoured random search."""

    def __init__(self, variables, seed):
        self.variables = variables
        self.random = random.Random(seed)
        self.best = None  # (value, params)

    def ask(self):
        if self.best is None or self.random.random() < EXPLORE_SHARE:
            return {name: self.random.uniform(b["min"], b["max"]) for name, b in self.variables.items()}
        centre = self.best[1]
        return {name: min(b["max"], max(b["min"], self.random.gauss(centre[name], LOCAL_STEP * (b["max"] - b["min"]))))
                for name, b in self.variables.items()}

    def tell(self, params, value):
        if value is not None and (self.best is None or value < self.best[0]):
            self.best = (value, dict(params))


def load_study(path):
    """The study document, with its template directory inlined as template.files, as `runfleet submit` does."""
    with open(path, encoding="utf-8") as f:
        study = json.load(f)
    template = study["template"]
    directory = template.pop("directory", None)
    if directory:
        root = os.path.join(os.path.dirname(os.path.abspath(path)), directory)
        files = {}
        for parent, _, names in os.walk(root):
            for name in names:
                full = os.path.join(parent, name)
                with open(full, encoding="utf-8") as f:
                    files[os.path.relpath(full, root).replace(os.sep, "/")] = f.read()
        files.update(template.get("files", {}))
        template["files"] = files
    return study


class Loop:
    """One study's ask/tell loop: what was posted, what came back, and the checks on both."""

    def __init__(self, client, study_id, sampler_section, search, log):
        self.client = client
        self.study_id = study_id
        self.search = search
        self.log = log
        self.in_flight_limit = sampler_section["inFlight"]
        self.budget = sampler_section["budget"]["maxRuns"]
        self.points = {}  # clientPointId -> {"params", "runId", "seq", "results": [(outcome, value, runId)]}
        self.pending = set()
        self.by_run = {}
        self.events_seen = []
        self.duplicate_events = []
        self.suggesting = True
        self.stop_event = None
        self.cancelled = None
        self.next_number = 0

    def fill(self, patience=0.0):
        """Posts as many new points as the budget and the free in-flight slots allow.

        The scheduler may learn of a run's end a moment after the event reaches us, and then refuses a point beyond
        its capacity (409, nothing created): we ask its sampler status and post fewer, or, with `patience` seconds,
        wait for a slot.
        """
        deadline = time.monotonic() + patience
        room = None  # the scheduler's capacity after a refusal: it may count a run we know ended as in flight
        while self.suggesting:
            wanted = min(self.in_flight_limit - len(self.pending), self.budget - len(self.points))
            if room is not None:
                wanted = min(wanted, room)
            if len(self.points) >= self.budget:
                self.suggesting = False
                return
            if wanted <= 0 and room is None:
                return  # every slot taken: the next result frees one
            if wanted <= 0:
                if time.monotonic() >= deadline:
                    return
                time.sleep(0.2)
                room = self.client.sampler(self.study_id).get("capacity", 0)
                continue
            try:
                self._post([self._new_point() for _ in range(wanted)])
                return
            except ApiError as e:
                if e.status != 409:
                    raise
                status = self.client.sampler(self.study_id)
                if status["state"] != "OPEN":
                    self.log("sampler %s (%s): no more points" % (status["state"], status.get("stopReason")))
                    self.suggesting = False
                    return
                room = status["capacity"]

    def _new_point(self):
        self.next_number += 1
        return "p%d" % self.next_number, self.search.ask()

    def _post(self, batch):
        answer = self.client.suggest(self.study_id, batch)
        params = dict(batch)
        for run in answer["runs"]:
            pid = run["clientPointId"]
            self.points[pid] = {"params": params[pid], "runId": run["runId"], "seq": run.get("seq"), "results": []}
            self.pending.add(pid)
            self.by_run[run["runId"]] = pid
        self.log("posted %s (capacity now %s)" % (", ".join(pid for pid, _ in batch), answer.get("capacity")))

    def handle(self, event):
        if event is None:
            return
        if event.id is not None:
            if event.id in self.events_seen:
                self.duplicate_events.append(event.id)
            self.events_seen.append(event.id)
        if event.is_study_stopped:
            self.stop_event = event.data
            self.log("study stopped: %s" % event.data.get("reason"))
        elif event.is_run_completed:
            self._completed(event.data)

    def _completed(self, data):
        pid = (data.get("sampler") or {}).get("clientPointId") or self.by_run.get(data.get("runId"))
        point = self.points.get(pid)
        if point is None:
            self.log("event %s: a run not posted here (%s); ignored" % (data.get("studySeq"), data.get("runId")))
            return
        outcome = data.get("outcome")
        value = (data.get("outputs") or {}).get("f") if outcome == "SUCCEEDED" else None
        point["results"].append({"outcome": outcome, "value": value, "runId": data.get("runId")})
        self.pending.discard(pid)
        self.search.tell(point["params"], value)
        detail = " f=%r" % value if value is not None else (": %s" % data["error"] if data.get("error") else "")
        self.log("%s %s%s" % (pid, outcome, detail))

    def _our_run(self, state):
        return next((run["id"] for run in self.client.runs(self.study_id, state) if run.get("id") in self.by_run), None)

    @property
    def done(self):
        return not self.suggesting and not self.pending

    def cancel_one(self, patience=5.0):
        """Cancels one of our runs once it runs (GET /runs?state=RUNNING), else one not yet ended, else the first."""
        deadline = time.monotonic() + patience
        target = None
        while target is None and time.monotonic() < deadline:
            target = self._our_run("RUNNING")
            if target is None:
                time.sleep(0.05)
        if target is None:
            target = next((run["id"] for run in self.client.runs(self.study_id) if run.get("id") in self.by_run
                           and run.get("state") in ("PENDING", "DISPATCHED", "RUNNING")), next(iter(self.by_run)))
        answer = self.client.cancel(self.study_id, [target])["runs"][0]
        self.cancelled = {"runId": target, "clientPointId": self.by_run[target], "answer": answer}
        self.log("cancelled %s (%s): %s" % (self.by_run[target], target, answer))

    def problems(self):
        """What went wrong in the bookkeeping: points without exactly one result, repeated or missing events."""
        found = []
        for pid, point in sorted(self.points.items()):
            if len(point["results"]) != 1:
                found.append("point %s has %d results, wants exactly 1" % (pid, len(point["results"])))
        if self.duplicate_events:
            found.append("events seen twice: %s" % sorted(set(self.duplicate_events)))
        ordered = sorted(set(self.events_seen))
        if ordered and ordered != list(range(ordered[0], ordered[0] + len(ordered))):
            found.append("event ids with gaps: %s" % ordered)
        if self.events_seen != sorted(self.events_seen):
            found.append("events out of order: %s" % self.events_seen)
        if self.cancelled is not None:
            results = self.points[self.cancelled["clientPointId"]]["results"]
            ended = results[0]["outcome"] if results else None
            self.cancelled["eventOutcome"] = ended
            if ended != "CANCELLED" and not self.cancelled["answer"].get("cancelRequested"):
                found.append("cancelled run %s ended %s, cancel answered %s"
                             % (self.cancelled["runId"], ended, self.cancelled["answer"]))
        return found


def event_source(client, study_id, args):
    if args.pull:
        return client.pulled_events(study_id), None
    stream = client.events(study_id, drop_after=args.force_reconnect_after, idle_timeout=args.idle_timeout)
    return iter(stream), stream


def await_end(client, study_id, loop, source, seconds):
    """After the close: the study.stopped event if it comes within `seconds`, then the study's final state."""
    deadline = time.monotonic() + seconds
    while loop.stop_event is None and time.monotonic() < deadline:
        loop.handle(next(source))
    while time.monotonic() < deadline:
        study = client.study(study_id)
        if study.get("state") not in ("ACTIVE", "PENDING"):
            return study
        time.sleep(0.3)
    return client.study(study_id)


def run(args, log):
    client = AskTellClient(Endpoints.resolve(args.scheduler, args.results, args.token, args.data))
    study = load_study(args.study)
    sampler = study["sampler"]
    if args.max_runs:
        sampler["budget"]["maxRuns"] = args.max_runs
    if args.in_flight:
        sampler["inFlight"] = args.in_flight
    study_id = client.submit_study(study)
    log("study %s submitted to %s" % (study_id, client.endpoints.scheduler))
    loop = Loop(client, study_id, sampler, RandomSearch(sampler["variables"], args.seed), log)
    source, stream = event_source(client, study_id, args)
    deadline = time.monotonic() + args.timeout

    loop.fill(patience=10)
    if args.cancel_one:
        loop.cancel_one()
    while not loop.done:
        if time.monotonic() > deadline:
            raise TimeoutError("no end within %d s: no result yet for %s" % (args.timeout, ", ".join(
                "%s (run %s)" % (pid, loop.points[pid]["runId"]) for pid in sorted(loop.pending))))
        loop.handle(next(source))
        loop.fill(patience=0 if loop.pending else 10)

    try:
        closed = client.close(study_id)
    except ApiError as e:
        if e.status != 409:
            raise
        closed = client.sampler(study_id)  # it closed itself (budget) before we asked
    log("sampler %s" % closed.get("state"))
    final_study = await_end(client, study_id, loop, source, 30)
    final_sampler = client.sampler(study_id)
    if stream is not None:
        stream.close()

    problems = loop.problems()
    if final_sampler.get("state") not in ("CLOSED", "STOPPED"):
        problems.append("sampler ended %s, wants CLOSED or STOPPED" % final_sampler.get("state"))
    summary = {
        "studyId": study_id, "studyState": final_study.get("state"), "sampler": final_sampler,
        "points": loop.points, "eventIds": loop.events_seen, "duplicateEvents": loop.duplicate_events,
        "connections": stream.connections if stream else None, "forcedDrops": stream.forced_drops if stream else None,
        "cancelled": loop.cancelled, "stopEvent": loop.stop_event,
        "best": {"value": loop.search.best[0], "params": loop.search.best[1]} if loop.search.best else None,
        "problems": problems,
    }
    if args.summary:
        with open(args.summary, "w", encoding="utf-8") as f:
            json.dump(summary, f, indent=2)
    best = summary["best"]
    print("study %s %s: %d points, %d events%s" % (study_id, final_study.get("state"), len(loop.points),
                                                   len(loop.events_seen), "" if stream is None else
                                                   ", %d connections" % stream.connections))
    print("best f = %s at %s" % ((best["value"], best["params"]) if best else ("none", "no point succeeded")))
    server_best = final_sampler.get("best")
    if server_best:
        print("the sampler's best: f = %s at %s (%s)" % (server_best.get("value"), server_best.get("params"),
                                                         server_best.get("clientPointId")))
    for problem in problems:
        print("problem: " + problem, file=sys.stderr)
    return 1 if problems else 0


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scheduler", help="scheduler URL (else RUNFLEET_SCHEDULER_URL, else the local stack's)")
    parser.add_argument("--results", help="results service URL (else RUNFLEET_RESULTS_URL, else the local stack's)")
    parser.add_argument("--token", help="bearer token (else RUNFLEET_TOKEN, else the tokens file)")
    parser.add_argument("--data", help="data directory of a `runfleet up` stack (else RUNFLEET_DATA, else runfleet-data)")
    parser.add_argument("--study", default=os.path.join(HERE, "study.json"))
    parser.add_argument("--max-runs", type=int, help="override the study's budget.maxRuns")
    parser.add_argument("--in-flight", type=int, help="override the study's inFlight")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--force-reconnect-after", type=int, metavar="N",
                        help="drop the event stream after every N events and resume with Last-Event-ID")
    parser.add_argument("--cancel-one", action="store_true", help="cancel one running run; check it ends CANCELLED")
    parser.add_argument("--pull", action="store_true", help="pull pages of results instead of the event stream")
    parser.add_argument("--summary", metavar="FILE", help="write what happened as JSON (points, events, checks)")
    parser.add_argument("--timeout", type=int, default=300, help="seconds for the whole loop")
    parser.add_argument("--idle-timeout", type=float, default=5.0, help=argparse.SUPPRESS)
    parser.add_argument("--quiet", action="store_true", help="print only the outcome")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)

    def log(line):
        if not args.quiet:
            print(line, flush=True)

    try:
        return run(args, log)
    except (ApiError, OSError, TimeoutError, KeyError) as e:
        print("branin_random: %s" % e, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

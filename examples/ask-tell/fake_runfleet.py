"""An in-memory stand-in for the scheduler and results service of an ask/tell study, for the unit tests only.

It serves the REST and SSE contract the client programs against (docs/cli.md, examples/ask-tell/README.md) from one
port: suggestions with capacity and idempotency, the sampler status, close, cancellations, runs, the event stream
with Last-Event-ID and the pull form. Runs "execute" on a timer and end with the Branin value of their point.
It is not Runfleet: the system test AskTellIT runs the driver against the real services.
"""

import json
import os
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "template"))
from branin import branin  # noqa: E402

TOKEN = "fake-token"


class FakeStudy:
    def __init__(self, study_id, document, run_seconds):
        self.id = study_id
        sampler = document["sampler"]
        self.variables = sampler["variables"]
        self.in_flight_limit = sampler["inFlight"]
        self.max_runs = sampler["budget"]["maxRuns"]
        self.run_seconds = run_seconds
        self.runs = {}  # runId -> run
        self.by_point = {}
        self.events = []
        self.state = "ACTIVE"
        self.sampler_state = "OPEN"

    def in_flight(self):
        return [run for run in self.runs.values() if run["state"] in ("PENDING", "RUNNING")]

    def capacity(self):
        return max(0, min(self.in_flight_limit - len(self.in_flight()), self.max_runs - len(self.runs)))

    def sampler_status(self):
        counts = {state: sum(1 for run in self.runs.values() if run["state"] == state)
                  for state in ("SUCCEEDED", "FAILED", "CANCELLED")}
        done = [run for run in self.runs.values() if run["state"] == "SUCCEEDED"]
        best = min(done, key=lambda run: run["value"]) if done else None
        return {"kind": "external", "state": self.sampler_state, "inFlight": len(self.in_flight()),
                "done": counts["SUCCEEDED"], "failed": counts["FAILED"], "cancelled": counts["CANCELLED"],
                "created": len(self.runs), "capacity": self.capacity() if self.sampler_state == "OPEN" else 0,
                "best": None if best is None else {"runId": best["id"], "clientPointId": best["clientPointId"],
                                                   "params": best["params"], "value": best["value"],
                                                   "objective": "f"},
                "budget": {"maxRuns": self.max_runs, "runsLeft": self.max_runs - len(self.runs), "maxFailures": 5,
                           "failuresLeft": 5 - counts["FAILED"], "maxTime": None, "timeLeftSeconds": None},
                "stopReason": None if self.sampler_state == "OPEN" else "closed"}


class FakeRunfleet:
    def __init__(self, run_seconds=0.05):
        self.run_seconds = run_seconds
        self.studies = {}
        self.lock = threading.Condition()
        self.stream_headers = []  # the Last-Event-ID of every event stream request, None when absent
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        self.closing = False

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        with self.lock:
            self.closing = True
            self.lock.notify_all()
        self.server.shutdown()
        self.server.server_close()

    # --- behaviour -------------------------------------------------------------------------------------------------

    def submit(self, document):
        with self.lock:
            study = FakeStudy("s%d" % (len(self.studies) + 1), document, self.run_seconds)
            self.studies[study.id] = study
            return 201, {"id": study.id}

    def suggest(self, study, body):
        with self.lock:
            if study.sampler_state != "OPEN":
                return 409, {"message": "sampler is " + study.sampler_state}
            fresh = []
            for point in body["points"]:
                pid, params = point["clientPointId"], point["params"]
                known = study.by_point.get(pid)
                if known is not None and known["params"] != params:
                    return 409, {"message": "point %s was posted with other params" % pid}
                for name, value in params.items():
                    bounds = study.variables[name]
                    if not bounds["min"] <= value <= bounds["max"]:
                        return 400, {"message": "%s=%s is outside its bounds" % (name, value)}
                if known is None:
                    fresh.append((pid, params))
            if len(fresh) > study.capacity():
                return 409, {"message": "capacity %d" % study.capacity()}
            answers = []
            for pid, params in [(p["clientPointId"], p["params"]) for p in body["points"]]:
                run = study.by_point.get(pid)
                created = run is None
                if created:
                    run = {"id": "r%d" % (len(study.runs) + 1), "seq": len(study.runs), "clientPointId": pid,
                           "params": params, "state": "RUNNING", "value": None}
                    study.runs[run["id"]] = run
                    study.by_point[pid] = run
                    timer = threading.Timer(study.run_seconds, self._finish, (study, run, "SUCCEEDED"))
                    timer.daemon = True
                    timer.start()
                answers.append({"clientPointId": pid, "runId": run["id"], "seq": run["seq"], "created": created})
            return 200, {"runs": answers, "capacity": study.capacity()}

    def _finish(self, study, run, outcome):
        with self.lock:
            if run["state"] not in ("PENDING", "RUNNING"):
                return
            run["state"] = outcome
            if outcome == "SUCCEEDED":
                run["value"] = branin(run["params"]["x1"], run["params"]["x2"])
            seq = len(study.events) + 1
            study.events.append(("run-completed", {
                "type": "run.completed", "studyId": study.id, "studySeq": seq, "eventId": 1000 + seq,
                "runId": run["id"], "seq": run["seq"], "attempt": 1, "outcome": outcome,
                "outputs": {} if run["value"] is None else {"f": run["value"]}, "error": None,
                "params": run["params"], "sampler": {"clientPointId": run["clientPointId"], "round": 0}}))
            self._maybe_stop(study)
            self.lock.notify_all()

    def _maybe_stop(self, study):
        if study.sampler_state != "OPEN" and not study.in_flight() and study.state == "ACTIVE":
            study.state = "COMPLETED"
            seq = len(study.events) + 1
            study.events.append(("study.stopped", {"type": "study.stopped", "studyId": study.id, "studySeq": seq,
                                                   "reason": "closed", "stoppedAt": time.time()}))

    def close(self, study):
        with self.lock:
            study.sampler_state = "CLOSED"
            self._maybe_stop(study)
            self.lock.notify_all()
            return 200, study.sampler_status()

    def cancel(self, study, body):
        answers = []
        for run_id in body["runIds"]:
            run = study.runs.get(run_id)
            if run is None:
                answers.append({"runId": run_id, "outcome": "NOT_FOUND", "state": None, "cancelRequested": False})
            elif run["state"] in ("PENDING", "RUNNING"):
                self._finish(study, run, "CANCELLED")
                answers.append({"runId": run_id, "outcome": "CANCELLED", "state": "CANCELLED",
                                "cancelRequested": True})
            else:
                answers.append({"runId": run_id, "outcome": "ALREADY_ENDED", "state": run["state"],
                                "cancelRequested": False})
        return 200, {"runs": answers}

    # --- HTTP ------------------------------------------------------------------------------------------------------

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _answer(self, status, body):
                data = json.dumps(body).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _route(self, method):
                if self.headers.get("Authorization") != "Bearer " + TOKEN:
                    return self._answer(401, {"message": "token"})
                url = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(url.query))
                parts = url.path.strip("/").split("/")
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length)) if length else None
                if parts == ["studies"] and method == "POST":
                    return self._answer(*fake.submit(body))
                study = fake.studies.get(parts[1]) if len(parts) > 1 else None
                if study is None:
                    return self._answer(404, {"message": "no study"})
                tail = "/".join(parts[2:])
                if method == "GET" and tail == "":
                    return self._answer(200, {"id": study.id, "state": study.state})
                if method == "GET" and tail == "sampler":
                    return self._answer(200, study.sampler_status())
                if method == "GET" and tail == "runs":
                    runs = [{"id": r["id"], "seq": r["seq"], "state": r["state"]} for r in study.runs.values()
                            if query.get("state") in (None, r["state"])]
                    return self._answer(200, runs)
                if method == "POST" and tail == "suggestions":
                    return self._answer(*fake.suggest(study, body))
                if method == "POST" and tail == "sampler/close":
                    return self._answer(*fake.close(study))
                if method == "POST" and tail == "cancellations":
                    return self._answer(*fake.cancel(study, body))
                if method == "GET" and tail == "results":
                    after, limit = int(query.get("afterSeq", 0)), int(query.get("limit", 100))
                    with fake.lock:
                        later = [data for _, data in study.events if data["studySeq"] > after]
                    page = later[:limit]
                    return self._answer(200, {"studyId": study.id, "events": page,
                                              "lastSeq": page[-1]["studySeq"] if page else after,
                                              "more": len(later) > limit})
                if method == "GET" and tail == "events":
                    return self._stream(study)
                return self._answer(404, {"message": "no route"})

            def _stream(self, study):
                last = self.headers.get("Last-Event-ID")
                fake.stream_headers.append(last)
                sent = int(last) if last else 0
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True
                try:
                    self.wfile.write(b": stream open\n\n")
                    while True:
                        with fake.lock:
                            later = study.events[sent:]
                            if not later:
                                fake.lock.wait(0.3)
                                if fake.closing:
                                    return
                                later = study.events[sent:]
                        if not later:
                            self.wfile.write(b":keep-alive\n\n")
                        for name, data in later:
                            sent = data["studySeq"]
                            self.wfile.write(("id: %d\r\nevent: %s\r\ndata: %s\r\n\r\n"
                                              % (sent, name, json.dumps(data))).encode("utf-8"))
                        self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    return

            def do_GET(self):
                self._route("GET")

            def do_POST(self):
                self._route("POST")

        return Handler

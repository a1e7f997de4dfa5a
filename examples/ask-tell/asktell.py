"""A small ask/tell client for Runfleet's external sampler, standard library only.

The scheduler runs the points you post (`suggest`); the results service tells you how each ended, as a
server-sent event stream (`events`, resumed with Last-Event-ID after any break) or by pulling pages
(`pulled_events`). Both yield the same `Event` objects, so a driver does not care which it reads.

Where the services are and which token to send is found as the `runfleet` CLI finds them (docs/cli.md,
"Global options"): the argument, else RUNFLEET_SCHEDULER_URL / RUNFLEET_RESULTS_URL, else the ports of the
stack `runfleet up` keeps in <data>/stack.json, else localhost:8080 / :8081; the token from RUNFLEET_TOKEN,
else the strongest token of RUNFLEET_TOKEN_FILE or <data>/security/rest-tokens. <data> is RUNFLEET_DATA,
else ./runfleet-data.
"""

import http.client
import json
import os
import socket
import time
import urllib.error
import urllib.parse
import urllib.request

DEFAULT_SCHEDULER = "http://localhost:8080"
DEFAULT_RESULTS = "http://localhost:8081"
LOOPBACK = "127.0.0.1"
# Strongest first: the CLI takes admin before submit before read.
ROLE_STRENGTH = {"admin": 3, "submit": 2, "read": 1}


class ApiError(Exception):
    """A service answered with an error status; `status` and `body` (parsed JSON when it is JSON) say why."""

    def __init__(self, method, url, status, body):
        self.status = status
        self.body = body
        message = body.get("message") or body.get("error") if isinstance(body, dict) else body
        super().__init__("%s %s answered %d: %s" % (method, url, status, message or body))


class Endpoints:
    """The scheduler's and results service's base URLs and the bearer token, resolved like the CLI does."""

    def __init__(self, scheduler, results, token):
        self.scheduler = scheduler.rstrip("/")
        self.results = results.rstrip("/")
        self.token = token

    @staticmethod
    def resolve(scheduler=None, results=None, token=None, data_dir=None, environ=None):
        env = os.environ if environ is None else environ
        data = data_dir or env.get("RUNFLEET_DATA") or "runfleet-data"
        ports = _stack_ports(data)
        scheduler_url = (scheduler or env.get("RUNFLEET_SCHEDULER_URL")
                         or (ports and "http://%s:%d" % (LOOPBACK, ports["schedulerHttp"])) or DEFAULT_SCHEDULER)
        results_url = (results or env.get("RUNFLEET_RESULTS_URL")
                       or (ports and "http://%s:%d" % (LOOPBACK, ports["resultsHttp"])) or DEFAULT_RESULTS)
        if not token and env.get("RUNFLEET_TOKEN", "").strip():
            token = env["RUNFLEET_TOKEN"].strip()
        if not token:
            tokens_file = env.get("RUNFLEET_TOKEN_FILE") or os.path.join(data, "security", "rest-tokens")
            token = strongest_token(tokens_file)
        return Endpoints(scheduler_url.strip(), results_url.strip(), token)


def _stack_ports(data_dir):
    """The ports of the stack `runfleet up` started in data_dir, or None."""
    try:
        with open(os.path.join(data_dir, "stack.json"), encoding="utf-8") as f:
            return json.load(f).get("ports")
    except (OSError, ValueError):
        return None


def strongest_token(tokens_file):
    """The strongest token of a tokens file (`<name> <role>[,<role>...] <token>` lines), or None."""
    try:
        with open(tokens_file, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError:
        return None
    best, best_strength = None, -1
    for line in lines:
        fields = line.split()
        if len(fields) != 3 or fields[0].startswith("#"):
            continue
        strength = max(ROLE_STRENGTH.get(role, 0) for role in fields[1].split(","))
        if strength > best_strength:
            best, best_strength = fields[2], strength
    return best


class Event:
    """One study event: `id` is its studySeq, `type` the SSE event name (or the payload's type), `data` the JSON."""

    def __init__(self, event_id, event_type, data):
        self.id = event_id
        self.type = event_type
        self.data = data

    @property
    def is_run_completed(self):
        return self.type in ("run-completed", "run.completed")

    @property
    def is_study_stopped(self):
        return self.type in ("study.stopped", "study-stopped")

    def __repr__(self):
        return "Event(id=%r, type=%r)" % (self.id, self.type)


class SseParser:
    """The server-sent events line protocol (WHATWG HTML, "Event stream interpretation"), one line at a time.

    `feed(line)` answers a dispatched (id, event, data) triple at each blank line that ends an event with data, else
    None. Comment lines (`:keep-alive`) are skipped; `last_event_id` survives across events as the spec asks, so an
    event without an `id:` line keeps the id of the one before.
    """

    def __init__(self, last_event_id=None):
        self.last_event_id = last_event_id
        self.retry_ms = None
        self._event = ""
        self._data = []

    def feed(self, line):
        if line == "":
            return self._dispatch()
        if line.startswith(":"):
            return None
        field, sep, value = line.partition(":")
        if sep and value.startswith(" "):
            value = value[1:]
        if field == "event":
            self._event = value
        elif field == "data":
            self._data.append(value)
        elif field == "id":
            if "\0" not in value:
                self.last_event_id = value
        elif field == "retry":
            if value.isdigit():
                self.retry_ms = int(value)
        return None

    def _dispatch(self):
        data, event = self._data, self._event
        self._data, self._event = [], ""
        if not data:
            return None
        return self.last_event_id, event or "message", "\n".join(data)


def split_lines(raw):
    """A line as http.client reads it (up to LF) split further at a lone CR, the third SSE line ending."""
    text = raw.decode("utf-8")
    if text.endswith("\n"):
        text = text[:-1]
    if text.endswith("\r"):
        text = text[:-1]
    return text.split("\r")


def to_event(event_id, event_type, data_text):
    data = json.loads(data_text)
    seq = event_id if event_id not in (None, "") else data.get("studySeq")
    return Event(int(seq) if seq is not None else None, event_type if event_type != "message"
                 else data.get("type", event_type), data)


class EventStream:
    """`GET /studies/{id}/events` as an iterator of Events that survives broken connections.

    After a break (the server closed, a network error, a 5xx or 503 when its streams are all taken, a 404 for a study
    the results service does not know before its first result) it waits and
    connects again with `Last-Event-ID` set to the last event it yielded, so the server sends only what came after.
    `drop_after=N` closes the connection on purpose after every N events, which exercises exactly that path.
    `idle_timeout` bounds a read: on silence the iterator yields None, so a caller can check its own deadlines (the
    server's keep-alive comments arrive more often than that on a healthy stream).
    """

    def __init__(self, results_url, token, study_id, last_event_id=None, drop_after=None, idle_timeout=15.0,
                 reconnect_delay=0.5, max_failures=20):
        self.url = urllib.parse.urlsplit("%s/studies/%s/events" % (results_url, urllib.parse.quote(study_id)))
        self.token = token
        self.last_event_id = last_event_id
        self.drop_after = drop_after
        self.idle_timeout = idle_timeout
        self.reconnect_delay = reconnect_delay
        self.max_failures = max_failures
        self.connections = 0
        self.forced_drops = 0
        self._conn = None

    def __iter__(self):
        failures = 0
        while True:
            try:
                response = self._connect()
                failures = 0
                forced = yield from self._read(response)
                if not forced:
                    # The server ended the stream (a restart, its write timeout): not at once, in case it repeats.
                    time.sleep(self.reconnect_delay)
            except (OSError, http.client.HTTPException, _Retryable) as e:
                if isinstance(e, socket.timeout):
                    yield None
                failures += 1
                if failures > self.max_failures:
                    raise ConnectionError("the event stream at %s broke %d times in a row; last: %s"
                                          % (self.url.geturl(), failures - 1, e)) from e
                time.sleep(self._delay(e))
            finally:
                self.close()

    def close(self):
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _delay(self, error):
        if isinstance(error, _Retryable) and error.retry_after is not None:
            return error.retry_after
        return self.reconnect_delay

    def _connect(self):
        kind = http.client.HTTPSConnection if self.url.scheme == "https" else http.client.HTTPConnection
        self._conn = kind(self.url.hostname, self.url.port, timeout=self.idle_timeout)
        headers = {"Accept": "text/event-stream", "Cache-Control": "no-cache"}
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        if self.last_event_id is not None:
            headers["Last-Event-ID"] = str(self.last_event_id)
        path = self.url.path + ("?" + self.url.query if self.url.query else "")
        self._conn.request("GET", path, headers=headers)
        response = self._conn.getresponse()
        self.connections += 1
        if response.status == 200:
            return response
        body = _parsed(response.read())
        # 404: the results service may know a study only once its first result arrived; 5xx and 503 (all streams
        # taken) pass. A study that never becomes known ends in the max_failures error.
        if response.status >= 500 or response.status == 404:
            retry_after = response.getheader("Retry-After")
            raise _Retryable("HTTP %d: %s" % (response.status, body),
                             float(retry_after) if retry_after and retry_after.isdigit() else None)
        raise ApiError("GET", self.url.geturl(), response.status, body)

    def _read(self, response):
        parser = SseParser(self.last_event_id)
        on_this_connection = 0
        while True:
            raw = response.readline()
            if not raw:
                return False  # the server ended the stream: connect again after the last id
            for line in split_lines(raw):
                dispatched = parser.feed(line)
                if dispatched is None:
                    continue
                event = to_event(*dispatched)
                if event.id is not None:
                    self.last_event_id = event.id
                on_this_connection += 1
                yield event
                if self.drop_after and on_this_connection >= self.drop_after:
                    self.forced_drops += 1
                    return True


class _Retryable(Exception):
    def __init__(self, message, retry_after=None):
        super().__init__(message)
        self.retry_after = retry_after


def _parsed(raw):
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    try:
        return json.loads(text) if text.strip() else None
    except ValueError:
        return text


class AskTellClient:
    """The REST calls of an ask/tell loop. Every method answers the service's JSON; errors raise ApiError."""

    def __init__(self, endpoints, timeout=30.0, retries=3):
        self.endpoints = endpoints
        self.timeout = timeout
        self.retries = retries

    # --- scheduler -------------------------------------------------------------------------------------------------

    def submit_study(self, document):
        """POSTs a study (a dict, sent as JSON); answers its id."""
        return self._call("POST", self.endpoints.scheduler + "/studies", document, idempotent=False)["id"]

    def study(self, study_id):
        return self._call("GET", self._scheduler(study_id))

    def suggest(self, study_id, points):
        """Posts points [(clientPointId, params)]; answers {"runs": [...], "capacity": K}.

        Safe to repeat after a broken connection: the same id with the same params answers the same run
        (created=false), so this call retries like a GET.
        """
        body = {"points": [{"clientPointId": pid, "params": params} for pid, params in points]}
        return self._call("POST", self._scheduler(study_id, "/suggestions"), body)

    def runs(self, study_id, state=None, limit=1000):
        """The study's runs (GET /studies/{id}/runs), each with its `id` and `state`; not part of the ask/tell API."""
        query = urllib.parse.urlencode(dict({"limit": limit}, **({"state": state} if state else {})))
        return self._call("GET", self._scheduler(study_id, "/runs?" + query))

    def sampler(self, study_id):
        return self._call("GET", self._scheduler(study_id, "/sampler"))

    def capacity(self, study_id):
        """How many more points the sampler takes now (its inFlight limit minus the runs in flight)."""
        return self.sampler(study_id)["capacity"]

    def close(self, study_id, cancel_in_flight=False):
        body = {"cancelInFlight": True} if cancel_in_flight else None
        return self._call("POST", self._scheduler(study_id, "/sampler/close"), body)

    def cancel(self, study_id, run_ids):
        return self._call("POST", self._scheduler(study_id, "/cancellations"), {"runIds": list(run_ids)})

    # --- results service -------------------------------------------------------------------------------------------

    def events(self, study_id, last_event_id=None, drop_after=None, idle_timeout=15.0):
        return EventStream(self.endpoints.results, self.endpoints.token, study_id, last_event_id, drop_after,
                           idle_timeout)

    def results_page(self, study_id, after_seq=0, limit=100):
        query = urllib.parse.urlencode({"afterSeq": after_seq, "limit": limit})
        return self._call("GET", "%s/studies/%s/results?%s" % (self.endpoints.results, _quoted(study_id), query))

    def pulled_events(self, study_id, after_seq=0, limit=100, poll_interval=0.5):
        """The pull form of `events`: pages after the last seq seen, forever; None when a poll found nothing."""
        while True:
            try:
                page = self.results_page(study_id, after_seq, limit)
            except ApiError as e:
                if e.status != 404:
                    raise
                page = {}  # not known to the results service before its first result
            for data in page.get("events", []):
                event = Event(data.get("studySeq"), data.get("type", ""), data)
                if event.id is not None:
                    after_seq = event.id
                yield event
            after_seq = max(after_seq, page.get("lastSeq") or 0)
            if not page.get("more"):
                yield None
                time.sleep(poll_interval)

    # --- plumbing --------------------------------------------------------------------------------------------------

    def _scheduler(self, study_id, suffix=""):
        return "%s/studies/%s%s" % (self.endpoints.scheduler, _quoted(study_id), suffix)

    def _call(self, method, url, body=None, idempotent=True):
        data = None if body is None else json.dumps(body).encode("utf-8")
        headers = {"Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        if self.endpoints.token:
            headers["Authorization"] = "Bearer " + self.endpoints.token
        attempts = self.retries + 1 if idempotent else 1
        for attempt in range(attempts):
            request = urllib.request.Request(url, data=data, headers=headers, method=method)
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return _parsed(response.read())
            except urllib.error.HTTPError as e:
                error = ApiError(method, url, e.code, _parsed(e.read()))
                if e.code < 500 or attempt == attempts - 1:
                    raise error from None
            except (urllib.error.URLError, OSError, http.client.HTTPException):
                if attempt == attempts - 1:
                    raise
            time.sleep(0.5 * 2 ** attempt)
        raise AssertionError("unreachable")


def _quoted(study_id):
    return urllib.parse.quote(study_id, safe="")

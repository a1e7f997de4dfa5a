"""Unit tests of the ask/tell client: the SSE parser, reconnecting with Last-Event-ID, the pull form, the endpoints,
and the whole driver against an in-memory fake of the services. Run with `python3 -m unittest` in this directory.
"""

import io
import json
import os
import tempfile
import threading
import unittest
from contextlib import redirect_stdout, redirect_stderr
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import asktell
import branin_random
from fake_runfleet import TOKEN, FakeRunfleet


def feed_all(parser, lines):
    return [event for event in (parser.feed(line) for line in lines) if event is not None]


class SseParserTest(unittest.TestCase):

    def test_dispatches_an_event_at_the_blank_line_with_id_name_and_data(self):
        events = feed_all(asktell.SseParser(), ["id: 7", "event: run-completed", 'data: {"a": 1}', ""])
        self.assertEqual(events, [("7", "run-completed", '{"a": 1}')])

    def test_joins_data_lines_with_newlines_and_strips_one_leading_space_only(self):
        events = feed_all(asktell.SseParser(), ["data:  two", "data:x", ""])
        self.assertEqual(events, [(None, "message", " two\nx")])

    def test_skips_comments_and_unknown_fields_and_does_not_dispatch_without_data(self):
        parser = asktell.SseParser()
        self.assertEqual(feed_all(parser, [": keep-alive", "", ":", "bogus: 1", "id: 3", ""]), [])
        self.assertEqual(parser.last_event_id, "3", "an id without data still moves the last event id")

    def test_the_last_event_id_carries_over_to_an_event_without_an_id_line(self):
        events = feed_all(asktell.SseParser(), ["id: 4", "data: a", "", "data: b", ""])
        self.assertEqual([event[0] for event in events], ["4", "4"])

    def test_reads_retry_and_ignores_an_id_with_nul(self):
        parser = asktell.SseParser("1")
        feed_all(parser, ["retry: 2500", "retry: soon", "id: 9\0", "data: x", ""])
        self.assertEqual(parser.retry_ms, 2500)
        self.assertEqual(parser.last_event_id, "1")

    def test_a_field_without_colon_has_an_empty_value(self):
        events = feed_all(asktell.SseParser(), ["data", "data", ""])
        self.assertEqual(events, [(None, "message", "\n")])

    def test_splits_lines_at_crlf_lf_and_lone_cr(self):
        self.assertEqual(asktell.split_lines(b"id: 1\r\n"), ["id: 1"])
        self.assertEqual(asktell.split_lines(b"id: 1\n"), ["id: 1"])
        self.assertEqual(asktell.split_lines(b"id: 1\rdata: x\r\n"), ["id: 1", "data: x"])

    def test_an_event_takes_its_id_as_study_seq_and_a_generic_name_from_the_payload(self):
        event = asktell.to_event(None, "message", '{"type": "study.stopped", "studySeq": 12}')
        self.assertEqual((event.id, event.type, event.is_study_stopped), (12, "study.stopped", True))


CANNED = [(seq, "run-completed", {"type": "run.completed", "studySeq": seq, "runId": "r%d" % seq})
          for seq in range(1, 7)]


class CannedStream:
    """Serves CANNED after the request's Last-Event-ID; the first connection breaks off after `break_after` events."""

    def __init__(self, break_after=3, first_status=200, chunked=False):
        self.break_after = break_after
        self.first_status = first_status
        self.chunked = chunked
        self.requests = []
        canned = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                canned.requests.append((self.headers.get("Last-Event-ID"), self.headers.get("Authorization")))
                if len(canned.requests) == 1 and canned.first_status != 200:
                    self.send_response(canned.first_status)
                    self.send_header("Retry-After", "0")
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"{}")
                    return
                after = int(self.headers.get("Last-Event-ID") or 0)
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                if canned.chunked:
                    self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                self.write(b": hello\n\n")
                later = [event for event in CANNED if event[0] > after]
                if len(canned.requests) == 1:
                    later = later[:canned.break_after]
                for seq, name, data in later:
                    text = "id: %d\nevent: %s\ndata: %s\n\n:keep-alive\n\n" % (seq, name, json.dumps(data))
                    # split mid-line, as a chunked stream may: the reader must join the pieces
                    self.write(text[:10].encode())
                    self.write(text[10:].encode())
                if canned.chunked:
                    self.wfile.write(b"0\r\n\r\n")
                self.wfile.flush()
                self.close_connection = True

            def write(self, data):
                if canned.chunked:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                else:
                    self.wfile.write(data)
                # the connection closes here: the client must come back after the last id it saw

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def take(stream, count):
    events = []
    for event in stream:
        if event is not None:
            events.append(event)
        if len(events) == count:
            stream.close()
            return events
    return events


class EventStreamTest(unittest.TestCase):

    def test_a_broken_stream_resumes_after_the_last_event_without_loss_or_repeat(self):
        with CannedStream(break_after=3) as server:
            stream = asktell.EventStream(server.url, "t0k", "s1", reconnect_delay=0.01)
            events = take(stream, 6)
        self.assertEqual([event.id for event in events], [1, 2, 3, 4, 5, 6])
        self.assertEqual([last for last, _ in server.requests], [None, "3"])
        self.assertEqual(server.requests[0][1], "Bearer t0k")
        self.assertTrue(all(event.is_run_completed for event in events))

    def test_reads_a_chunked_stream_whose_chunks_split_lines(self):
        with CannedStream(break_after=2, chunked=True) as server:
            events = take(asktell.EventStream(server.url, None, "s1", reconnect_delay=0.01), 6)
        self.assertEqual([event.id for event in events], [1, 2, 3, 4, 5, 6])
        self.assertEqual([last for last, _ in server.requests], [None, "2"])

    def test_drop_after_reconnects_after_every_n_events(self):
        with CannedStream(break_after=99) as server:
            stream = asktell.EventStream(server.url, None, "s1", drop_after=2, reconnect_delay=0.01)
            events = take(stream, 6)
        self.assertEqual([event.id for event in events], [1, 2, 3, 4, 5, 6])
        self.assertEqual([last for last, _ in server.requests], [None, "2", "4"])
        self.assertEqual(stream.forced_drops, 2, "after events 2 and 4; the caller stops at 6")

    def test_resumes_from_a_given_last_event_id(self):
        with CannedStream(break_after=99) as server:
            events = take(asktell.EventStream(server.url, None, "s1", last_event_id=4), 2)
        self.assertEqual([event.id for event in events], [5, 6])
        self.assertEqual(server.requests[0][0], "4")

    def test_a_busy_service_is_asked_again(self):
        with CannedStream(break_after=99, first_status=503) as server:
            events = take(asktell.EventStream(server.url, None, "s1", reconnect_delay=0.01), 6)
        self.assertEqual(len(events), 6)
        self.assertEqual(len(server.requests), 2)

    def test_a_study_not_known_yet_is_asked_again(self):
        with CannedStream(break_after=99, first_status=404) as server:
            events = take(asktell.EventStream(server.url, None, "s1", reconnect_delay=0.01), 6)
        self.assertEqual(len(events), 6)

    def test_a_refused_token_is_raised_not_retried(self):
        with CannedStream(first_status=401) as server:
            with self.assertRaises(asktell.ApiError) as refused:
                take(asktell.EventStream(server.url, None, "s1"), 1)
        self.assertEqual(refused.exception.status, 401)
        self.assertEqual(len(server.requests), 1)


class EndpointsTest(unittest.TestCase):

    def test_takes_the_local_stacks_ports_and_strongest_token_like_the_cli(self):
        with tempfile.TemporaryDirectory() as data:
            with open(os.path.join(data, "stack.json"), "w") as f:
                json.dump({"ports": {"schedulerHttp": 9100, "resultsHttp": 9101}}, f)
            os.makedirs(os.path.join(data, "security"))
            with open(os.path.join(data, "security", "rest-tokens"), "w") as f:
                f.write("# comment\nread read R\nadmin admin A\nsubmit submit,read S\n")
            endpoints = asktell.Endpoints.resolve(environ={"RUNFLEET_DATA": data})
        self.assertEqual((endpoints.scheduler, endpoints.results, endpoints.token),
                         ("http://127.0.0.1:9100", "http://127.0.0.1:9101", "A"))

    def test_arguments_go_before_the_environment_and_the_environment_before_defaults(self):
        env = {"RUNFLEET_DATA": "/nonexistent", "RUNFLEET_RESULTS_URL": "http://r:1/", "RUNFLEET_TOKEN": " T "}
        endpoints = asktell.Endpoints.resolve(scheduler="http://s:2", environ=env)
        self.assertEqual((endpoints.scheduler, endpoints.results, endpoints.token), ("http://s:2", "http://r:1", "T"))
        self.assertEqual(asktell.Endpoints.resolve(environ={"RUNFLEET_DATA": "/nonexistent"}).scheduler,
                         "http://localhost:8080")


class DriverAgainstFakeTest(unittest.TestCase):
    """The whole loop against fake_runfleet: the contract as this client reads it, not the real services."""

    def drive(self, *flags):
        with FakeRunfleet(run_seconds=0.05) as fake, tempfile.TemporaryDirectory() as tmp:
            summary_file = os.path.join(tmp, "summary.json")
            out, err = io.StringIO(), io.StringIO()
            with redirect_stdout(out), redirect_stderr(err):
                code = branin_random.main(["--scheduler", fake.url, "--results", fake.url, "--token", TOKEN,
                                           "--max-runs", "12", "--summary", summary_file, "--timeout", "30",
                                           "--idle-timeout", "2"] + list(flags))
            with open(summary_file) as f:
                summary = json.load(f)
            self.assertEqual(code, 0, out.getvalue() + err.getvalue())
            return summary, fake

    def test_every_point_ends_once_through_forced_reconnects_and_a_cancel(self):
        summary, fake = self.drive("--force-reconnect-after", "3", "--cancel-one")
        self.assertEqual(summary["problems"], [])
        self.assertEqual(len(summary["points"]), 12)
        self.assertTrue(all(len(point["results"]) == 1 for point in summary["points"].values()))
        self.assertEqual(summary["eventIds"], list(range(1, 14)), "12 runs and the study.stopped event")
        self.assertEqual(summary["cancelled"]["eventOutcome"], "CANCELLED")
        self.assertEqual(summary["sampler"]["state"], "CLOSED")
        self.assertEqual(summary["studyState"], "COMPLETED")
        self.assertGreaterEqual(summary["forcedDrops"], 4)
        self.assertEqual(fake.stream_headers[:3], [None, "3", "6"])
        self.assertIsNotNone(summary["best"])

    def test_the_pull_form_sees_the_same_events(self):
        summary, _ = self.drive("--pull")
        self.assertEqual(summary["problems"], [])
        self.assertEqual(summary["eventIds"], list(range(1, 14)))
        self.assertIsNone(summary["connections"])

    def test_suggesting_again_answers_the_same_run_and_other_params_conflict(self):
        with FakeRunfleet() as fake:
            client = asktell.AskTellClient(asktell.Endpoints(fake.url, fake.url, TOKEN))
            study = branin_random.load_study(branin_random.os.path.join(branin_random.HERE, "study.json"))
            self.assertIn("branin.py", study["template"]["files"])
            study_id = client.submit_study(study)
            first = client.suggest(study_id, [("a", {"x1": 1.0, "x2": 2.0})])["runs"][0]
            again = client.suggest(study_id, [("a", {"x1": 1.0, "x2": 2.0})])["runs"][0]
            self.assertEqual((again["runId"], again["created"]), (first["runId"], False))
            with self.assertRaises(asktell.ApiError) as conflict:
                client.suggest(study_id, [("a", {"x1": 3.0, "x2": 2.0})])
            self.assertEqual(conflict.exception.status, 409)


if __name__ == "__main__":
    unittest.main()

import json
import threading
import unittest
import urllib.error
import urllib.request
from wsgiref.simple_server import WSGIRequestHandler, make_server

from .helpers import Sandbox


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # type: ignore[no-untyped-def]  # noqa: A002
        pass


class OverHttpTest(unittest.TestCase):
    """The app behind a real HTTP server (wsgiref), as the API talks to it."""

    def setUp(self) -> None:
        self.sandbox = Sandbox()
        self.addCleanup(self.sandbox.close)
        self.server = make_server("127.0.0.1", 0, self.sandbox.app, handler_class=QuietHandler)
        thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        thread.start()
        self.addCleanup(self.server.server_close)
        self.addCleanup(self.server.shutdown)
        self.base = f"http://127.0.0.1:{self.server.server_port}"

    def test_submit_and_poll_over_http(self) -> None:
        self.sandbox.add_video("clip.mov")
        request = urllib.request.Request(
            self.base + "/jobs", data=b'{"video": "clip.mov"}', headers={"Content-Type": "application/json"}, method="POST"
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            self.assertEqual(response.status, 202)
            job = json.loads(response.read())
        self.sandbox.jobs.wait_idle()
        with urllib.request.urlopen(self.base + f"/jobs/{job['id']}", timeout=5) as response:
            self.assertEqual(json.loads(response.read())["status"], "done")

    def test_errors_carry_json_bodies(self) -> None:
        with self.assertRaises(urllib.error.HTTPError) as raised:
            urllib.request.urlopen(self.base + "/nope", timeout=5)
        self.assertEqual(raised.exception.code, 404)
        self.assertEqual(json.loads(raised.exception.read()), {"error": "not found"})


if __name__ == "__main__":
    unittest.main()

import json
import unittest

from app.wsgi import VIDEO_EXTENSIONS

from .helpers import Sandbox, call


class WsgiAppTest(unittest.TestCase):
    def setUp(self) -> None:
        self.sandbox = Sandbox()
        self.addCleanup(self.sandbox.close)

    def test_health_reports_ok_and_whether_the_ml_stack_is_installed(self) -> None:
        status, headers, body = call(self.sandbox.app, "GET", "/health")
        self.assertEqual(status, 200)
        self.assertEqual(headers["Content-Type"], "application/json; charset=utf-8")
        self.assertEqual(set(body), {"status", "mlStack"})
        self.assertEqual(body["status"], "ok")
        self.assertIsInstance(body["mlStack"], bool)

    def test_a_job_runs_and_its_result_can_be_fetched(self) -> None:
        self.sandbox.add_video("runs/day1.mp4")
        status, headers, job = call(self.sandbox.app, "POST", "/jobs", json.dumps({"video": "runs/day1.mp4"}).encode())
        self.assertEqual(status, 202)
        self.assertRegex(job["id"], r"^[0-9a-f]{32}$")
        self.assertEqual(headers["Location"], f"/jobs/{job['id']}")
        self.assertEqual(job["video"], "runs/day1.mp4")
        self.assertIn(job["status"], ("queued", "running"))

        self.sandbox.jobs.wait_idle()
        status, _, done = call(self.sandbox.app, "GET", f"/jobs/{job['id']}")
        self.assertEqual(status, 200)
        self.assertEqual(
            done,
            {
                "id": job["id"],
                "status": "done",
                "video": "runs/day1.mp4",
                "result": {"frames": 3, "people": 2, "output": f"outputs/{job['id']}/poses.jsonl"},
            },
        )
        output = self.sandbox.settings.data_dir / done["result"]["output"]
        self.assertEqual(len(output.read_text().splitlines()), 3)
        self.assertEqual(
            self.sandbox.estimator.calls,
            [(self.sandbox.settings.videos_dir / "runs/day1.mp4", output)],
        )

    def test_invalid_job_requests_are_rejected_with_the_reason(self) -> None:
        self.sandbox.add_video("a.mp4")
        cases = [
            (b'{"video": 1', "application/json", 400, "body is not valid JSON"),
            (b'{"video": "a.mp4"}', "text/plain", 415, "content-type must be application/json"),
            (b"[]", "application/json", 400, "body must be a JSON object"),
            (b'{"video": ""}', "application/json", 400, '"video" must be a non-empty string'),
            (
                b'{"video": "../a.mp4"}',
                "application/json",
                400,
                '"video" must be a relative path inside the videos folder, without "." or ".." segments',
            ),
            (b'{"video": "/data/videos/a.mp4"}', "application/json", 400, '"video" must be a relative path inside the videos folder, without "." or ".." segments'),
            (b'{"video": "a.txt"}', "application/json", 400, '"video" must end in one of ' + ", ".join(sorted(VIDEO_EXTENSIONS))),
            (b'{"video": "missing.mp4"}', "application/json", 404, "no video missing.mp4 in the videos folder"),
        ]
        for body, content_type, expected_status, message in cases:
            with self.subTest(body=body, content_type=content_type):
                status, _, answer = call(self.sandbox.app, "POST", "/jobs", body, content_type)
                self.assertEqual((status, answer), (expected_status, {"error": message}))
        self.assertEqual(self.sandbox.estimator.calls, [])

    def test_oversized_bodies_are_refused(self) -> None:
        body = json.dumps({"video": "a.mp4", "padding": "x" * 70_000}).encode()
        status, _, answer = call(self.sandbox.app, "POST", "/jobs", body)
        self.assertEqual((status, answer), (413, {"error": "body must be at most 65536 bytes"}))

    def test_unknown_jobs_paths_and_methods(self) -> None:
        cases = [
            ("GET", "/jobs/" + "0" * 32, 404, {"error": "no such job"}, None),
            ("GET", "/jobs/not-an-id", 404, {"error": "no such job"}, None),
            ("GET", "/elsewhere", 404, {"error": "not found"}, None),
            ("GET", "/jobs", 405, {"error": "method not allowed"}, "POST"),
            ("DELETE", "/jobs/" + "0" * 32, 405, {"error": "method not allowed"}, "GET"),
            ("POST", "/health", 405, {"error": "method not allowed"}, "GET, HEAD"),
        ]
        for method, path, expected_status, expected_body, allow in cases:
            with self.subTest(method=method, path=path):
                status, headers, body = call(self.sandbox.app, method, path)
                self.assertEqual((status, body), (expected_status, expected_body))
                self.assertEqual(headers.get("Allow"), allow)


if __name__ == "__main__":
    unittest.main()

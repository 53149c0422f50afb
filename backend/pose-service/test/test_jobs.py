import threading
import unittest
from pathlib import Path
from typing import Tuple

from .helpers import Sandbox


class BlockingEstimator:
    """Holds each job until released, to observe the running state."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.release = threading.Event()

    def run(self, video: Path, output_file: Path) -> Tuple[int, int]:
        self.started.set()
        self.release.wait(5)
        output_file.write_text("")
        return 0, 0


class JobQueueTest(unittest.TestCase):
    def test_jobs_move_from_running_to_done_one_at_a_time(self) -> None:
        estimator = BlockingEstimator()
        sandbox = Sandbox(lambda: estimator)
        self.addCleanup(sandbox.close)
        first = sandbox.jobs.submit("a.mp4")
        second = sandbox.jobs.submit("b.mp4")
        self.assertTrue(estimator.started.wait(5))
        self.assertEqual(sandbox.jobs.snapshot(first.id)["status"], "running")
        self.assertEqual(sandbox.jobs.snapshot(second.id)["status"], "queued")
        estimator.release.set()
        sandbox.jobs.wait_idle()
        self.assertEqual([sandbox.jobs.snapshot(j.id)["status"] for j in (first, second)], ["done", "done"])

    def test_a_missing_ml_stack_fails_the_job_with_a_clear_message_and_is_retried_next_time(self) -> None:
        attempts = []

        def factory():  # type: ignore[no-untyped-def]
            attempts.append(1)
            raise ModuleNotFoundError("No module named 'torch'", name="torch")

        sandbox = Sandbox(factory)
        self.addCleanup(sandbox.close)
        job = sandbox.jobs.submit("a.mp4")
        again = sandbox.jobs.submit("a.mp4")
        sandbox.jobs.wait_idle()
        expected_error = "the ML stack is not installed in this image: No module named 'torch'"
        self.assertEqual(
            sandbox.jobs.snapshot(job.id),
            {"id": job.id, "status": "failed", "video": "a.mp4", "error": expected_error},
        )
        self.assertEqual(sandbox.jobs.snapshot(again.id)["error"], expected_error)
        self.assertEqual(len(attempts), 2)

    def test_an_estimator_error_fails_only_that_job(self) -> None:
        class FlakyEstimator:
            def __init__(self) -> None:
                self.calls = 0

            def run(self, video: Path, output_file: Path) -> Tuple[int, int]:
                self.calls += 1
                if video.name == "broken.mp4":
                    raise ValueError("cannot open video broken.mp4")
                output_file.write_text("{}\n")
                return 1, 1

        estimator = FlakyEstimator()
        sandbox = Sandbox(lambda: estimator)
        self.addCleanup(sandbox.close)
        with self.assertLogs("app.jobs", level="ERROR") as logs:
            broken = sandbox.jobs.submit("broken.mp4")
            fine = sandbox.jobs.submit("fine.mp4")
            sandbox.jobs.wait_idle()
        self.assertEqual([record.getMessage() for record in logs.records], [f"job {broken.id} failed"])
        self.assertEqual(sandbox.jobs.snapshot(broken.id)["error"], "ValueError: cannot open video broken.mp4")
        self.assertEqual(sandbox.jobs.snapshot(fine.id)["status"], "done")
        self.assertEqual(estimator.calls, 2)


if __name__ == "__main__":
    unittest.main()

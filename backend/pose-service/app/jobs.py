"""Pose jobs: an in-memory store and one worker thread (one GPU, one job at a time)."""

from __future__ import annotations

import logging
import queue
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, Optional, Protocol


@dataclass(frozen=True)
class PoseResult:
    frames: int
    people: int
    #: Path of the JSON-lines result file, relative to the data directory.
    output: str


class PoseEstimator(Protocol):
    def run(self, video: Path, output_file: Path) -> "tuple[int, int]":
        """Analyses ``video``, writes one JSON line per frame to ``output_file``; returns (frames, people)."""
        ...


EstimatorFactory = Callable[[], PoseEstimator]

log = logging.getLogger(__name__)


@dataclass
class Job:
    id: str
    video: str
    status: str = "queued"
    result: Optional[PoseResult] = None
    error: Optional[str] = None

    def to_json(self) -> Dict[str, object]:
        body: Dict[str, object] = {"id": self.id, "status": self.status, "video": self.video}
        if self.result is not None:
            body["result"] = {"frames": self.result.frames, "people": self.result.people, "output": self.result.output}
        if self.error is not None:
            body["error"] = self.error
        return body


@dataclass
class JobQueue:
    """Runs jobs in submission order on a single background thread.

    The estimator (which loads the ML stack and the models) is created on the first job, not at import
    or start-up, so the service answers health checks at once and runs without a GPU.
    """

    data_dir: Path
    estimator_factory: EstimatorFactory
    _jobs: Dict[str, Job] = field(default_factory=dict)
    _pending: "queue.Queue[Optional[str]]" = field(default_factory=queue.Queue)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _estimator: Optional[PoseEstimator] = None
    _worker: Optional[threading.Thread] = None

    def submit(self, video: str) -> Job:
        job = Job(id=uuid.uuid4().hex, video=video)
        with self._lock:
            self._jobs[job.id] = job
            if self._worker is None:
                self._worker = threading.Thread(target=self._work, name="pose-worker", daemon=True)
                self._worker.start()
        self._pending.put(job.id)
        return job

    def get(self, job_id: str) -> Optional[Job]:
        with self._lock:
            return self._jobs.get(job_id)

    def snapshot(self, job_id: str) -> Optional[Dict[str, object]]:
        with self._lock:
            job = self._jobs.get(job_id)
            return None if job is None else job.to_json()

    def stop(self, timeout: float = 5.0) -> None:
        """Lets the worker finish its current job and exit."""
        worker = self._worker
        if worker is not None:
            self._pending.put(None)
            worker.join(timeout)

    def wait_idle(self) -> None:
        """Blocks until every submitted job has finished (for tests and shutdown)."""
        self._pending.join()

    def _work(self) -> None:
        while True:
            job_id = self._pending.get()
            try:
                if job_id is None:
                    return
                self._run(job_id)
            finally:
                self._pending.task_done()

    def _run(self, job_id: str) -> None:
        with self._lock:
            job = self._jobs[job_id]
            job.status = "running"
        output_rel = Path("outputs") / job_id / "poses.jsonl"
        try:
            if self._estimator is None:
                self._estimator = self.estimator_factory()
            output_file = self.data_dir / output_rel
            output_file.parent.mkdir(parents=True, exist_ok=True)
            frames, people = self._estimator.run(self.data_dir / "videos" / job.video, output_file)
        except ImportError as error:
            self._finish(job, error=f"the ML stack is not installed in this image: {error}")
        except Exception as error:  # noqa: BLE001 - any failure of a job is reported on that job
            log.exception("job %s failed", job_id)
            self._finish(job, error=f"{type(error).__name__}: {error}")
        else:
            self._finish(job, result=PoseResult(frames=frames, people=people, output=output_rel.as_posix()))

    def _finish(self, job: Job, result: Optional[PoseResult] = None, error: Optional[str] = None) -> None:
        with self._lock:
            job.result = result
            job.error = error
            job.status = "failed" if error is not None else "done"

"""Shared helpers for the pose service tests (standard library only)."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path
from typing import Dict, List, Optional, Tuple
from wsgiref.util import setup_testing_defaults

from app.jobs import JobQueue
from app.settings import Settings
from app.wsgi import WsgiApp, create_app


class FakeEstimator:
    """Writes a fixed number of frames, remembering what it was asked to analyse."""

    def __init__(self, frames: int = 3, people: int = 2) -> None:
        self.frames = frames
        self.people = people
        self.calls: List[Tuple[Path, Path]] = []

    def run(self, video: Path, output_file: Path) -> Tuple[int, int]:
        self.calls.append((video, output_file))
        with output_file.open("w", encoding="utf-8") as out:
            for frame in range(self.frames):
                out.write(json.dumps({"frame": frame, "people": [{}] * self.people}) + "\n")
        return self.frames, self.people


class Sandbox:
    """A temporary data directory with a videos folder, and an app wired to it."""

    def __init__(self, estimator_factory=None) -> None:  # type: ignore[no-untyped-def]
        self._tmp = tempfile.TemporaryDirectory()
        root = Path(self._tmp.name)
        self.settings = Settings(data_dir=root / "data", models_dir=root / "models")
        self.settings.videos_dir.mkdir(parents=True)
        self.estimator = FakeEstimator()
        self.jobs = JobQueue(self.settings.data_dir, estimator_factory or (lambda: self.estimator))
        self.app: WsgiApp = create_app(self.settings, self.jobs)

    def add_video(self, relative: str) -> Path:
        path = self.settings.videos_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"not really a video")
        return path

    def close(self) -> None:
        self.jobs.stop()
        self._tmp.cleanup()


def call(app: WsgiApp, method: str, path: str, body: Optional[bytes] = None, content_type: str = "application/json") -> Tuple[int, Dict[str, str], object]:
    environ: Dict[str, object] = {"REQUEST_METHOD": method, "PATH_INFO": path}
    setup_testing_defaults(environ)
    if body is not None:
        environ["CONTENT_TYPE"] = content_type
        environ["CONTENT_LENGTH"] = str(len(body))
        environ["wsgi.input"] = io.BytesIO(body)
    captured: Dict[str, object] = {}

    def start_response(status: str, headers: List[Tuple[str, str]]) -> None:
        captured["status"] = int(status.split(" ", 1)[0])
        captured["headers"] = dict(headers)

    data = b"".join(app(environ, start_response))
    return captured["status"], captured["headers"], json.loads(data)  # type: ignore[return-value]

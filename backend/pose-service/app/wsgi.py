"""The WSGI application (``gunicorn app.wsgi:application``).

Only the standard library is imported here: the ML stack is imported by ``app.pipeline`` when the
first job runs, so the service starts, answers /health and runs its tests without a GPU or torch.
"""

from __future__ import annotations

import importlib.util
import json
import re
from http import HTTPStatus
from pathlib import PurePosixPath
from typing import Callable, Dict, Iterable, List, Optional, Tuple

from .jobs import EstimatorFactory, JobQueue
from .settings import Settings

StartResponse = Callable[[str, List[Tuple[str, str]]], object]
Environ = Dict[str, object]
WsgiApp = Callable[[Environ, StartResponse], Iterable[bytes]]

MAX_BODY_BYTES = 64 * 1024
VIDEO_EXTENSIONS = {".mp4", ".mov", ".mkv", ".avi", ".webm"}
JOB_PATH = re.compile(r"^/jobs/([0-9a-f]{32})$")
#: Modules whose presence /health reports, found without importing them.
ML_MODULES = ("torch", "detectron2", "hmr2")


class HttpError(Exception):
    def __init__(self, status: HTTPStatus, message: str, allow: Optional[str] = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.allow = allow


def _respond(start_response: StartResponse, status: HTTPStatus, body: object, extra: Optional[List[Tuple[str, str]]] = None) -> List[bytes]:
    data = json.dumps(body).encode("utf-8")
    headers = [
        ("Content-Type", "application/json; charset=utf-8"),
        ("Content-Length", str(len(data))),
        ("Cache-Control", "no-store"),
    ]
    start_response(f"{status.value} {status.phrase}", headers + (extra or []))
    return [data]


def _read_json(environ: Environ) -> object:
    content_type = str(environ.get("CONTENT_TYPE") or "")
    if not content_type.lower().startswith("application/json"):
        raise HttpError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "content-type must be application/json")
    try:
        length = int(str(environ.get("CONTENT_LENGTH") or "0"))
    except ValueError:
        raise HttpError(HTTPStatus.BAD_REQUEST, "invalid content-length") from None
    if length > MAX_BODY_BYTES:
        raise HttpError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"body must be at most {MAX_BODY_BYTES} bytes")
    stream = environ["wsgi.input"]
    raw = stream.read(length) if length > 0 else b""  # type: ignore[attr-defined]
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise HttpError(HTTPStatus.BAD_REQUEST, "body is not valid JSON") from None


def validate_video(body: object, settings: Settings) -> str:
    """Returns the video path from a job request, relative to the videos directory."""
    if not isinstance(body, dict):
        raise HttpError(HTTPStatus.BAD_REQUEST, "body must be a JSON object")
    video = body.get("video")
    if not isinstance(video, str) or video == "":
        raise HttpError(HTTPStatus.BAD_REQUEST, '"video" must be a non-empty string')
    parts = video.split("/")
    if video.startswith("/") or "\\" in video or any(part in ("", ".", "..") for part in parts):
        raise HttpError(
            HTTPStatus.BAD_REQUEST,
            '"video" must be a relative path inside the videos folder, without "." or ".." segments',
        )
    if PurePosixPath(video).suffix.lower() not in VIDEO_EXTENSIONS:
        raise HttpError(HTTPStatus.BAD_REQUEST, '"video" must end in one of ' + ", ".join(sorted(VIDEO_EXTENSIONS)))
    if not (settings.videos_dir / video).is_file():
        raise HttpError(HTTPStatus.NOT_FOUND, f"no video {video} in the videos folder")
    return video


def ml_stack_available() -> bool:
    return all(importlib.util.find_spec(name) is not None for name in ML_MODULES)


def create_app(settings: Settings, jobs: JobQueue) -> WsgiApp:
    def route(environ: Environ, start_response: StartResponse) -> List[bytes]:
        method = str(environ.get("REQUEST_METHOD", "GET"))
        path = str(environ.get("PATH_INFO", "/"))
        if path == "/health":
            if method not in ("GET", "HEAD"):
                raise HttpError(HTTPStatus.METHOD_NOT_ALLOWED, "method not allowed", "GET, HEAD")
            return _respond(start_response, HTTPStatus.OK, {"status": "ok", "mlStack": ml_stack_available()})
        if path == "/jobs":
            if method != "POST":
                raise HttpError(HTTPStatus.METHOD_NOT_ALLOWED, "method not allowed", "POST")
            video = validate_video(_read_json(environ), settings)
            job = jobs.submit(video)
            return _respond(start_response, HTTPStatus.ACCEPTED, job.to_json(), [("Location", f"/jobs/{job.id}")])
        match = JOB_PATH.match(path)
        if match:
            if method != "GET":
                raise HttpError(HTTPStatus.METHOD_NOT_ALLOWED, "method not allowed", "GET")
            snapshot = jobs.snapshot(match.group(1))
            if snapshot is None:
                raise HttpError(HTTPStatus.NOT_FOUND, "no such job")
            return _respond(start_response, HTTPStatus.OK, snapshot)
        if path.startswith("/jobs/"):
            raise HttpError(HTTPStatus.NOT_FOUND, "no such job")
        raise HttpError(HTTPStatus.NOT_FOUND, "not found")

    def application(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        try:
            return route(environ, start_response)
        except HttpError as error:
            extra = [("Allow", error.allow)] if error.allow else []
            return _respond(start_response, error.status, {"error": error.message}, extra)

    return application


def _default_estimator_factory(settings: Settings) -> EstimatorFactory:
    def factory():  # type: ignore[no-untyped-def]
        from .pipeline import load_estimator  # imports nothing heavy until called

        return load_estimator(settings.models_dir)

    return factory


def build_application(settings: Optional[Settings] = None) -> WsgiApp:
    settings = settings or Settings.from_env()
    return create_app(settings, JobQueue(settings.data_dir, _default_estimator_factory(settings)))


application = build_application()

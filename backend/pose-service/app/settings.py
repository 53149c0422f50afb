"""Service settings, read from the environment once at start-up."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping


@dataclass(frozen=True)
class Settings:
    #: Shared data volume: input videos under ``videos/``, results under ``outputs/``.
    data_dir: Path
    #: Read-only model volume (weights and the SMPL model); layout in backend/docker/base-python-pose/README.md.
    models_dir: Path

    @property
    def videos_dir(self) -> Path:
        return self.data_dir / "videos"

    @property
    def outputs_dir(self) -> Path:
        return self.data_dir / "outputs"

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> "Settings":
        return cls(
            data_dir=Path(env.get("POSE_DATA_DIR", "/data")),
            models_dir=Path(env.get("POSE_MODELS_DIR", "/models")),
        )

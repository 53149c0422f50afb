"""Pose estimation with 4D-Humans (HMR2.0) and the ViTDet person detector.

Importing this module is cheap: torch, detectron2 and hmr2 are imported inside ``load_estimator`` and
the estimator's methods, when the first job runs. Model files are read from the read-only model volume
(``/models``); nothing is downloaded at run time.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Tuple

#: Files the estimator needs, relative to the model volume (see the pose base image's README).
HMR2_CHECKPOINT = "4DHumans/logs/train/multiruns/hmr2/0/checkpoints/epoch=35-step=1000000.ckpt"
REQUIRED_MODEL_FILES = (
    HMR2_CHECKPOINT,
    "4DHumans/logs/train/multiruns/hmr2/0/model_config.yaml",
    "4DHumans/data/smpl/SMPL_NEUTRAL.pkl",
    "4DHumans/data/smpl_mean_params.npz",
    "4DHumans/data/SMPL_to_J19.pkl",
    # ViTDet-H Cascade Mask R-CNN trained on COCO (detectron2 model id 328730692).
    "vitdet/model_final_f05665.pkl",
)

#: 4D-Humans' demo keeps COCO class 0 (person) above this score, after lowering the cascade's
#: per-stage thresholds to 0.25.
PERSON_SCORE_THRESHOLD = 0.5
CASCADE_STAGE_THRESHOLD = 0.25
BATCH_SIZE = 8


class ModelFilesMissing(RuntimeError):
    pass


def missing_model_files(models_dir: Path) -> List[str]:
    return [name for name in REQUIRED_MODEL_FILES if not (models_dir / name).is_file()]


def _as_list(tensor: Any) -> Any:
    return tensor.detach().float().cpu().numpy().round(5).tolist()


class HmrPoseEstimator:
    """Per frame: detect people with ViTDet, then regress SMPL pose and shape for each with HMR2.0."""

    def __init__(self, models_dir: Path) -> None:
        import torch
        import hmr2
        from detectron2.config import LazyConfig
        from hmr2.models import load_hmr2
        from hmr2.utils.utils_detectron2 import DefaultPredictor_Lazy

        self._torch = torch
        self.device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
        model, self.model_cfg = load_hmr2(str(models_dir / HMR2_CHECKPOINT))
        self.model = model.to(self.device).eval()

        detector_cfg = LazyConfig.load(str(Path(hmr2.__file__).parent / "configs" / "cascade_mask_rcnn_vitdet_h_75ep.py"))
        # A local file, not the download URL: the model volume is read-only and the cache would need a lock file.
        detector_cfg.train.init_checkpoint = str(models_dir / "vitdet" / "model_final_f05665.pkl")
        for stage in range(3):
            detector_cfg.model.roi_heads.box_predictors[stage].test_score_thresh = CASCADE_STAGE_THRESHOLD
        self.detector = DefaultPredictor_Lazy(detector_cfg)

    def _people(self, frame_bgr: Any) -> List[Dict[str, Any]]:
        from hmr2.datasets.vitdet_dataset import ViTDetDataset
        from hmr2.utils import recursive_to

        torch = self._torch
        instances = self.detector(frame_bgr)["instances"]
        keep = (instances.pred_classes == 0) & (instances.scores > PERSON_SCORE_THRESHOLD)
        boxes = instances.pred_boxes.tensor[keep].cpu().numpy()
        scores = instances.scores[keep].cpu().numpy()
        if len(boxes) == 0:
            return []
        people: List[Dict[str, Any]] = []
        dataset = ViTDetDataset(self.model_cfg, frame_bgr, boxes)
        loader = torch.utils.data.DataLoader(dataset, batch_size=BATCH_SIZE, shuffle=False, num_workers=0)
        for batch in loader:
            batch = recursive_to(batch, self.device)
            with torch.no_grad():
                out = self.model(batch)
            smpl = out["pred_smpl_params"]
            for i, person_id in enumerate(batch["personid"].tolist()):
                people.append(
                    {
                        "box": boxes[person_id].round(1).tolist(),
                        "score": round(float(scores[person_id]), 4),
                        "camera": _as_list(out["pred_cam"][i]),
                        "betas": _as_list(smpl["betas"][i]),
                        "globalOrient": _as_list(smpl["global_orient"][i]),
                        "bodyPose": _as_list(smpl["body_pose"][i]),
                        "keypoints3d": _as_list(out["pred_keypoints_3d"][i]),
                    }
                )
        return people

    def run(self, video: Path, output_file: Path) -> Tuple[int, int]:
        import cv2

        capture = cv2.VideoCapture(str(video))
        if not capture.isOpened():
            raise ValueError(f"cannot open video {video.name}")
        frames = 0
        most_people = 0
        try:
            with output_file.open("w", encoding="utf-8") as out:
                while True:
                    ok, frame = capture.read()
                    if not ok:
                        break
                    people = self._people(frame)
                    out.write(json.dumps({"frame": frames, "people": people}) + "\n")
                    frames += 1
                    most_people = max(most_people, len(people))
        finally:
            capture.release()
        return frames, most_people


def load_estimator(models_dir: Path) -> HmrPoseEstimator:
    missing = missing_model_files(models_dir)
    if missing:
        raise ModelFilesMissing(f"model files missing under {models_dir}: " + ", ".join(missing))
    return HmrPoseEstimator(models_dir)

import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

from app.pipeline import REQUIRED_MODEL_FILES, ModelFilesMissing, load_estimator, missing_model_files

SERVICE_DIR = Path(__file__).resolve().parent.parent


class PipelineTest(unittest.TestCase):
    def test_importing_the_app_does_not_import_the_ml_stack(self) -> None:
        # A fresh interpreter, so modules imported by other tests cannot hide a top-level import.
        probe = (
            "import sys, app.wsgi, app.pipeline; "
            "print(sorted(m for m in ('torch', 'detectron2', 'hmr2', 'phalp', 'cv2', 'numpy') if m in sys.modules))"
        )
        output = subprocess.run(
            [sys.executable, "-c", probe], cwd=SERVICE_DIR, check=True, capture_output=True, text=True
        ).stdout
        self.assertEqual(output.strip(), "[]")

    def test_missing_model_files_are_listed_before_anything_heavy_is_imported(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            models = Path(tmp)
            self.assertEqual(missing_model_files(models), list(REQUIRED_MODEL_FILES))
            for name in REQUIRED_MODEL_FILES[:-1]:
                (models / name).parent.mkdir(parents=True, exist_ok=True)
                (models / name).write_bytes(b"")
            self.assertEqual(missing_model_files(models), ["vitdet/model_final_f05665.pkl"])
            with self.assertRaises(ModelFilesMissing) as raised:
                load_estimator(models)
            self.assertEqual(str(raised.exception), f"model files missing under {models}: vitdet/model_final_f05665.pkl")


if __name__ == "__main__":
    unittest.main()

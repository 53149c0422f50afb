"""Pose service: runs 4D-Humans (HMR2.0) pose estimation on videos from the shared data volume."""

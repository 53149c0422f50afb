#!/usr/bin/env bash
# Builds the local base images in dependency order, before any service build:
#
#   backend/docker/build-bases.sh             # node, python, pose (in that order)
#   backend/docker/build-bases.sh node        # base-node and base-node-runtime only
#   TORCH_CUDA_ARCH_LIST="8.6" backend/docker/build-bases.sh pose   # compile for one GPU generation
#
# Each base directory yields two images: the default target (<name>:latest, with its package manager,
# for the services' deps/build stages) and the `runtime` target (<name>-runtime:latest, for their
# runtime stages). Unchanged bases rebuild from cache in seconds. This script only orchestrates
# docker: every install happens in a Dockerfile.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOCKER_BUILDKIT=1 COMPOSE_DOCKER_CLI_BUILD=1

build_base() {
  local name=$1
  shift
  echo "==> ${name}:latest"
  docker build "$@" --tag "${name}:latest" "backend/docker/${name}"
  echo "==> ${name}-runtime:latest"
  docker build "$@" --target runtime --tag "${name}-runtime:latest" "backend/docker/${name}"
}

pose_args=()
if [ -n "${TORCH_CUDA_ARCH_LIST:-}" ]; then
  pose_args+=(--build-arg "TORCH_CUDA_ARCH_LIST=${TORCH_CUDA_ARCH_LIST}")
fi

groups=("$@")
if [ ${#groups[@]} -eq 0 ]; then
  groups=(node python pose)
fi
for group in "${groups[@]}"; do
  case "$group" in
    node) build_base base-node ;;
    python) build_base base-python ;;
    # Builds on base-python and base-python-runtime: build "python" first.
    pose) build_base base-python-pose ${pose_args[@]+"${pose_args[@]}"} ;;
    *)
      echo "unknown base group: $group (expected node, python or pose)" >&2
      exit 2
      ;;
  esac
done

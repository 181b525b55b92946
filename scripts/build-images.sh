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
# A minimal Debian root file system with the headless JRE 17, packed as a one-layer image in `docker save`
# format, so that Jib can start from it (`tar://…`) without pulling anything from a registry.
build_base() {
  local out="$1"
  local suite="${DEBIAN_SUITE:-bookworm}"
  local mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
  local arch
  arch="$(dpkg --print-architecture)"
  if [ "$(id -u)" != 0 ]; then
    echo "build-images.sh: building the local base image needs root (debootstrap); run as root or pass --base IMAGE" >&2
    exit 1
  fi
  if ! command -v debootstrap >/dev/null 2>&1; then
    echo "installing debootstrap" >&2
    apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >/dev/null
  fi
  local work
  work="$(mktemp -d "${TMPDIR:-/tmp}/faasflow-base.XXXXXX")"
  # shellcheck disable=SC2064
  trap "umount -R '$work/rootfs/proc' 2>/dev/null || true; umount -R '$work/rootfs/sys' 2>/dev/null || true; rm -rf '$work'" EXIT
  local rootfs="$work/rootfs"
  echo "base image: debootstrap $suite ($arch) with openjdk-17-jre-headless from $mirror" >&2
  debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates \
    "$suite" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || {
      tail -n 30 "$work/debootstrap.log" >&2
      echo "build-images.sh: debootstrap failed (log above)" >&2
      exit 1
    }
  # Keep it small and free of host state: no package lists, caches, docs, man pages, logs or device nodes.
  chroot "$rootfs" apt-get clean >/dev/null 2>&1 || true
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/* "$rootfs"/var/cache/debconf/*-old \
    "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* \
    "$rootfs"/usr/share/locale/* "$rootfs"/var/log/* "$rootfs"/tmp/* "$rootfs"/var/tmp/* \
    "$rootfs"/dev/* "$rootfs"/proc/* "$rootfs"/sys/* "$rootfs"/run/* "$rootfs"/debootstrap \
    "$rootfs"/etc/machine-id "$rootfs"/var/lib/dbus/machine-id
  chmod 1777 "$rootfs/tmp" "$rootfs/var/tmp"
  printf '%s\n' "nameserver 127.0.0.1" >"$rootfs/etc/resolv.conf" # replaced by the container runtime
  echo "faasflow" >"$rootfs/etc/hostname"
  test -x "$rootfs/usr/lib/jvm/java-17-openjdk-$arch/bin/java" || {
    echo "build-images.sh: the JRE is missing from the base root file system" >&2
    exit 1
  }

  # One layer, in the `docker save` layout: manifest.json, the config, the layer tarball.
  local img="$work/image" epoch="${SOURCE_DATE_EPOCH:-0}"
  mkdir -p "$img"
  # Entries without a leading "./", as `docker save` writes them.
  (cd "$rootfs" && find . -mindepth 1 -maxdepth 1 -printf '%P\n' | LC_ALL=C sort >"$work/top")
  tar --sort=name --numeric-owner --mtime="@$epoch" --xattrs -C "$rootfs" -cf "$work/layer.tar" -T "$work/top"
  local diff_id created
  diff_id="$(sha256sum "$work/layer.tar" | cut -d' ' -f1)"
  created="$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%SZ)"
  gzip -n -6 <"$work/layer.tar" >"$img/$diff_id.tar.gz"
  rm -f "$work/layer.tar"
  cat >"$img/config.json" <<EOF
{"architecture":"$arch","os":"linux","created":"$created","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=/usr/lib/jvm/java-17-openjdk-$arch","LANG=C.UTF-8"],"Cmd":["/bin/bash"]},"rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},"history":[{"created":"$created","created_by":"debootstrap --variant=minbase $suite + openjdk-17-jre-headless"}]}
EOF
  local config_id
  config_id="$(sha256sum "$img/config.json" | cut -d' ' -f1)"
  mv "$img/config.json" "$img/$config_id.json"
  cat >"$img/manifest.json" <<EOF
[{"Config":"$config_id.json","RepoTags":["faasflow/base-jre17:$suite"],"Layers":["$diff_id.tar.gz"]}]
EOF
  tar --sort=name --numeric-owner --mtime="@$epoch" -C "$img" -cf "$out.part" \
    manifest.json "$config_id.json" "$diff_id.tar.gz"
  mv "$out.part" "$out"
  rm -rf "$work"
  trap - EXIT
  echo "base image: $out ($(du -h "$out" | cut -f1))" >&2
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

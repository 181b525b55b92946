# Builds a minimal Debian base image with one package (the JRE, python3, ...) as a one-layer image tarball in
# `docker save` format, so that image builders can start from it (`tar://...`) without pulling from a registry.
# Needs root, debootstrap and a Debian mirror. Sourced by scripts/build-images.sh and scripts/build-python-image.sh.
#
#   debian_base OUT PACKAGE CHECK ENV TAG
#     OUT      the tarball to write
#     PACKAGE  the Debian package to include (besides ca-certificates)
#     CHECK    a file the package must have installed (ARCH is replaced by the Debian architecture)
#     ENV      extra environment entries of the image's config, JSON strings joined by commas (ARCH replaced), or ""
#     TAG      the image's repository tag in the tarball
#
# Environment: DEBIAN_MIRROR (default http://deb.debian.org/debian), DEBIAN_SUITE (default bookworm).
debian_base() {
  local out="$1" package="$2" check="$3" extra_env="$4" repo_tag="$5"
  local suite="${DEBIAN_SUITE:-bookworm}"
  local mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
  local arch
  arch="$(dpkg --print-architecture)"
  if [ "$(id -u)" != 0 ]; then
    echo "building the local base image needs root (debootstrap); run as root or pass --base IMAGE" >&2
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
  echo "base image: debootstrap $suite ($arch) with $package from $mirror" >&2
  debootstrap --variant=minbase --include="$package",ca-certificates \
    "$suite" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || {
      tail -n 30 "$work/debootstrap.log" >&2
      echo "debian_base: debootstrap failed (log above)" >&2
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
  check="${check//ARCH/$arch}"
  extra_env="${extra_env//ARCH/$arch}"
  test -x "$rootfs$check" || {
    echo "debian_base: $check ($package) is missing from the base root file system" >&2
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
{"architecture":"$arch","os":"linux","created":"$created","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","LANG=C.UTF-8"${extra_env:+,$extra_env}],"Cmd":["/bin/bash"]},"rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},"history":[{"created":"$created","created_by":"debootstrap --variant=minbase $suite + $package"}]}
EOF
  local config_id
  config_id="$(sha256sum "$img/config.json" | cut -d' ' -f1)"
  mv "$img/config.json" "$img/$config_id.json"
  cat >"$img/manifest.json" <<EOF
[{"Config":"$config_id.json","RepoTags":["$repo_tag"],"Layers":["$diff_id.tar.gz"]}]
EOF
  tar --sort=name --numeric-owner --mtime="@$epoch" -C "$img" -cf "$out.part" \
    manifest.json "$config_id.json" "$diff_id.tar.gz"
  mv "$out.part" "$out"
  rm -rf "$work"
  trap - EXIT
  echo "base image: $out ($(du -h "$out" | cut -f1))" >&2
}

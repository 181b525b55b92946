#!/usr/bin/env bash
# Builds the container image of Python functions (written with the Python SDK) as an image tarball in
# `docker save` format, without a Docker engine or a registry:
#
#   scripts/build-python-image.sh DIR [--name IMAGE] [--base TAR] [--out TAR]
#
#   DIR           the functions: a folder holding functions.py (and any other modules it imports)
#   --name IMAGE  the image's name (default ghcr.io/faasflow/<folder name>:0.1.0)
#   --base TAR    a base image tarball (docker save format) with python3 on its PATH. Default: a local Debian
#                 bookworm + python3 image built with debootstrap (root, debootstrap and a Debian mirror; see
#                 scripts/lib/debian-base.sh), cached in target/images/faasflow-base-python3.tar
#   --out TAR     where to write it (default target/images/<folder name>.tar)
#
# The image adds one layer to the base: DIR as /app and this repository's Python SDK as /opt/faasflow/python;
# it runs `python3 -m faasflow_functions functions` in /app as user 65532 and listens on 8080
# (FAASFLOW_FUNCTION_PORT). Load it with `docker load -i`, `podman load -i`, `kind load image-archive`,
# `k3s ctr images import` or `ctr -n k8s.io images import`.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
dir="" name="" base="" out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --name) name="$2"; shift 2 ;;
    --base) base="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    -*) echo "build-python-image.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
    *) [ -z "$dir" ] || { echo "build-python-image.sh: one folder only, got '$dir' and '$1'" >&2; exit 2; }
       dir="$1"; shift ;;
  esac
done
[ -n "$dir" ] || { echo "build-python-image.sh: which folder? (try --help)" >&2; exit 2; }
[ -f "$dir/functions.py" ] || { echo "build-python-image.sh: $dir has no functions.py" >&2; exit 2; }
dir="$(cd "$dir" && pwd)"
folder="$(basename "$dir")"
name="${name:-ghcr.io/faasflow/$folder:0.1.0}"
images="$root/target/images"
out="${out:-$images/$folder.tar}"
mkdir -p "$images" "$(dirname "$out")"

if [ -z "$base" ]; then
  base="$images/faasflow-base-python3.tar"
  if [ ! -s "$base" ]; then
    # shellcheck source=lib/debian-base.sh
    . "$root/scripts/lib/debian-base.sh"
    debian_base "$base" python3 /usr/bin/python3 "" "faasflow/base-python3:${DEBIAN_SUITE:-bookworm}"
  else
    echo "base image: reusing $base (delete it to rebuild)" >&2
  fi
fi
[ -s "$base" ] || { echo "build-python-image.sh: base image $base does not exist" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/faasflow-python-image.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/layer/app" "$work/layer/opt/faasflow/python/faasflow_functions"
(cd "$dir" && tar --exclude=__pycache__ --exclude='*.pyc' -cf - .) | tar -C "$work/layer/app" -xf -
cp "$root"/python-sdk/src/faasflow_functions/*.py "$work/layer/opt/faasflow/python/faasflow_functions/"
epoch="${SOURCE_DATE_EPOCH:-0}"
(cd "$work/layer" && find . -mindepth 1 -printf '%P\n' | LC_ALL=C sort >"$work/entries")
tar --sort=name --numeric-owner --owner=0 --group=0 --mode='u+rwX,go+rX,go-w' --mtime="@$epoch" --no-recursion \
  -C "$work/layer" -cf "$work/layer.tar" -T "$work/entries"

python3 - "$base" "$work" "$name" "$out" "$epoch" <<'PY'
import datetime, gzip, hashlib, json, shutil, sys, tarfile
base, work, name, out, epoch = sys.argv[1:]
with tarfile.open(base) as t:
    manifest = json.load(t.extractfile("manifest.json"))[0]
    config = json.load(t.extractfile(manifest["Config"]))
    t.extractall(work + "/base", members=[m for m in t.getmembers() if m.name in manifest["Layers"]])
raw = open(work + "/layer.tar", "rb").read()
diff_id = hashlib.sha256(raw).hexdigest()
layer = diff_id + ".tar.gz"
with open(work + "/" + layer, "wb") as f:
    f.write(gzip.compress(raw, compresslevel=6, mtime=0))
created = datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
c = config.setdefault("config", {})
env = [e for e in c.get("Env") or [] if not e.startswith(("PYTHONPATH=", "FAASFLOW_FUNCTION_PORT="))]
c["Env"] = env + ["PYTHONPATH=/app:/opt/faasflow/python", "PYTHONDONTWRITEBYTECODE=1", "PYTHONUNBUFFERED=1",
                  "FAASFLOW_FUNCTION_PORT=8080"]
c["WorkingDir"] = "/app"
c["User"] = "65532:65532"
c["ExposedPorts"] = {"8080/tcp": {}}
c["Entrypoint"] = ["python3", "-m", "faasflow_functions", "functions"]
c["Cmd"] = None
config["created"] = created
config["rootfs"]["diff_ids"].append("sha256:" + diff_id)
config.setdefault("history", []).append({"created": created, "created_by": "scripts/build-python-image.sh: /app, the Python SDK"})
config_bytes = json.dumps(config, separators=(",", ":")).encode()
config_name = hashlib.sha256(config_bytes).hexdigest() + ".json"
open(work + "/" + config_name, "wb").write(config_bytes)
new_manifest = [{"Config": config_name, "RepoTags": [name], "Layers": manifest["Layers"] + [layer]}]
open(work + "/manifest.json", "w").write(json.dumps(new_manifest))
with tarfile.open(out + ".part", "w", format=tarfile.USTAR_FORMAT) as t:
    def add(path, arcname):
        info = t.gettarinfo(path, arcname)
        info.mtime, info.uid, info.gid, info.uname, info.gname = int(epoch), 0, 0, "", ""
        with open(path, "rb") as f:
            t.addfile(info, f)
    add(work + "/manifest.json", "manifest.json")
    add(work + "/" + config_name, config_name)
    for l in manifest["Layers"]:
        add(work + "/base/" + l, l)
    add(work + "/" + layer, layer)
shutil.move(out + ".part", out)
PY
echo "$name  $out ($(du -h "$out" | cut -f1))"

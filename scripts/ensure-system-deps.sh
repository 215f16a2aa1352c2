#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the tests need when they are missing: Chromium (e2e), tifffile and
# scikit-image on /usr/bin/python3 (reference values), libtiff-tools (tiffinfo/tiffcp). Says clearly what to do
# when it can't install them itself.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || [ -n "${CHROMIUM_PATH:-}" ] || need+=(chromium)
command -v tiffinfo >/dev/null 2>&1 || need+=(libtiff-tools)
/usr/bin/python3 -c 'import tifffile' >/dev/null 2>&1 || need+=(python3-tifffile)
/usr/bin/python3 -c 'import skimage' >/dev/null 2>&1 || need+=(python3-skimage)
[ ${#need[@]} -eq 0 ] && exit 0
echo "Installing missing system packages: ${need[*]}"
if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
  echo "error: missing ${need[*]} and no root/sudo. Install them with: apt-get install -y ${need[*]}" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: missing ${need[*]}; this is not a Debian/Ubuntu system, please install their equivalents." >&2
  exit 1
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}"

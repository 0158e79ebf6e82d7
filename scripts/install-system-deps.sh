#!/usr/bin/env bash
# Debian packages the tests need: numpy (oracle), chromium (webview/e2e), and what code-server's native modules build against.
set -euo pipefail
need=()
python3 -c 'import numpy' 2>/dev/null || need+=(python3-numpy)
command -v chromium >/dev/null || need+=(chromium)
# The picture tests' oracle (colormaps, PNG decoding): Debian's matplotlib, for /usr/bin/python3.
/usr/bin/python3 -c 'import matplotlib, PIL' 2>/dev/null || python3 -c 'import matplotlib, PIL' 2>/dev/null || need+=(python3-matplotlib python3-pil)
command -v rg >/dev/null || need+=(ripgrep)
for p in libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${need[@]}"
fi

#!/usr/bin/env bash
# One idempotent set-up for a fresh Debian machine: system packages, a virtual environment with
# piwatch and its test tools, and the Elasticsearch node artifacts from Maven Central.
# Re-running it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")"

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
command -v java >/dev/null 2>&1 || need_apt+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need_apt+=(maven)
command -v pdftotext >/dev/null 2>&1 || need_apt+=(poppler-utils)  # tests read report PDFs
# Chinese glyphs for Chromium (JavaScript-rendered pages, digest screenshots).
[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || need_apt+=(fonts-wqy-microhei)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  python3 -m venv .venv
fi
stamp=.venv/.piwatch-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ constraints.txt -nt "$stamp" ]; then
  echo "setup: installing piwatch and its dependencies into .venv"
  .venv/bin/pip install -q --upgrade pip setuptools wheel
  # the pure-Python OpenCC that piwatch used before 2026-12 installs the same `opencc` module
  .venv/bin/pip uninstall -q -y opencc-python-reimplemented 2>/dev/null || true
  .venv/bin/pip install -q -c constraints.txt -e ".[dev]"  # the versions CI ran
  touch "$stamp"
fi

echo "setup: Elasticsearch node artifacts"
.venv/bin/piwatch es install
echo "setup: done"

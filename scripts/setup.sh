#!/usr/bin/env bash
# Create .venv and install what the build needs; with --dev, also what the tests need
# (Python packages, Debian's chromium for browser tests, a Java runtime for the HTML checker,
# Node's npm for axe-core, the accessibility checker the tests inject into pages).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
if [ "${1:-}" = "--dev" ]; then
  .venv/bin/pip install -q --disable-pip-version-check -r requirements-dev.txt
  need=()
  command -v chromium >/dev/null || need+=(chromium)
  command -v java >/dev/null || need+=(default-jre-headless)
  command -v npm >/dev/null || need+=(npm)
  if [ ${#need[@]} -gt 0 ]; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
  fi
  npm ci --silent --no-audit --no-fund
fi

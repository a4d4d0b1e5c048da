#!/usr/bin/env bash
# Prism (Stoplight) mock server, used by the Twilio provider tests to validate requests against Twilio's OpenAPI specs.
#   eng/prism.sh install   installs @stoplight/prism-cli into <repo>/.tools/prism (idempotent, quiet)
#   eng/prism.sh path      prints the prism binary (exit 1 when it is not installed)
set -euo pipefail

version="5.16.0"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prefix="$root/.tools/prism"
bin="$prefix/node_modules/.bin/prism"

installed() {
  [ -x "$bin" ] && [ -f "$prefix/node_modules/@stoplight/prism-cli/package.json" ] &&
    grep -q "\"version\": \"$version\"" "$prefix/node_modules/@stoplight/prism-cli/package.json"
}

case "${1:-}" in
  install)
    if installed; then
      exit 0
    fi
    if ! command -v npm >/dev/null 2>&1; then
      echo "error: npm is not on PATH; Prism needs Node.js and npm (apt-get install -y nodejs npm)" >&2
      exit 1
    fi
    mkdir -p "$prefix"
    if ! npm install --no-audit --no-fund --loglevel=error --prefix "$prefix" "@stoplight/prism-cli@$version" >"$prefix/install.log" 2>&1; then
      echo "error: npm install @stoplight/prism-cli@$version failed; see $prefix/install.log" >&2
      tail -n 20 "$prefix/install.log" >&2 || true
      exit 1
    fi
    if ! installed; then
      echo "error: Prism was not found at $bin after npm install" >&2
      exit 1
    fi
    ;;
  path)
    if installed; then
      echo "$bin"
    else
      echo "error: Prism is not installed; run eng/prism.sh install" >&2
      exit 1
    fi
    ;;
  *)
    echo "usage: eng/prism.sh install|path" >&2
    exit 2
    ;;
esac

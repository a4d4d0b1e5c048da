#!/usr/bin/env bash
# Restores, builds (warnings are errors) and runs every test project, then prints
#   tests: N passed, N failed, N skipped
# as its last line. Exits non-zero when anything failed. Usage: ./test.sh [extra dotnet test args]
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
results="$root/.test-results"
configuration="${CONFIGURATION:-Release}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

summary() {
  echo "tests: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
}

if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET SDK (dotnet) is not on PATH; install .NET SDK 10" >&2
  failed=1; summary; exit 1
fi

rm -rf "$results"; mkdir -p "$results"
eng/prism.sh install || { echo "error: eng/prism.sh install failed: the Twilio contract tests need Prism (Node.js + npm)" >&2; failed=1; summary; exit 1; }

echo "== restore"
if ! dotnet restore WaCompliance.sln --verbosity quiet; then
  echo "error: restore failed" >&2; failed=1; summary; exit 1
fi

echo "== build ($configuration)"
if ! dotnet build WaCompliance.sln -c "$configuration" --no-restore --verbosity quiet -nologo; then
  echo "error: build failed" >&2; failed=1; summary; exit 1
fi

# PostgreSQL for the PostgreSQL storage tests: the server named by WACOMPLIANCE_TEST_POSTGRES, or a throwaway cluster
# (installed with apt-get when missing and we are root) on a free loopback port, stopped when this script exits.
if [ -z "${WACOMPLIANCE_TEST_POSTGRES:-}" ]; then
  echo "== postgresql"
  if pg_dir="$(bash "$root/eng/postgres.sh" start)"; then
    trap 'bash "$root/eng/postgres.sh" stop "$pg_dir"' EXIT
    trap 'exit 130' INT TERM
    WACOMPLIANCE_TEST_POSTGRES="$(cat "$pg_dir/connection-string")"
    export WACOMPLIANCE_TEST_POSTGRES
  else
    # The PostgreSQL tests then fail (they never skip); every other project still runs.
    echo "error: no PostgreSQL server could be started for the PostgreSQL storage tests (see above)" >&2
  fi
else
  echo "== postgresql: using WACOMPLIANCE_TEST_POSTGRES"
fi

status=0
for project in tests/*.Tests/*.csproj; do
  name="$(basename "$project" .csproj)"
  echo "== test $name"
  if ! dotnet test "$project" -c "$configuration" --no-build --nologo \
      --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
      --results-directory "$results" "$@"; then
    status=1
  fi
  if [ ! -f "$results/$name.trx" ]; then
    echo "error: $name produced no results (the test host crashed?)" >&2
    status=1
    crashed=$(( ${crashed:-0} + 1 ))
  fi
done

passed=0; failed=${crashed:-0}; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  total=$(get total); executed=$(get executed)
  passed=$(( passed + $(get passed) ))
  failed=$(( failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted) ))
  skipped=$(( skipped + total - executed ))
done

[ "$failed" -gt 0 ] && status=1
summary
exit $status

#!/usr/bin/env bash
# The test command (`npm test`): builds the programs, checks the IDLs, runs the Rust host tests and
# the mocha suites against the real programs in the embedded SVM (or ANCHOR_PROVIDER_URL), then
# prints one closing line "tests: N passed, M failed" over all of them.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
LOG_DIR=$(mktemp -d)
PG_DIR=""
cleanup() {
  [[ -n "$PG_DIR" ]] && bash scripts/test-postgres.sh stop "$PG_DIR"
  rm -rf "$LOG_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
status=0

step() { printf '\n\033[1m[test]\033[0m %s\n' "$*"; }

step "building programs"
bash scripts/build-programs.sh || exit 1

step "building the native merkle addon"
bash scripts/build-native.sh --strict || exit 1

step "IDL files match the generator"
node scripts/idl.js --check || status=1

step "Rust host tests (pure logic, layouts, IDL agreement)"
cargo test --workspace --quiet 2>&1 | tee "$LOG_DIR/cargo.log"
[[ ${PIPESTATUS[0]} -eq 0 ]] || status=1

step "compiling the SDK and CLI (sdk/dist/, what bin/groundwork runs)"
npx --no-install tsc -p tsconfig.build.json || status=1

step "TypeScript typecheck"
npx --no-install tsc -p tsconfig.json --noEmit || status=1

# The oracle node's suites run against a real PostgreSQL server too: a throwaway cluster on a
# loopback port (Debian's postgresql is installed when missing), stopped on exit.
if [[ -z "${GROUNDWORK_TEST_PG_URL:-}" ]]; then
  step "throwaway PostgreSQL for the oracle-node suites"
  if pg_env=$(bash scripts/test-postgres.sh start); then
    eval "$pg_env"
    PG_DIR=$GROUNDWORK_TEST_PG_DIR
  else
    echo "could not start PostgreSQL: the oracle-node PostgreSQL suites will fail" >&2
    status=1
  fi
fi

step "mocha suites through the SDK (${ANCHOR_PROVIDER_URL:-embedded SVM})"
npx --no-install ts-mocha -p tsconfig.json --timeout 300000 ${MOCHA_ARGS:-} 'tests/**/*.test.ts' 2>&1 | tee "$LOG_DIR/mocha.log"
[[ ${PIPESTATUS[0]} -eq 0 ]] || status=1

# One closing line over both runners.
cargo_passed=$(grep -oE 'test result: [a-zA-Z]+\. [0-9]+ passed' "$LOG_DIR/cargo.log" | grep -oE '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
cargo_failed=$(grep -oE '[0-9]+ failed;' "$LOG_DIR/cargo.log" | awk '{s+=$1} END {print s+0}')
mocha_passed=$(grep -oE '^ +[0-9]+ passing' "$LOG_DIR/mocha.log" | awk '{s+=$1} END {print s+0}')
mocha_failed=$(grep -oE '^ +[0-9]+ failing' "$LOG_DIR/mocha.log" | awk '{s+=$1} END {print s+0}')
passed=$((cargo_passed + mocha_passed))
failed=$((cargo_failed + mocha_failed))
if [[ $status -ne 0 && $failed -eq 0 ]]; then failed=1; fi
echo
echo "rust: ${cargo_passed} passed, ${cargo_failed} failed; mocha: ${mocha_passed} passed, ${mocha_failed} failed"
echo "tests: ${passed} passed, ${failed} failed"
exit $status

#!/usr/bin/env bash
# Runs the mocha suites against a real solana-test-validator: starts it on loopback with the built
# programs (ours and the test-only attacker program) and the fixture accounts (tests/fixtures/
# accounts: Pyth price updates) preloaded, waits until it answers, runs the suites through
# ANCHOR_PROVIDER_URL, and stops it — also when tests fail. Tests titled [embedded-only] need the
# embedded SVM (state no attacker could create, or clock jumps no cluster makes) and are left out;
# each says why. It ends with the embedded-only tests by name and
#   validator: N passed, M failed, K embedded-only
# (a test that skips itself here counts as embedded-only, never as passed).
#
#   npm run test:validator                                       every suite
#   npm run test:validator -- tests/network/staking.test.ts      only these files (or globs)
#
# Ports (so a run can sit next to another validator): RPC_PORT (default 8899; its websocket takes
# RPC_PORT+1, the faucet RPC_PORT+1000 unless FAUCET_PORT is set), GOSSIP_PORT (default 8001) and
# DYNAMIC_PORT_RANGE (default 8002-8035), which must leave RPC_PORT+1 free. One validator at a time on a small machine: wrap the run in
# `flock /tmp/groundwork-validator.lock npm run test:validator`.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
TOOLS_DIR=${GROUNDWORK_TOOLS_DIR:-$HOME/.local/share/groundwork-tools}
VALIDATOR=$(command -v solana-test-validator || echo "$TOOLS_DIR/validator/bin/solana-test-validator")
[[ -x "$VALIDATOR" ]] || { echo "solana-test-validator not found: run npm run setup:validator once" >&2; exit 1; }
RPC_PORT=${RPC_PORT:-8899}
FAUCET_PORT=${FAUCET_PORT:-$((RPC_PORT + 1000))}
GOSSIP_PORT=${GOSSIP_PORT:-8001}
DYNAMIC_PORT_RANGE=${DYNAMIC_PORT_RANGE:-8002-8035}
step() { printf '\033[1m[test:validator]\033[0m %s\n' "$*"; }
# The RPC's websocket (PubSub: every transaction confirmation of web3.js and Anchor) listens on
# RPC_PORT+1, where web3.js looks for it; a gossip or dynamic port there takes it, and every
# confirmation then fails with "ws error: Parse Error".
PUBSUB_PORT=$((RPC_PORT + 1))
if [[ "$GOSSIP_PORT" == "$PUBSUB_PORT" || "$FAUCET_PORT" == "$PUBSUB_PORT" ]] || { (( PUBSUB_PORT >= ${DYNAMIC_PORT_RANGE%-*} )) && (( PUBSUB_PORT <= ${DYNAMIC_PORT_RANGE#*-} )); }; then
  echo "RPC_PORT+1 ($PUBSUB_PORT) is the RPC's websocket port: GOSSIP_PORT, FAUCET_PORT and DYNAMIC_PORT_RANGE must leave it free (e.g. RPC_PORT=$RPC_PORT GOSSIP_PORT=$((RPC_PORT + 2)) DYNAMIC_PORT_RANGE=$((RPC_PORT + 3))-$((RPC_PORT + 40)))" >&2
  exit 2
fi

FILES=("$@")
((${#FILES[@]})) || FILES=('tests/**/*.test.ts')

bash scripts/build-programs.sh || exit 1
# The oracle node's suites check the native merkle addon against the TypeScript builder, as in npm test.
bash scripts/build-native.sh --strict || exit 1

WORK=$(mktemp -d)
WALLET="$WORK/wallet.json"
node -e "const {Keypair}=require('@solana/web3.js');require('fs').writeFileSync(process.argv[1], JSON.stringify(Array.from(Keypair.generate().secretKey)))" "$WALLET"
MINT_KEY=$(node -e "const {Keypair}=require('@solana/web3.js');console.log(Keypair.fromSecretKey(Uint8Array.from(require(process.argv[1]))).publicKey.toBase58())" "$WALLET")

args=(--reset --quiet --ledger "$WORK/ledger" --bind-address 127.0.0.1 --rpc-port "$RPC_PORT" --faucet-port "$FAUCET_PORT"
  --gossip-port "$GOSSIP_PORT" --dynamic-port-range "$DYNAMIC_PORT_RANGE" --mint "$MINT_KEY")
# Our programs at their ids (Anchor.toml [programs.localnet]), and the attacker at its keypair's id.
while read -r name id; do
  args+=(--bpf-program "$id" "target/deploy/$name.so")
done < <(sed -n 's/^\(groundwork_[a-z]*\) = "\(.*\)"$/\1 \2/p' Anchor.toml)
ATTACKER_ID=$(node -e 'const {Keypair}=require("@solana/web3.js");console.log(Keypair.fromSecretKey(Uint8Array.from(require(process.argv[1]))).publicKey.toBase58())' "$ROOT/keys/groundwork_test_attacker-keypair.json")
args+=(--bpf-program "$ATTACKER_ID" target/deploy/groundwork_test_attacker.so)
# Fixture accounts: each file names its own address ("-").
for f in tests/fixtures/accounts/*.json; do args+=(--account - "$f"); done

step "starting $VALIDATOR on 127.0.0.1:$RPC_PORT"
"$VALIDATOR" "${args[@]}" > "$WORK/validator.log" 2>&1 &
VALIDATOR_PID=$!
PG_DIR=""
cleanup() { kill "$VALIDATOR_PID" 2>/dev/null; wait "$VALIDATOR_PID" 2>/dev/null; [[ -n "$PG_DIR" ]] && bash scripts/test-postgres.sh stop "$PG_DIR"; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

for _ in $(seq 1 180); do
  health=$(curl -s -X POST -H 'Content-Type: application/json' -d '{"jsonrpc":"2.0","id":1,"method":"getHealth"}' "http://127.0.0.1:$RPC_PORT" || true)
  [[ "$health" == *'"ok"'* ]] && break
  kill -0 "$VALIDATOR_PID" 2>/dev/null || { cat "$WORK/validator.log"; echo "validator exited" >&2; exit 1; }
  sleep 1
done
[[ "$health" == *'"ok"'* ]] || { tail -50 "$WORK/validator.log"; echo "validator did not become healthy in 180 s" >&2; exit 1; }
# The oracle node's suites also run on a real PostgreSQL server, as in npm test (scripts/test.sh).
if [[ -z "${GROUNDWORK_TEST_PG_URL:-}" ]]; then
  if pg_env=$(bash scripts/test-postgres.sh start); then
    eval "$pg_env"
    PG_DIR=$GROUNDWORK_TEST_PG_DIR
  else
    echo "could not start PostgreSQL: the oracle-node PostgreSQL suites will fail" >&2
  fi
fi
export ANCHOR_PROVIDER_URL="http://127.0.0.1:$RPC_PORT" ANCHOR_WALLET="$WALLET"

# Every selected test, to count those left out and those a failed hook kept from running.
npx --no-install ts-mocha -p tsconfig.json --dry-run --reporter json "${FILES[@]}" > "$WORK/all.json" 2> "$WORK/dry-run.log" \
  || { cat "$WORK/dry-run.log"; echo "could not list the tests" >&2; exit 1; }

step "validator is up; running the suites (${FILES[*]})"
GROUNDWORK_TEST_SUMMARY="$WORK/outcomes.json" npx --no-install ts-mocha -p tsconfig.json --timeout 600000 \
  --reporter "$ROOT/tests/support/reporter.js" --grep '\[embedded-only' --invert "${FILES[@]}"
status=$?
step "suites finished with status $status; stopping the validator"
node scripts/validator-summary.js "$WORK/all.json" "$WORK/outcomes.json"
summary=$?
[[ $status -eq 0 ]] && status=$summary
exit $status

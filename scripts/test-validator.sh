#!/usr/bin/env bash
# Runs the mocha suites against a real solana-test-validator: starts it on loopback with the built
# programs preloaded, waits until it answers, runs the suites through ANCHOR_PROVIDER_URL, and
# stops it — also when tests fail. Suites titled [embedded-only] need the embedded SVM (days of
# clock, crafted accounts) and are left out here; each says why where it is declared.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
TOOLS_DIR=${GROUNDWORK_TOOLS_DIR:-$HOME/.local/share/groundwork-tools}
VALIDATOR=$(command -v solana-test-validator || echo "$TOOLS_DIR/validator/bin/solana-test-validator")
[[ -x "$VALIDATOR" ]] || { echo "solana-test-validator not found: run npm run setup:validator once" >&2; exit 1; }
RPC_PORT=${RPC_PORT:-8899}
step() { printf '\033[1m[test:validator]\033[0m %s\n' "$*"; }

bash scripts/build-programs.sh || exit 1

WORK=$(mktemp -d)
WALLET="$WORK/wallet.json"
node -e "const {Keypair}=require('@solana/web3.js');require('fs').writeFileSync(process.argv[1], JSON.stringify(Array.from(Keypair.generate().secretKey)))" "$WALLET"
MINT_KEY=$(node -e "const {Keypair}=require('@solana/web3.js');console.log(Keypair.fromSecretKey(Uint8Array.from(require(process.argv[1]))).publicKey.toBase58())" "$WALLET")

args=(--reset --quiet --ledger "$WORK/ledger" --bind-address 127.0.0.1 --rpc-port "$RPC_PORT" --faucet-port $((RPC_PORT + 1000)) --mint "$MINT_KEY")
while read -r name id; do
  args+=(--bpf-program "$id" "target/deploy/$name.so")
done < <(sed -n 's/^\(groundwork_[a-z]*\) = "\(.*\)"$/\1 \2/p' Anchor.toml)

step "starting $VALIDATOR on 127.0.0.1:$RPC_PORT"
"$VALIDATOR" "${args[@]}" > "$WORK/validator.log" 2>&1 &
VALIDATOR_PID=$!
cleanup() { kill "$VALIDATOR_PID" 2>/dev/null; wait "$VALIDATOR_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

for _ in $(seq 1 120); do
  health=$(curl -s -X POST -H 'Content-Type: application/json' -d '{"jsonrpc":"2.0","id":1,"method":"getHealth"}' "http://127.0.0.1:$RPC_PORT" || true)
  [[ "$health" == *'"ok"'* ]] && break
  kill -0 "$VALIDATOR_PID" 2>/dev/null || { cat "$WORK/validator.log"; echo "validator exited" >&2; exit 1; }
  sleep 1
done
step "validator is up; running the suites"
ANCHOR_PROVIDER_URL="http://127.0.0.1:$RPC_PORT" ANCHOR_WALLET="$WALLET" \
  npx --no-install ts-mocha -p tsconfig.json --timeout 600000 --grep '\[embedded-only\]' --invert 'tests/**/*.test.ts' 2>&1 | tee "$WORK/mocha.log"
status=${PIPESTATUS[0]}
passed=$(grep -oE '^ +[0-9]+ passing' "$WORK/mocha.log" | awk '{s+=$1} END {print s+0}')
failed=$(grep -oE '^ +[0-9]+ failing' "$WORK/mocha.log" | awk '{s+=$1} END {print s+0}')
if [[ $status -ne 0 && $failed -eq 0 ]]; then failed=1; fi
step "suites finished with status $status; stopping the validator"
echo "validator: ${passed} passed, ${failed} failed"
exit $status

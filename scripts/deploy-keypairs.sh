#!/usr/bin/env bash
# Puts each program's keypair where Anchor's CLI (`anchor keys list`, `anchor test`, `anchor
# deploy`) and `cargo build-sbf` look for it: target/deploy/<program>-keypair.json, copied from
# keys/. Without it those tools generate a fresh keypair there, i.e. a program id nothing else in
# the repository uses. A keypair there that differs from keys/ (one such a tool generated) is
# replaced, and said so; a deployment with program keypairs of its own sets
# GROUNDWORK_KEEP_DEPLOY_KEYPAIRS=1 to keep them. Idempotent; run by scripts/build-programs.sh.
#
#   deploy-keypairs.sh [program...]     default: the three programs
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PROGRAMS=(groundwork_network groundwork_credits groundwork_rewards)
if (($#)); then PROGRAMS=("$@"); fi
mkdir -p target/deploy
for program in "${PROGRAMS[@]}"; do
  src="keys/${program}-keypair.json"
  dst="target/deploy/${program}-keypair.json"
  [[ -f "$src" ]] || { echo "deploy-keypairs: $src is missing" >&2; exit 1; }
  cmp -s "$src" "$dst" 2>/dev/null && continue
  if [[ -f "$dst" ]]; then
    if [[ "${GROUNDWORK_KEEP_DEPLOY_KEYPAIRS:-0}" == 1 ]]; then
      echo "deploy-keypairs: keeping $dst (GROUNDWORK_KEEP_DEPLOY_KEYPAIRS=1)"
      continue
    fi
    echo "deploy-keypairs: replacing $dst: it is not $src (the program ids come from keys/)"
  fi
  cp "$src" "$dst"
done

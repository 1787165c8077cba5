#!/usr/bin/env bash
# Puts each program's keypair where Anchor's CLI (`anchor keys list`, `anchor test`, `anchor
# deploy`) and `cargo build-sbf` look for it: target/deploy/<program>-keypair.json, copied from
# keys/. Without it those tools generate a fresh keypair there, i.e. a program id nothing else in
# the repository uses. A keypair there that differs from keys/ (one such a tool generated) is
# replaced, and said so; GROUNDWORK_KEEP_DEPLOY_KEYPAIRS=1 keeps it.
# When the sources carry a team's own ids (`npm run set-program-ids`, docs/build.md), keys/ is not
# used: target/deploy must hold the keypair of the id in Anchor.toml, else this stops.
# Idempotent; run by scripts/build-programs.sh.
#
#   deploy-keypairs.sh [program...]     default: the three programs
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PROGRAMS=(groundwork_network groundwork_credits groundwork_rewards)
if (($#)); then PROGRAMS=("$@"); fi
mkdir -p target/deploy
keypair_id() { node -e 'console.log(require(process.argv[1]).readKeypair(process.argv[2]).id)' "$ROOT/scripts/set-program-ids.js" "$1"; }
configured_id() { [[ -f Anchor.toml ]] || return 0; sed -n "/^\[programs\.localnet\]/,/^\[/s/^$1 *= *\"\(.*\)\"/\1/p" Anchor.toml; }
for program in "${PROGRAMS[@]}"; do
  src="keys/${program}-keypair.json"
  dst="target/deploy/${program}-keypair.json"
  [[ -f "$src" ]] || { echo "deploy-keypairs: $src is missing" >&2; exit 1; }
  configured=$(configured_id "$program")
  if [[ -n "$configured" && "$configured" != "$(keypair_id "$src")" ]]; then
    # A team's own program ids: its keypair, not keys/, belongs in target/deploy.
    if [[ -f "$dst" && "$(keypair_id "$dst")" == "$configured" ]]; then continue; fi
    echo "deploy-keypairs: the sources carry $program id $configured (Anchor.toml), not keys/'s, and $dst is not its keypair:" >&2
    echo "  run npm run set-program-ids with your program keypairs again, or npm run set-program-ids -- --localnet (docs/build.md)" >&2
    exit 1
  fi
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

// Builds the instruction × attack table of docs/adversarial.md from the rows the suites recorded
// plus a short static list of "n/a" reasons. Rows are every instruction of the three IDLs.
import * as fs from "fs";
import * as path from "path";
import { Idl } from "@coral-xyz/anchor";
import { GroundworkNetworkIdl } from "../../sdk/src/idl/groundwork_network";
import { GroundworkCreditsIdl } from "../../sdk/src/idl/groundwork_credits";
import { GroundworkRewardsIdl } from "../../sdk/src/idl/groundwork_rewards";
import { attackRecords, AttackRecord, Column, columnOf, COLUMNS } from "../support/attacks";

export const IDLS = [GroundworkNetworkIdl, GroundworkCreditsIdl, GroundworkRewardsIdl] as unknown as Idl[];

const GOVERNANCE = "governance setter: the authority may set any valid value any number of times; nothing to replay";
const NO_TOKEN = "no token account or mint among the accounts";
const NO_PROGRAM = "no program account (token or system program) among the accounts";
const BURN_FEE_VIA_CPI = "only the network program can call it (the network account signs as its PDA): a direct call fails at that signature before any other account is read; its account attacks run through the network program (the fee rows of register_device, assert_location and reactivate_device)";
const NO_PAUSE = "not gated by a pause flag (governance / recovery instructions stay available while paused)";

/** Why a cell has no test: `program.instruction` → column → reason. */
export const NOT_APPLICABLE: Record<string, Partial<Record<Column, string>>> = {
  "groundwork_network.initialize_network": { "paused": "no network exists yet to be paused" },
  "groundwork_network.update_params": { "wrong mint": NO_TOKEN, "wrong program id": NO_PROGRAM, "replay": GOVERNANCE, "paused": NO_PAUSE },
  "groundwork_network.set_oracles": { "wrong mint": NO_TOKEN, "wrong program id": NO_PROGRAM, "paused": NO_PAUSE },
  "groundwork_network.set_paused": { "wrong mint": NO_TOKEN, "wrong program id": NO_PROGRAM, "replay": GOVERNANCE, "paused": "it is the pause switch itself (must work while paused)" },
  "groundwork_network.propose_authority": { "wrong mint": NO_TOKEN, "wrong program id": NO_PROGRAM, "zero / overflowing amount": "no amount argument (the default key cancels a pending handover by design)", "replay": GOVERNANCE, "paused": NO_PAUSE },
  "groundwork_network.accept_authority": { "wrong mint": NO_TOKEN, "wrong program id": NO_PROGRAM, "zero / overflowing amount": "no amount argument", "paused": NO_PAUSE },
  "groundwork_network.register_operator": { "wrong mint": NO_TOKEN, "zero / overflowing amount": "no amount argument" },
  "groundwork_network.stake": { "replay": "staking is additive by design (each stake is a new deposit signed by the wallet); no nonce to replay" },
  "groundwork_network.request_unstake": { "wrong mint": NO_TOKEN, "wrong program id": NO_PROGRAM, "replay": "requests accumulate into one unbonding bucket by design; over-requesting is the InsufficientStake case" },
  "groundwork_network.register_device": {},
  "groundwork_network.set_makers_required": { "wrong mint": NO_TOKEN, "wrong program id": NO_PROGRAM, "zero / overflowing amount": "boolean argument only", "replay": GOVERNANCE, "paused": NO_PAUSE },
  "groundwork_network.approve_maker": { "wrong mint": NO_TOKEN, "paused": NO_PAUSE },
  "groundwork_network.revoke_maker": { "wrong mint": NO_TOKEN, "wrong program id": NO_PROGRAM, "zero / overflowing amount": "no amount argument", "paused": NO_PAUSE },
  "groundwork_network.set_device_fees": {
    "wrong mint": NO_TOKEN,
    "zero / overflowing amount": "every u64 fee is valid (0 makes the kind free again); a 17th kind is FeeScheduleFull (tests/network/makers.test.ts)",
    "replay": "setting a kind again replaces its fees by design (upsert, the authority signs each time)",
    "paused": NO_PAUSE,
  },
  "groundwork_network.assert_location": {},
  "groundwork_network.reactivate_device": {},
  "groundwork_network.deactivate_device": { "wrong mint": NO_TOKEN, "wrong program id": NO_PROGRAM, "zero / overflowing amount": "no amount argument", "paused": "deactivation is never paused (an operator can always retire a device)" },
  "groundwork_network.transfer_device": { "wrong mint": NO_TOKEN, "wrong program id": NO_PROGRAM, "zero / overflowing amount": "no amount argument" },
  "groundwork_network.propose_slash": { "wrong mint": NO_TOKEN },
  "groundwork_network.approve_slash": { "wrong mint": NO_TOKEN, "wrong program id": NO_PROGRAM, "zero / overflowing amount": "no amount argument" },
  "groundwork_network.veto_slash": { "wrong mint": NO_TOKEN, "wrong program id": NO_PROGRAM, "zero / overflowing amount": "no amount argument", "paused": "veto is the governance brake and stays available while slashing is paused" },
  "groundwork_network.dispute_slash": { "wrong mint": NO_TOKEN, "wrong program id": NO_PROGRAM, "zero / overflowing amount": "no amount argument", "paused": "disputes stay open while slashing is paused (they only protect the operator)" },
  "groundwork_network.execute_slash": { "missing signer": "permissionless crank: no signer", "wrong signer": "permissionless crank: no signer", "zero / overflowing amount": "no amount argument; the amount is capped again at execution (unit-tested in stake_math)" },
  "groundwork_network.refresh_slash": {
    "missing signer": "permissionless: no account signs (it only releases a hold the oracle set no longer carries, records one it does, or closes a proposal that is over, rent to its recorded payer)",
    "wrong signer": "permissionless: no account signs (see missing signer)",
    "wrong mint": NO_TOKEN, "wrong program id": NO_PROGRAM, "zero / overflowing amount": "no amount argument",
    "paused": "not gated by a pause flag: it only brings a proposal in line with the oracle set or closes it",
  },
  "groundwork_network.set_treasury": {
    "wrong program id": "no program account: the treasury's owner program is checked (see wrong owner)",
    "zero / overflowing amount": "no amount argument",
    "replay": "queuing again replaces the queued treasury and restarts its timelock by design",
    "paused": NO_PAUSE,
  },
  "groundwork_network.apply_governance": {
    "missing signer": "permissionless crank: no signer (only changes whose timelock has passed apply)",
    "wrong signer": "permissionless crank: no signer",
    "wrong mint": NO_TOKEN, "wrong program id": NO_PROGRAM, "zero / overflowing amount": "no arguments",
    "paused": NO_PAUSE,
  },
  "groundwork_network.cancel_governance": { "wrong mint": NO_TOKEN, "wrong program id": NO_PROGRAM, "paused": NO_PAUSE },
  "groundwork_network.unjail_operator": { "wrong mint": NO_TOKEN, "wrong program id": NO_PROGRAM, "zero / overflowing amount": "no amount argument", "paused": NO_PAUSE },
  "groundwork_credits.burn_for_credits": { "replay": "each burn is a new purchase signed by the token owner (no nonce); a stale price replay is the PriceStale case under replay" },
  "groundwork_credits.spend_credits": { "replay": "usage_ref is an opaque off-chain reference, not a nonce: each spend burns credits the signer owns or an allowance-capped delegate may burn; double-charging is bounded by the allowance" },
  "groundwork_credits.initialize_credits": { "wrong program id": "no token program account (the DC mint's owner is checked: see wrong owner)", "paused": "no config exists yet to be paused" },
  "groundwork_credits.update_credits_config": { "wrong mint": NO_TOKEN, "wrong program id": NO_PROGRAM, "replay": GOVERNANCE, "paused": NO_PAUSE },
  "groundwork_credits.set_credits_paused": { "wrong mint": NO_TOKEN, "wrong program id": NO_PROGRAM, "replay": GOVERNANCE, "zero / overflowing amount": "boolean argument only", "paused": "it is the pause switch itself (must work while paused)" },
  "groundwork_credits.set_delegation": { "wrong program id": "the DC account's owner program is checked (see wrong owner); no token program account", "replay": "setting again updates the allowance by design (the holder signs each time)", "paused": "delegations can be managed while credits are paused (spending stays paused)" },
  "groundwork_credits.revoke_delegation": { "wrong mint": NO_TOKEN, "wrong program id": NO_PROGRAM, "zero / overflowing amount": "no amount argument", "paused": "revoking must stay possible while paused (it only reduces rights)" },
  "groundwork_credits.burn_fee": {
    "not writable": BURN_FEE_VIA_CPI, "wrong owner": BURN_FEE_VIA_CPI, "look-alike": BURN_FEE_VIA_CPI, "wrong PDA / relation": BURN_FEE_VIA_CPI,
    "wrong mint": BURN_FEE_VIA_CPI, "wrong program id": BURN_FEE_VIA_CPI, "uninitialised / closed": BURN_FEE_VIA_CPI,
    "zero / overflowing amount": "the amount is the fee schedule's (a fee of 0 is never burned); a payer short of credits is InsufficientCredits in the register_device, assert_location and reactivate_device rows",
    "replay": "each fee is a new burn for a new onboarding or assertion; the network instruction it belongs to is what cannot be replayed",
    "paused": "credits pause is checked (Paused) after the network's signature, so a direct call cannot reach it; paused registration is in the network rows",
  },
  "groundwork_rewards.initialize_rewards": { "paused": "no config exists yet to be paused" },
  "groundwork_rewards.update_rewards_config": { "wrong mint": NO_TOKEN, "wrong program id": NO_PROGRAM, "paused": NO_PAUSE },
  "groundwork_rewards.set_paused": { "wrong mint": NO_TOKEN, "wrong program id": NO_PROGRAM, "zero / overflowing amount": "boolean argument only", "replay": GOVERNANCE, "paused": "it is the pause switch itself (must work while paused)" },
  "groundwork_rewards.set_root_activation_delay": { "wrong mint": NO_TOKEN, "wrong program id": NO_PROGRAM, "replay": GOVERNANCE, "paused": NO_PAUSE },
  "groundwork_rewards.veto_pending_root": { "wrong mint": NO_TOKEN, "wrong program id": NO_PROGRAM, "zero / overflowing amount": "no arguments", "paused": "the veto is the governance brake against a bad root and stays available while paused" },
  "groundwork_rewards.submit_epoch_root": {},
  "groundwork_rewards.clear_epoch_votes": { "wrong mint": NO_TOKEN, "wrong program id": NO_PROGRAM, "zero / overflowing amount": "no amount argument", "paused": "recovery for a stuck vote: available while paused" },
  "groundwork_rewards.initialize_claim_status": {
    "wrong signer": "anyone may pay for any operator's status: it starts at claimed = 0 and belongs to the (network, operator) of its seeds",
    "wrong mint": NO_TOKEN,
    "zero / overflowing amount": "no arguments",
    "replay": "idempotent by design (a second call changes nothing: tests/rewards 'claim status')",
    "paused": "creating a status is harmless while paused (claims themselves stay paused)",
  },
  "groundwork_rewards.set_reward_split": {
    "wrong mint": "no token account or mint among the accounts (recipients are wallets; claims check their token accounts' mint)",
    "paused": "setting where rewards go is harmless while paused (claims themselves stay paused)",
  },
  "groundwork_rewards.clear_reward_split": {
    "wrong mint": NO_TOKEN, "wrong program id": NO_PROGRAM, "zero / overflowing amount": "no arguments",
    "paused": "dropping a split is harmless while paused (claims themselves stay paused)",
  },
  "groundwork_rewards.claim": {
    "missing signer": "permissionless: no account signs (the transaction's fee payer submits it); tokens only ever go to the leaf operator's own token account or its split's recipients' (substituting one is ConstraintTokenOwner)",
    "wrong signer": "permissionless: no account signs (see missing signer)",
  },
};

/** Attacks the programs accept today: each has a failing test named here. */
export const VULNERABILITIES: Record<string, Partial<Record<Column, string>>> = {};

export interface Cell { records: AttackRecord[]; na?: string; vulnerable?: string }

export function cells(records: readonly AttackRecord[] = attackRecords()): Map<string, Map<Column, Cell>> {
  const table = new Map<string, Map<Column, Cell>>();
  for (const idl of IDLS) {
    for (const ix of idl.instructions) {
      const key = `${idl.metadata.name}.${ix.name}`;
      const row = new Map<Column, Cell>();
      for (const col of COLUMNS) {
        const reason = NOT_APPLICABLE[key]?.[col];
        row.set(col, { records: [], na: reason ? reason : undefined, vulnerable: VULNERABILITIES[key]?.[col] });
      }
      table.set(key, row);
    }
  }
  for (const r of records) {
    const row = table.get(`${r.program}.${r.instruction}`);
    if (!row) throw new Error(`recorded attack on unknown instruction ${r.program}.${r.instruction}`);
    row.get(columnOf(r.kind))!.records.push(r);
  }
  return table;
}

/** Cells with neither a recorded test nor an n/a reason. */
export function emptyCells(table = cells()): string[] {
  const out: string[] = [];
  for (const [ix, row] of table) for (const [col, cell] of row) if (cell.records.length === 0 && !cell.na && !cell.vulnerable) out.push(`${ix} × ${col}`);
  return out;
}

const esc = (s: string) => s.replace(/\|/g, "\\|");

export function render(table = cells()): string {
  const lines: string[] = [
    "# Adversarial coverage",
    "",
    "Generated by `WRITE_ATTACK_TABLE=1 npx ts-mocha -p tsconfig.json --timeout 180000 'tests/adversarial/*.test.ts'`",
    "(tests/adversarial/table.ts). Rows are every instruction of the three programs; columns are the attack classes.",
    "Each entry is `error` (account or case) and the id of the test that asserts it: the transaction fails with exactly",
    "that error and every account it touches, the payer included, is byte-for-byte unchanged. The tests are listed",
    "under the table. \"n/a\" cells give the reason the class does not apply. Regexes (`/…/`) are runtime-level failures",
    "(token-program errors, CPI privilege checks) that carry no Anchor error name.",
    "",
  ];
  const ids = new Map<string, string>();
  const idOf = (test: string) => {
    if (!ids.has(test)) ids.set(test, `T${ids.size + 1}`);
    return ids.get(test)!;
  };
  const programs = new Map<string, string[]>();
  for (const key of table.keys()) {
    const [program] = key.split(".");
    programs.set(program, [...(programs.get(program) ?? []), key]);
  }
  const counts: string[] = [];
  for (const [program, keys] of programs) {
    lines.push(`## ${program}`, "", `| instruction | ${COLUMNS.join(" | ")} |`, `|---|${COLUMNS.map(() => "---").join("|")}|`);
    let n = 0;
    for (const key of keys) {
      const row = table.get(key)!;
      const cellsText = COLUMNS.map((col) => {
        const cell = row.get(col)!;
        const vuln = cell.vulnerable ? [`**VULNERABLE**: ${esc(cell.vulnerable)}`] : [];
        if (cell.records.length === 0 && !vuln.length) return cell.na ? `n/a: ${esc(cell.na)}` : "**MISSING**";
        n += cell.records.length;
        return [...vuln, ...cell.records.map((r) => `\`${esc(r.expected)}\` (${esc(r.role)}) ${idOf(r.test)}`)].join("<br>");
      });
      lines.push(`| ${key.split(".")[1]} | ${cellsText.join(" | ")} |`);
    }
    counts.push(`- ${program}: ${keys.length} instructions, ${n} adversarial tests`);
    lines.push("");
  }
  lines.push("## Totals", "", ...counts, "", "## Tests", "");
  for (const [test, id] of ids) lines.push(`- ${id}: ${esc(test)}`);
  lines.push("");
  return lines.join("\n");
}

export function writeTable(file = path.join(__dirname, "..", "..", "docs", "adversarial.md")): void {
  fs.writeFileSync(file, render());
}

// `groundwork governance`: the network's timelock. Changes that weaken operators' protection wait
// the unbonding period plus a day; `pending` lists them with when they apply, `apply` (anyone)
// applies those whose time has come, `cancel` (the team) drops one.
import type { Command } from "commander";
import { action, group } from "../action";
import { key } from "../args";
import { CliError } from "../errors";
import type { GovernanceKind } from "../../network/instructions";

/** One row per queued change: what it sets and when it applies. */
export function pendingRows(p: import("../../network/accounts").PendingGovernance): { kind: string; change: string; appliesAt: string; eta: number; due: boolean }[] {
  const when = (q: { eta: number; due: boolean }) => ({ appliesAt: new Date(q.eta * 1000).toISOString(), eta: q.eta, due: q.due });
  const rows: { kind: string; change: string; appliesAt: string; eta: number; due: boolean }[] = [];
  if (p.params) {
    const v = p.params.value;
    const change = `stakePerDevice ${v.stakePerDevice}, minOperatorStake ${v.minOperatorStake}, unbondingSecs ${v.unbondingSecs}, slashDisputeWindowSecs ${v.slashDisputeWindowSecs}, maxSlashBps ${v.maxSlashBps}, slashDestination ${v.slashDestination}`;
    rows.push({ kind: "params", change, ...when(p.params) });
  }
  if (p.oracles) rows.push({ kind: "oracles", change: `${p.oracles.value.threshold} of [${p.oracles.value.oracles.map((o) => o.toBase58()).join(", ")}]`, ...when(p.oracles) });
  if (p.treasury) rows.push({ kind: "treasury", change: p.treasury.value.toBase58(), ...when(p.treasury) });
  return rows;
}

// The kinds as a literal here: importing the instruction module at load time would load web3.js
// for every command, `--help` included; the type import keeps this list in step with the SDK's.
const KINDS: readonly GovernanceKind[] = ["params", "oracles", "treasury"];
const isKind = (k: string): k is GovernanceKind => (KINDS as readonly string[]).includes(k);

export function register(program: Command): void {
  const gov = group(program, "governance", "queued governance changes (the timelock)");
  gov.command("pending <network>").description("queued changes and when anyone may apply them").action(action(async (run, networkText: string) => {
    const { pendingGovernance } = await import("../../network/accounts");
    const n = await run.network(key(networkText, "network"));
    return pendingRows(pendingGovernance(n, await run.now()));
  }));
  gov.command("apply <network>").description("apply every queued change whose time has come (anyone)").action(action(async (run, networkText: string) =>
    run.tx(await run.gw.applyGovernance(key(networkText, "network")))));
  gov.command("cancel <network> <kind>").description("drop a queued change: params, oracles or treasury (the team)").action(action(async (run, networkText: string, kind: string) => {
    if (!isKind(kind)) throw new CliError("INVALID_ARGUMENT", `kind must be params, oracles or treasury (got ${kind})`);
    return run.tx(await run.gw.team(run.me).cancelGovernance(key(networkText, "network"), kind));
  }));
}

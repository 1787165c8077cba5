// `groundwork slash`: propose and approve (oracles), veto until the slash can execute (the team;
// also spelled `dispute`), execute after the dispute window (anyone), refresh, and inspect proposals.
import type { Command } from "commander";
import { action, group } from "../action";
import { hex32, key, smallNumber, wholeNumber } from "../args";
import { CliError } from "../errors";


export function register(program: Command): void {
  const slash = group(program, "slash", "propose, approve, veto (dispute), execute and inspect slashes");
  slash.command("propose <network> <operatorWallet> <amount>").requiredOption("--reason <code>", "reason code (1–65535), defined by the network").requiredOption("--evidence <hex>", "32-byte evidence hash")
    .description("propose slashing an operator's stake (an oracle)")
    .action(action(async (run, networkText: string, w: string, amountText: string, o: { reason: string; evidence: string }) => {
      const network = key(networkText, "network");
      const n = await run.network(network);
      const amount = await run.amountOf(n.mint, amountText);
      const r = await run.gw.oracle(network, run.me).proposeSlash(key(w, "operator wallet"), amount, smallNumber(o.reason, "--reason", 0xffff, 1), hex32(o.evidence, "--evidence"));
      return { id: r.id, amount: await run.tokens(n.mint, amount), ...run.tx(r) };
    }));
  /** The proposal with sequence id `id` (proposals are keyed by operator and evidence; the id is their number). */
  const byId = async (run: import("../action").Run, network: import("@solana/web3.js").PublicKey, id: string) => {
    const { findSlashProposalById } = await import("../../network/accounts");
    const found = await findSlashProposalById(run.gw.ctx.network, network, wholeNumber(id, "proposal id"));
    if (!found) throw new CliError("NOT_FOUND", `no slash proposal ${id} in ${network.toBase58()}`, "`groundwork slash list <network>` lists them");
    return { address: found.publicKey, account: found.account, ref: { operator: found.account.operator, evidenceHash: found.account.evidenceHash } };
  };
  slash.command("approve <network> <id>").description("approve a proposal (an oracle); the approval by which current oracles reach the threshold starts the dispute window")
    .action(action(async (run, networkText: string, id: string) => {
      const network = key(networkText, "network");
      return run.tx(await run.gw.oracle(network, run.me).approveSlash((await byId(run, network, id)).ref));
    }));
  slash.command("veto <network> <id>").alias("dispute").description("veto (dispute) a slash any time before it can be executed (the network authority)")
    .action(action(async (run, networkText: string, id: string) => {
      const network = key(networkText, "network");
      return run.tx(await run.gw.team(run.me).vetoSlash(network, (await byId(run, network, id)).ref));
    }));
  slash.command("execute <network> <id>").description("execute an approved slash after the dispute window (anyone)").action(action(async (run, networkText: string, id: string) => {
    const network = key(networkText, "network");
    const p = await byId(run, network, id);
    const n = await run.network(network);
    const sent = await run.gw.executeSlash(network, p.ref);
    const after = await run.gw.ctx.network.account.slashProposal.fetchNullable(p.address);
    return { id: p.account.id, executedAmount: await run.tokens(n.mint, after?.executedAmount ?? 0), ...run.tx(sent) };
  }));
  slash.command("refresh <network> <id>").description("anyone: re-evaluate a proposal against the current oracles (releases or takes its hold), or close an expired or vetoed one (rent to its payer)")
    .action(action(async (run, networkText: string, id: string) => {
      const network = key(networkText, "network");
      return run.tx(await run.gw.refreshSlash(network, (await byId(run, network, id)).ref));
    }));
  const row = async (run: import("../action").Run, n: import("../../network/accounts").NetworkAccount, p: import("../../network/accounts").SlashProposalAccount) => {
    const { slashState } = await import("../../network/accounts");
    const { slashStatusOf } = await import("../../network/instructions");
    const op = await run.gw.ctx.network.account.operator.fetchNullable(p.operator);
    const live = slashState(p, n, await run.now());
    return {
      id: p.id, status: slashStatusOf(p.status), operator: op?.authority ?? p.operator, amount: await run.tokens(n.mint, p.amount), reason: p.reason,
      approvals: p.approvalCount, quorumAt: live.quorumAt ?? undefined, executableAt: live.executableAt ?? undefined, vetoable: live.vetoable, expired: live.expired,
      executedAmount: slashStatusOf(p.status) === "executed" ? await run.tokens(n.mint, p.executedAmount) : undefined,
    };
  };
  slash.command("show <network> <id>").description("a slash proposal: status, approvals, its live quorum and when it can be executed").action(action(async (run, networkText: string, id: string) => {
    const network = key(networkText, "network");
    const n = await run.network(network);
    const p = await byId(run, network, id);
    return {
      ...(await row(run, n, p.account)), proposal: p.address, evidence: Buffer.from(p.account.evidenceHash).toString("hex"), approvers: p.account.approvers.slice(0, p.account.approvalCount),
      disputeWindowSecs: p.account.disputeWindowSecs, maxSlashBps: p.account.maxSlashBps, now: await run.now(),
    };
  }));
  slash.command("list <network>").description("the network's slash proposals").action(action(async (run, networkText: string) => {
    const network = key(networkText, "network");
    const n = await run.network(network);
    const { listSlashProposals } = await import("../../network/accounts");
    const all = await listSlashProposals(run.gw.ctx.network, network);
    all.sort((a, b) => a.account.id.cmp(b.account.id));
    return Promise.all(all.map((p) => row(run, n, p.account)));
  }));
}

// `groundwork slash`: propose and approve (oracles), veto during the dispute window (the team; also
// spelled `dispute`), execute after it (anyone), and inspect proposals.
import type { Command } from "commander";
import { action, group } from "../action";
import { hex32, key, smallNumber, wholeNumber } from "../args";
import { CliError } from "../errors";

const STATUS = ["pending", "approved", "executed", "vetoed"];

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
  slash.command("approve <network> <id>").description("approve a proposal (an oracle); the approval reaching the threshold starts the dispute window")
    .action(action(async (run, networkText: string, id: string) => run.tx(await run.gw.oracle(key(networkText, "network"), run.me).approveSlash(wholeNumber(id, "proposal id")))));
  slash.command("veto <network> <id>").alias("dispute").description("veto (dispute) an approved slash within the dispute window (the network authority)")
    .action(action(async (run, networkText: string, id: string) => {
      const network = key(networkText, "network");
      const { fetchSlashProposal } = await import("../../network/accounts");
      const p = await fetchSlashProposal(run.gw.ctx.network, network, wholeNumber(id, "proposal id"));
      if (!p) throw new CliError("NOT_FOUND", `no slash proposal ${id} in ${network.toBase58()}`, "`groundwork slash list <network>` lists them");
      const op = await run.gw.ctx.network.account.operator.fetch(p.operator);
      return run.tx(await run.gw.team(run.me).vetoSlash(network, op.authority, wholeNumber(id, "proposal id")));
    }));
  slash.command("execute <network> <id>").description("execute an approved slash after the dispute window (anyone)").action(action(async (run, networkText: string, id: string) => {
    const network = key(networkText, "network");
    const proposalId = wholeNumber(id, "proposal id");
    const { fetchSlashProposal } = await import("../../network/accounts");
    const { executeSlashIx } = await import("../../network/instructions");
    const p = await fetchSlashProposal(run.gw.ctx.network, network, proposalId);
    if (!p) throw new CliError("NOT_FOUND", `no slash proposal ${id} in ${network.toBase58()}`, "`groundwork slash list <network>` lists them");
    const n = await run.network(network);
    const sent = await run.gw.ctx.send([await executeSlashIx(run.gw.ctx.network, { network, operator: p.operator, id: proposalId, mint: n.mint, treasury: n.treasury })]);
    const after = await fetchSlashProposal(run.gw.ctx.network, network, proposalId);
    return { id: proposalId, executedAmount: await run.tokens(n.mint, after?.executedAmount ?? 0), ...run.tx(sent) };
  }));
  const row = async (run: import("../action").Run, mint: import("@solana/web3.js").PublicKey, window: number, p: import("../../network/accounts").SlashProposalAccount) => {
    const op = await run.gw.ctx.network.account.operator.fetchNullable(p.operator);
    const approvedAt = p.approvedAt.toNumber();
    return {
      id: p.id, status: STATUS[p.status] ?? String(p.status), operator: op?.authority ?? p.operator, amount: await run.tokens(mint, p.amount), reason: p.reason,
      approvals: p.approvalCount, executableAt: p.status === 1 ? approvedAt + window : undefined, executedAmount: p.status === 2 ? await run.tokens(mint, p.executedAmount) : undefined,
    };
  };
  slash.command("show <network> <id>").description("a slash proposal: status, approvals, when it can be executed").action(action(async (run, networkText: string, id: string) => {
    const network = key(networkText, "network");
    const n = await run.network(network);
    const { fetchSlashProposal } = await import("../../network/accounts");
    const p = await fetchSlashProposal(run.gw.ctx.network, network, wholeNumber(id, "proposal id"));
    if (!p) throw new CliError("NOT_FOUND", `no slash proposal ${id} in ${network.toBase58()}`, "`groundwork slash list <network>` lists them");
    return { ...(await row(run, n.mint, n.slashDisputeWindowSecs.toNumber(), p)), evidence: Buffer.from(p.evidenceHash).toString("hex"), approvers: p.approvers.slice(0, p.approvalCount), now: await run.now() };
  }));
  slash.command("list <network>").description("the network's slash proposals").action(action(async (run, networkText: string) => {
    const network = key(networkText, "network");
    const n = await run.network(network);
    const { listSlashProposals } = await import("../../network/accounts");
    const all = await listSlashProposals(run.gw.ctx.network, network);
    all.sort((a, b) => a.account.id.cmp(b.account.id));
    return Promise.all(all.map((p) => row(run, n.mint, n.slashDisputeWindowSecs.toNumber(), p.account)));
  }));
}

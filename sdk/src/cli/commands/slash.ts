// `groundwork slash`: propose, approve, veto and execute slashes.
import type { Command } from "commander";
import { action, group } from "../action";
import { amount, hex32, key, txRow } from "../args";

export function register(program: Command): void {
  const slash = group(program, "slash", "propose, approve, veto, dispute and execute slashes");
  slash.command("propose <network> <operatorWallet> <amount>").requiredOption("--reason <code>").requiredOption("--evidence <hex>", "32-byte evidence hash")
    .action(action(async ({ gw }, network: string, w: string, a: string, o: { reason: string; evidence: string }) => {
      const r = await gw.oracle(key(network)).proposeSlash(key(w), amount(a), Number(o.reason), hex32(o.evidence, "evidence"));
      return { id: r.id, ...txRow(r) };
    }));
  slash.command("approve <network> <id>").action(action(async ({ gw }, network: string, id: string) => txRow(await gw.oracle(key(network)).approveSlash(amount(id)))));
  slash.command("veto <network> <id>").action(action(async ({ gw }, network: string, id: string) => {
    const { default: BN } = await import("bn.js");
    const { fetchSlashProposal } = await import("../../network/accounts");
    const { vetoSlashIx } = await import("../../network/instructions");
    const p = await fetchSlashProposal(gw.ctx.network, key(network), new BN(id));
    if (!p) throw new Error(`no slash proposal ${id}`);
    return txRow(await gw.ctx.send([await vetoSlashIx(gw.ctx.network, { authority: gw.ctx.payer, network: key(network), operator: p.operator, id: new BN(id) })]));
  }));
  slash.command("execute <network> <id>").description("anyone, after the dispute window").action(action(async ({ gw }, network: string, id: string) => {
    const { default: BN } = await import("bn.js");
    const { fetchNetwork, fetchSlashProposal } = await import("../../network/accounts");
    const { executeSlashIx } = await import("../../network/instructions");
    const p = await fetchSlashProposal(gw.ctx.network, key(network), new BN(id));
    if (!p) throw new Error(`no slash proposal ${id}`);
    const n = await fetchNetwork(gw.ctx.network, key(network));
    return txRow(await gw.ctx.send([await executeSlashIx(gw.ctx.network, { network: key(network), operator: p.operator, id: new BN(id), mint: n.mint, treasury: n.treasury })]));
  }));
}

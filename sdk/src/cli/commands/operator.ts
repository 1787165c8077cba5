// `groundwork operator`: register, stake, unbond, withdraw (a hardware operator), and inspection.
// Stake amounts are UI units of the network's token (`1500`), or base units with --base-units.
import type { Command } from "commander";
import type { PublicKey } from "@solana/web3.js";
import type { Run } from "../action";
import { action, group } from "../action";
import { key } from "../args";
import { CliError } from "../errors";

/** Stops early, with what to do, when the signer cannot stake `amount`: not registered, no token account, too few tokens. */
async function checkCanStake(run: Run, network: PublicKey, mint: PublicKey, amount: bigint): Promise<void> {
  const { fetchOperator } = await import("../../network/accounts");
  if (!(await fetchOperator(run.gw.ctx.network, network, run.me.publicKey))) {
    throw new CliError("NOT_REGISTERED", `${run.me.publicKey.toBase58()} is not registered as an operator of ${network.toBase58()}`, "register first: `groundwork operator register <network>`");
  }
  const { getAssociatedTokenAddressSync, getAccount } = await import("@solana/spl-token");
  const { formatUnits } = await import("../args");
  const ata = getAssociatedTokenAddressSync(mint, run.me.publicKey, true);
  const held = await getAccount(run.ctx.provider.connection, ata).then((a) => a.amount).catch(() => null);
  if (held === null) {
    throw new CliError("MISSING_TOKEN_ACCOUNT", `${run.me.publicKey.toBase58()} has no token account for the network's token ${mint.toBase58()} (its associated account ${ata.toBase58()} does not exist)`,
      "get tokens first, e.g. the team runs `groundwork token transfer <mint> <your wallet> <amount>`");
  }
  if (held < amount) {
    const d = await run.mintDecimals(mint);
    throw new CliError("INSUFFICIENT_TOKENS", `${run.me.publicKey.toBase58()} holds ${formatUnits(held, d)} of the network's token, fewer than the ${formatUnits(amount, d)} to stake`, "stake less, or get more tokens first");
  }
}

export function register(program: Command): void {
  const op = group(program, "operator", "register, stake, unbond, withdraw (operator)");
  op.command("register <network>").description("register the signer as an operator of the network").action(action(async (run, networkText: string) => {
    const network = key(networkText, "network");
    await run.network(network);
    return run.tx(await run.gw.operator(network, run.me).register());
  }));
  op.command("stake <network> <amount>").description("stake tokens from the signer's token account").action(action(async (run, networkText: string, amountText: string) => {
    const network = key(networkText, "network");
    const n = await run.network(network);
    const amount = await run.amountOf(n.mint, amountText);
    await checkCanStake(run, network, n.mint, amount);
    return { amount: await run.tokens(n.mint, amount), ...run.tx(await run.gw.operator(network, run.me).stake(amount)) };
  }));
  op.command("unstake <network> <amount>").description("move stake into unbonding (withdrawable after the unbonding period; slashable until then)")
    .action(action(async (run, networkText: string, amountText: string) => {
      const network = key(networkText, "network");
      const n = await run.network(network);
      const amount = await run.amountOf(n.mint, amountText);
      return { amount: await run.tokens(n.mint, amount), ...run.tx(await run.gw.operator(network, run.me).requestUnstake(amount)) };
    }));
  op.command("withdraw <network>").description("withdraw unbonded stake after the unbonding period").action(action(async (run, networkText: string) => {
    const network = key(networkText, "network");
    await run.network(network);
    return run.tx(await run.gw.operator(network, run.me).withdraw());
  }));
  op.command("status <network>").option("--wallet <key>", "another operator's wallet").description("stake, unbonding, devices and rewards claimed")
    .action(action(async (run, networkText: string, o: { wallet?: string }) => {
      const network = key(networkText, "network");
      const n = await run.network(network);
      const who = o.wallet ? key(o.wallet, "--wallet") : run.me.publicKey;
      const s = await run.gw.operator(network, who).status();
      const t = (v: bigint) => run.tokens(n.mint, v);
      return {
        wallet: who, registered: s.registered, activeStake: await t(s.activeStake), unbondingStake: await t(s.unbondingStake), unbondingUnlockTs: s.unbondingUnlockTs,
        jailed: s.jailed, devices: s.devices.length, activeDevices: s.devices.filter((d) => d.account.active !== 0).length, claimed: await t(s.claimed),
      };
    }));
  op.command("list <network>").description("every operator of the network with its stake and device count").action(action(async (run, networkText: string) => {
    const network = key(networkText, "network");
    const n = await run.network(network);
    const { listOperators } = await import("../../network/accounts");
    const operators = await listOperators(run.gw.ctx.network, network);
    operators.sort((a, b) => a.account.authority.toBase58().localeCompare(b.account.authority.toBase58()));
    return Promise.all(operators.map(async (o) => ({
      wallet: o.account.authority, activeStake: await run.tokens(n.mint, o.account.activeStake), unbondingStake: await run.tokens(n.mint, o.account.unbondingStake),
      devices: o.account.deviceCount, jailed: o.account.jailed !== 0, openSlashes: o.account.openSlashes,
    })));
  }));
}

// `groundwork operator`: register, stake, unbond, withdraw (a hardware operator).
import type { Command } from "commander";
import { action, group } from "../action";
import { amount, key, txRow } from "../args";

export function register(program: Command): void {
  const op = group(program, "operator", "register, stake, unbond, withdraw (operator)");
  op.command("register <network>").action(action(async ({ gw }, network: string) => txRow(await gw.operator(key(network)).register())));
  op.command("stake <network> <amount>").action(action(async ({ gw }, network: string, a: string) => txRow(await gw.operator(key(network)).stake(amount(a)))));
  op.command("unstake <network> <amount>").description("move stake into unbonding").action(action(async ({ gw }, network: string, a: string) => txRow(await gw.operator(key(network)).requestUnstake(amount(a)))));
  op.command("withdraw <network>").description("withdraw unbonded stake after the unbonding period").action(action(async ({ gw }, network: string) => txRow(await gw.operator(key(network)).withdraw())));
  op.command("status <network>").option("--wallet <key>", "another operator's wallet").action(action(async ({ ctx, gw }, network: string, o: { wallet?: string }) => {
    const who = o.wallet ? key(o.wallet) : ctx.wallet.publicKey;
    const s = await gw.operator(key(network), who).status();
    return { wallet: who, registered: s.registered, activeStake: s.activeStake, unbondingStake: s.unbondingStake, unbondingUnlockTs: s.unbondingUnlockTs, jailed: s.jailed, devices: s.devices.length, activeDevices: s.devices.filter((d) => d.account.active !== 0).length, claimed: s.claimed };
  }));
}

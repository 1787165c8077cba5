// Shared by the quick-start examples: an embedded SVM with the built programs, a token, and a
// network created by its team — what an operator or a customer finds when it arrives.
import * as path from "path";
import { AnchorProvider } from "@coral-xyz/anchor";
import { Keypair, PublicKey } from "@solana/web3.js";
import { createMint, getOrCreateAssociatedTokenAccount, mintTo } from "@solana/spl-token";
import { Groundwork, createEmbeddedSvm, PROGRAMS, SvmConnection } from "../../sdk/src";

/** The programs as `npm run build:programs` writes them. */
export function builtPrograms(): { programId: PublicKey; so: string }[] {
  const root = path.join(__dirname, "..", "..");
  return PROGRAMS.map((p) => ({ programId: p.programId, so: path.join(root, "target", "deploy", `${p.name}.so`) }));
}

export interface ExampleNetwork {
  provider: AnchorProvider;
  connection: SvmConnection;
  gw: Groundwork;
  /** The team's wallet: network authority, mint authority, holder of the supply. */
  team: Keypair;
  mint: PublicKey;
  network: PublicKey;
  /** Sends `amount` base units of the token to `owner`, as the team (the mint authority). */
  giveTokens(owner: PublicKey, amount: bigint): Promise<void>;
}

/** A fresh embedded chain with a network like the one of the team quick start. */
export async function exampleNetwork(): Promise<ExampleNetwork> {
  const { provider, connection, payer: team } = createEmbeddedSvm(builtPrograms());
  const gw = Groundwork.connect(provider);
  const mint = await createMint(connection, team, team.publicKey, null, 6);
  const { network } = await gw.team().createNetwork({
    mint, epochLengthSecs: 86_400, stakePerDevice: 1_000_000_000n, minOperatorStake: 500_000_000n, unbondingSecs: 604_800,
    slashDisputeWindowSecs: 172_800, maxSlashBps: 5_000, slashDestination: "treasury", oracles: [Keypair.generate().publicKey], oracleThreshold: 1,
    credits: { mode: "fixed", creditsPerToken: 100, breakerWindowSecs: 86_400, breakerMaxCredits: 10_000_000n },
  });
  const giveTokens = async (owner: PublicKey, amount: bigint) => {
    const account = await getOrCreateAssociatedTokenAccount(connection, team, mint, owner);
    await mintTo(connection, team, mint, account.address, team, amount);
  };
  return { provider, connection, gw, team, mint, network, giveTokens };
}

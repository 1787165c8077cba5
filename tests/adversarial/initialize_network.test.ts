import BN from "bn.js";
import { Idl } from "@coral-xyz/anchor";
import { Keypair, PublicKey, SystemProgram } from "@solana/web3.js";
import { createMint, createAccount, TOKEN_PROGRAM_ID, TOKEN_2022_PROGRAM_ID } from "@solana/spl-token";
import { testEnv, TestEnv } from "../support/env";
import { runAttack, Attack } from "../support/attacks";
import { networkProgram } from "../../sdk/src/network/program";
import { networkPda, stakeVaultPda } from "../../sdk/src/pda";
import { GroundworkNetworkIdl } from "../../sdk/src/idl/groundwork_network";
import { enumValue } from "../../sdk/src/enums";

describe("adversarial: initialize_network", function () {
  let env: TestEnv;
  let authority: Keypair;
  let mint: PublicKey;
  let treasury: PublicKey;
  const idl = GroundworkNetworkIdl as unknown as Idl;

  beforeEach(async function () {
    env = testEnv();
    if (!env.svm) this.skip(); // crafts accounts with setAccount: embedded SVM only
    authority = Keypair.generate();
    mint = await createMint(env.connection, env.payer, authority.publicKey, null, 6);
    treasury = await createAccount(env.connection, env.payer, mint, authority.publicKey, Keypair.generate());
  });

  const build = () => {
    const network = networkPda(mint, authority.publicKey);
    return networkProgram(env.provider)
      .methods.initializeNetwork(new BN(3600), new BN(10), new BN(0), new BN(3_600), new BN(600), 1000, enumValue("treasury"), 0, [])
      .accountsPartial({ payer: env.payer.publicKey, authority: authority.publicKey, network, mint, stakeVault: stakeVaultPda(network), treasury, tokenProgram: TOKEN_PROGRAM_ID, systemProgram: SystemProgram.programId })
      .instruction();
  };

  const attacks: Attack[] = [
    { kind: "missing signer", role: "authority", expect: "AccountNotSigner" },
    { kind: "not writable", role: "network", expect: "AccountNotMutable" },
    { kind: "not writable", role: "stake_vault", expect: "AccountNotMutable" },
    { kind: "wrong owner", role: "mint", expect: "ConstraintTokenTokenProgram" },
    { kind: "wrong owner", role: "treasury", expect: "ConstraintTokenTokenProgram" },
    { kind: "substituted account", role: "network", expect: "ConstraintSeeds", replacement: Keypair.generate().publicKey },
    { kind: "uninitialised account", role: "treasury", expect: "ConstraintTokenTokenProgram" },
    { kind: "wrong program id", role: "token_program", expect: "InvalidProgramId", replacement: TOKEN_2022_PROGRAM_ID },
    { kind: "wrong program id", role: "system_program", expect: "InvalidProgramId", replacement: TOKEN_PROGRAM_ID },
  ];

  for (const attack of attacks) {
    const title = `${attack.kind} on ${attack.role} → ${attack.expect}`;
    it(title, async () => {
      const network = networkPda(mint, authority.publicKey);
      await runAttack(env, idl, "initialize_network", build, [authority], attack, [network, stakeVaultPda(network), treasury, mint], `adversarial: initialize_network ${title}`);
    });
  }
});

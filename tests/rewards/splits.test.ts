// Reward destinations and splits through the SDK, as operators, hosts and cranks use them: an
// operator sends its rewards to another wallet or splits them in basis points; every claim (by the
// operator or by a crank) pays each recipient its share in the same instruction. Runs on the
// embedded SVM and on a real validator (seconds-scale epochs there: tests/support/time.ts).
import { expect } from "chai";
import { randomBytes } from "crypto";
import { Keypair, PublicKey, Transaction, TransactionInstruction } from "@solana/web3.js";
import { closeAccount, createAccount, createAssociatedTokenAccountIdempotent, createMint, getAccount, getAssociatedTokenAddressSync, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import type { Address, Lamports } from "@solana/kit";
import { testEnv, TestEnv } from "../support/env";
import { snapshot, expectUnchanged } from "../support/assertions";
import { Groundwork } from "../../sdk/src/groundwork";
import { InvalidRewardSplitError } from "../../sdk/src/clients/operator";
import { RewardsErrors, GroundworkAccountError } from "../../sdk/src/errors";
import { claimStatusPda, rewardSplitPda, rewardsConfigPda, rewardsVaultPda } from "../../sdk/src/rewards/pda";
import * as rew from "../../sdk/src/rewards/instructions";
import { fetchRewardsConfig } from "../../sdk/src/rewards/accounts";
import { buildTree, ClaimProof, RewardLeaf, rootOf } from "../../sdk/src/rewards/merkle";
import { PACKET_DATA_SIZE } from "../../sdk/src/pack";
import { REWARDS_EPOCH_SECS } from "../support/time";

const EPOCH = REWARDS_EPOCH_SECS;

describe("rewards: destinations and splits", function () {
  let env: TestEnv;
  let gw: Groundwork;
  let team: Keypair;
  let mint: PublicKey;
  const oracles = [Keypair.generate(), Keypair.generate()];

  beforeEach(async () => {
    env = testEnv();
    gw = Groundwork.connect(env.provider);
    team = Keypair.generate();
    await env.airdrop(team.publicKey);
    for (const o of oracles) await env.airdrop(o.publicKey);
    mint = await createMint(env.connection, env.payer, team.publicKey, null, 0);
  });

  async function createNetwork(): Promise<PublicKey> {
    const treasury = await createAccount(env.connection, env.payer, mint, team.publicKey, Keypair.generate());
    const { network } = await gw.team(team).createNetwork({
      mint, treasury, epochLengthSecs: EPOCH, stakePerDevice: 1_000, minOperatorStake: 0, unbondingSecs: 3_600, slashDisputeWindowSecs: 600,
      maxSlashBps: 5_000, slashDestination: "burn", oracles: oracles.map((o) => o.publicKey), oracleThreshold: 2,
      rewards: { fundingMode: "mint", schedule: [{ startTs: 0, emissionPerEpoch: 1_000_000 }], supplyCap: 1_000_000_000, operatorBps: 10_000, netEmissionCap: 0 },
    });
    return network;
  }

  async function wallet(): Promise<Keypair> {
    const w = Keypair.generate();
    await env.airdrop(w.publicKey, 1);
    return w;
  }

  /** Waits for epoch `epoch` to end, then both oracles publish the tree of `leaves` for it. */
  async function publish(network: PublicKey, epoch: number, leaves: RewardLeaf[]): Promise<ClaimProof[]> {
    await env.waitSeconds(EPOCH + 1);
    const tree = gw.oracle(network, oracles[0]).buildEpochTree(epoch, leaves);
    for (const o of oracles) await gw.oracle(network, o).submitRoot(tree);
    return tree.proofs.claims;
  }

  const ata = (owner: PublicKey) => getAssociatedTokenAddressSync(mint, owner, true);
  async function balance(owner: PublicKey): Promise<bigint> {
    return getAccount(env.connection, ata(owner)).then((a) => a.amount, () => 0n);
  }
  async function failure(p: Promise<unknown>): Promise<Error> {
    const e = await p.then(() => null, (err: Error) => err);
    if (!e) throw new Error("expected the transaction to fail, but it succeeded");
    return e;
  }

  it("a destination: claims by the operator or a crank pay the other wallet; clearing it pays the operator again and refunds the rent", async () => {
    const network = await createNetwork();
    const [op, other] = [await wallet(), await wallet()];
    const host = Keypair.generate().publicKey; // needs no SOL: it only receives
    const operator = gw.operator(network, op);

    const set = await operator.setRewardDestination(host);
    expect(await operator.rewardSplit()).to.deep.equal({ recipients: [{ wallet: host, bps: 10_000 }] });
    const events = gw.events.decode(set.logs).filter((e) => e.program === "rewards").map((e) => e.name);
    expect(events).to.deep.equal(["ClaimStatusInitialized", "RewardSplitSet"]); // the SDK created the status first
    const status = await gw.ctx.rewards.account.claimStatus.fetch(claimStatusPda(network, op.publicKey));
    expect(status.hasSplit).to.equal(1);

    const claims = await publish(network, 0, [{ operator: op.publicKey, amount: 600n }, { operator: other.publicKey, amount: 400n }]);
    // A crank claims for both operators; the split one pays its host (whose token account it creates).
    await gw.claimBatch(network, claims);
    expect(await balance(host)).to.equal(600n);
    expect(await balance(op.publicKey)).to.equal(0n);
    expect(await balance(other.publicKey)).to.equal(400n);
    expect((await operator.status()).claimed).to.equal(600n);

    // Clearing closes the split account; its rent goes to the operator (the provider pays fees).
    const splitRent = (await env.connection.getAccountInfo(rewardSplitPda(network, op.publicKey)))!.lamports;
    const lamportsBefore = await env.connection.getBalance(op.publicKey);
    const cleared = await operator.clearRewardSplit();
    expect(gw.events.decode(cleared.logs).map((e) => e.name)).to.include("RewardSplitCleared");
    expect(await env.connection.getBalance(op.publicKey)).to.equal(lamportsBefore + splitRent);
    expect(await env.connection.getAccountInfo(rewardSplitPda(network, op.publicKey))).to.equal(null);
    expect(await operator.rewardSplit()).to.equal(null);
    expect(await failure(operator.clearRewardSplit())).to.be.instanceOf(RewardsErrors.NoRewardSplit);

    const later = await publish(network, 1, [{ operator: op.publicKey, amount: 1_500n }, { operator: other.publicKey, amount: 500n }]);
    await operator.claim(later[0]);
    expect(await balance(op.publicKey)).to.equal(900n);
    expect(await balance(host)).to.equal(600n);
  });

  it("a split pays each recipient floor(payout × bps / 10,000), the first the remainder; a change applies to everything claimed after it", async () => {
    const network = await createNetwork();
    const op = await wallet();
    const [host, maker] = [Keypair.generate().publicKey, Keypair.generate().publicKey];
    const operator = gw.operator(network, op);
    await operator.setRewardSplit([{ wallet: op.publicKey, bps: 7_000 }, { wallet: host, bps: 2_000 }, { wallet: maker, bps: 1_000 }]);

    const e0 = await publish(network, 0, [{ operator: op.publicKey, amount: 1_001n }]);
    const vaultBefore = (await getAccount(env.connection, rewardsVaultPda(network))).amount;
    const sent = await operator.claim(e0[0]);
    // 1,001 × 20% = 200.2 → 200, × 10% = 100.1 → 100; the operator (first) gets 701.
    expect([await balance(op.publicKey), await balance(host), await balance(maker)]).to.deep.equal([701n, 200n, 100n]);
    expect(rew.splitAmounts(1_001n, (await operator.rewardSplit())!)).to.deep.equal([701n, 200n, 100n]);
    expect(vaultBefore - (await getAccount(env.connection, rewardsVaultPda(network))).amount).to.equal(1_001n);
    const claimed = gw.events.decode(sent.logs).find((e) => e.name === "RewardsClaimed")!;
    expect(String(claimed.data.amount)).to.equal("1001");

    // The host deal ends mid-epoch: the new split pays the whole claimable amount, earned before
    // the change or after (the operator's choice: claim first to settle under the old split).
    await operator.setRewardSplit([{ wallet: host, bps: 5_000 }, { wallet: op.publicKey, bps: 5_000 }]);
    expect((await operator.rewardSplit())!.recipients.map((r) => r.wallet.toBase58())).to.deep.equal([host.toBase58(), op.publicKey.toBase58()]);
    const e1 = await publish(network, 1, [{ operator: op.publicKey, amount: 2_002n }]);
    await gw.claimBatch(network, e1);
    expect([await balance(op.publicKey), await balance(host), await balance(maker)]).to.deep.equal([701n + 500n, 200n + 501n, 100n]);
    const cfg = await fetchRewardsConfig(gw.ctx.rewards, network);
    expect(cfg.totalClaimed.toString()).to.equal("2002");
    expect(await failure(operator.claim(e1[0]))).to.be.instanceOf(RewardsErrors.NothingToClaim);
  });

  it("set_reward_split refuses bad splits and other signers with typed errors, changing nothing", async () => {
    const network = await createNetwork();
    const [op, mallory] = [await wallet(), await wallet()];
    const operator = gw.operator(network, op);
    const [a, b, c, d, e] = Array.from({ length: 5 }, () => Keypair.generate().publicKey);
    // The SDK refuses before sending, saying what to fix.
    for (const bad of [[], [a, b, c, d, e].map((w) => ({ wallet: w, bps: 2_000 })), [{ wallet: a, bps: 9_999 }], [{ wallet: a, bps: 5_000 }, { wallet: a, bps: 5_000 }]]) {
      expect(await failure(operator.setRewardSplit(bad))).to.be.instanceOf(InvalidRewardSplitError);
    }
    // Without the SDK's check, the program answers each with its own error.
    await operator.setRewardDestination(a); // creates the status and a split to compare against
    const watched = [claimStatusPda(network, op.publicKey), rewardSplitPda(network, op.publicKey), rewardSplitPda(network, mallory.publicKey), op.publicKey];
    const before = await snapshot(env.connection, watched);
    const send = (recipients: rew.SplitRecipientArg[], signer = op, operatorKey = op.publicKey) =>
      rew.setRewardSplit(gw.ctx.rewards, { operator: operatorKey, payer: env.payer.publicKey, network, recipients }).then((ix) => gw.ctx.send([ix], [signer]));
    const cases: [rew.SplitRecipientArg[], unknown][] = [
      [[], RewardsErrors.InvalidSplitCount],
      [[a, b, c, d, e].map((w) => ({ wallet: w, bps: 2_000 })), RewardsErrors.InvalidSplitCount],
      [[{ wallet: a, bps: 10_000 }, { wallet: b, bps: 0 }], RewardsErrors.ZeroSplitShare],
      [[{ wallet: a, bps: 5_000 }, { wallet: b, bps: 4_999 }], RewardsErrors.SplitSharesNotWhole],
      [[{ wallet: a, bps: 65_535 }, { wallet: b, bps: 10_001 }], RewardsErrors.SplitSharesNotWhole], // wraps a u16 sum to 10,000
      [[{ wallet: a, bps: 4_000 }, { wallet: b, bps: 2_000 }, { wallet: a, bps: 4_000 }], RewardsErrors.DuplicateSplitRecipient],
      [[{ wallet: PublicKey.default, bps: 10_000 }], RewardsErrors.InvalidSplitRecipient],
      [[{ wallet: rewardsConfigPda(network), bps: 10_000 }], RewardsErrors.InvalidSplitRecipient],
    ];
    for (const [recipients, error] of cases) expect(await failure(send(recipients)), JSON.stringify(recipients.map((r) => r.bps))).to.be.instanceOf(error as typeof Error);
    // Mallory cannot set op's split: signing as herself against op's status fails its seeds check,
    // and she has no claim status of her own yet.
    const forged = await rew.setRewardSplit(gw.ctx.rewards, { operator: mallory.publicKey, payer: env.payer.publicKey, network, recipients: [{ wallet: mallory.publicKey, bps: 10_000 }] });
    forged.keys[3].pubkey = claimStatusPda(network, op.publicKey);
    forged.keys[4].pubkey = rewardSplitPda(network, op.publicKey);
    const seeds = await failure(gw.ctx.send([forged], [mallory]));
    expect(seeds).to.be.instanceOf(GroundworkAccountError);
    expect((seeds as GroundworkAccountError).errorName).to.equal("ConstraintSeeds");
    expect(((await failure(send([{ wallet: mallory.publicKey, bps: 10_000 }], mallory, mallory.publicKey))) as GroundworkAccountError).errorName).to.equal("AccountNotInitialized");
    await expectUnchanged(env.connection, before);
  });

  it("claims cannot leave the split out or reorder it; a closed recipient account fails with a typed error and changes nothing", async () => {
    const network = await createNetwork();
    const op = await wallet();
    const [host, maker] = [await wallet(), await wallet()];
    const operator = gw.operator(network, op);
    await operator.setRewardSplit([{ wallet: op.publicKey, bps: 6_000 }, { wallet: host.publicKey, bps: 3_000 }, { wallet: maker.publicKey, bps: 1_000 }]);
    for (const w of [op, host, maker]) await createAssociatedTokenAccountIdempotent(env.connection, env.payer, mint, w.publicKey);
    const [entry] = await publish(network, 0, [{ operator: op.publicKey, amount: 10_000n }]);
    const split = (await operator.rewardSplit())!;
    const args = { payer: env.payer.publicKey, operator: op.publicKey, network, mint, cumulativeAmount: 10_000n, proof: entry.proof };
    const watched = [rewardsConfigPda(network), rewardsVaultPda(network), claimStatusPda(network, op.publicKey), ata(op.publicKey), ata(host.publicKey), ata(maker.publicKey)];
    const before = await snapshot(env.connection, watched);
    const crank = async (ix: Promise<TransactionInstruction>) => gw.ctx.send([await ix]);
    const errorName = async (ix: Promise<TransactionInstruction>) => (await failure(crank(ix))).name;

    // A crank's plain claim (no split accounts) to the operator's own token account.
    expect(await failure(crank(rew.claim(gw.ctx.rewards, { ...args, split: null })))).to.be.instanceOf(RewardsErrors.SplitRecipientMissing);
    // The split account without every recipient's token account.
    expect(await failure(crank(rew.claim(gw.ctx.rewards, { ...args, split: { recipients: split.recipients.slice(0, 2) } })))).to.be.instanceOf(RewardsErrors.SplitRecipientMissing);
    // Reordered recipients, another wallet's account, a duplicate: each token account must be its recipient's.
    const reordered = [ata(host.publicKey), ata(op.publicKey), ata(maker.publicKey)];
    expect(await errorName(rew.claim(gw.ctx.rewards, { ...args, split, recipientTokens: reordered }))).to.equal("ConstraintTokenOwner");
    expect(await errorName(rew.claim(gw.ctx.rewards, { ...args, split, recipientTokens: [ata(op.publicKey), ata(host.publicKey), ata(host.publicKey)] }))).to.equal("ConstraintTokenOwner");
    const mallory = Keypair.generate().publicKey;
    const stolen = await createAssociatedTokenAccountIdempotent(env.connection, env.payer, mint, mallory);
    expect(await errorName(rew.claim(gw.ctx.rewards, { ...args, split, recipientTokens: [ata(op.publicKey), stolen, ata(maker.publicKey)] }))).to.equal("ConstraintTokenOwner");
    // The host's account of another mint.
    const otherMint = await createMint(env.connection, env.payer, team.publicKey, null, 0);
    const wrongMint = getAssociatedTokenAddressSync(otherMint, host.publicKey);
    await createAssociatedTokenAccountIdempotent(env.connection, env.payer, otherMint, host.publicKey);
    expect(await errorName(rew.claim(gw.ctx.rewards, { ...args, split, recipientTokens: [ata(op.publicKey), wrongMint, ata(maker.publicKey)] }))).to.equal("ConstraintTokenMint");
    // Another operator's split account (paying the same wallets) in place of this one's.
    const other = await wallet();
    await gw.operator(network, other).setRewardSplit(split.recipients);
    const forged = await rew.claim(gw.ctx.rewards, { ...args, split });
    forged.keys[6].pubkey = rewardSplitPda(network, other.publicKey);
    expect((await failure(gw.ctx.send([forged]))).name).to.equal("ConstraintSeeds");
    forged.keys[6].pubkey = claimStatusPda(network, op.publicKey); // not a split at all
    expect((await failure(gw.ctx.send([forged]))).name).to.equal("AccountDidNotDeserialize");
    await expectUnchanged(env.connection, before);

    // The host closes its (empty) account: a claim naming it fails; the SDK's claim re-creates it.
    await closeAccount(env.connection, env.payer, ata(host.publicKey), host.publicKey, host);
    const closed = await snapshot(env.connection, watched);
    expect(await failure(crank(rew.claim(gw.ctx.rewards, { ...args, split })))).to.be.instanceOf(RewardsErrors.RecipientTokenAccountMissing);
    await expectUnchanged(env.connection, closed);
    await operator.claim(entry);
    expect([await balance(op.publicKey), await balance(host.publicKey), await balance(maker.publicKey)]).to.deep.equal([6_000n, 3_000n, 1_000n]);
  });

  it("a frozen recipient account fails the whole claim with a typed error; the operator changes its split and claims [embedded-only: the network program refuses a mint with a freeze authority, so no real account of a network mint can be frozen; the test writes the frozen state]", async () => {
    if (!env.svm) throw new Error("embedded-only: run it on the embedded SVM (the validator suite leaves [embedded-only] tests out)");
    const network = await createNetwork();
    const op = await wallet();
    const host = Keypair.generate().publicKey;
    const operator = gw.operator(network, op);
    await operator.setRewardSplit([{ wallet: op.publicKey, bps: 5_000 }, { wallet: host, bps: 5_000 }]);
    for (const w of [op.publicKey, host]) await createAssociatedTokenAccountIdempotent(env.connection, env.payer, mint, w);
    const [entry] = await publish(network, 0, [{ operator: op.publicKey, amount: 800n }]);
    // Mark the host's token account frozen (SPL Token account state byte 108: 2).
    const svm = env.svm.svm;
    const account = svm.getAccount(ata(host).toBase58() as Address);
    if (!account.exists) throw new Error("the host's token account is missing");
    const data = new Uint8Array(account.data);
    data[108] = 2;
    svm.setAccount({ address: ata(host).toBase58() as Address, data, executable: false, lamports: account.lamports as Lamports, programAddress: TOKEN_PROGRAM_ID.toBase58() as Address, space: BigInt(data.length) });
    const watched = [rewardsConfigPda(network), rewardsVaultPda(network), claimStatusPda(network, op.publicKey), ata(op.publicKey), ata(host)];
    const before = await snapshot(env.connection, watched);
    expect(await failure(operator.claim(entry))).to.be.instanceOf(RewardsErrors.RecipientTokenAccountFrozen);
    await expectUnchanged(env.connection, before);
    await operator.setRewardDestination(op.publicKey);
    await operator.claim(entry);
    expect([await balance(op.publicKey), await balance(host)]).to.deep.equal([800n, 0n]);
  });

  it("depth-20 claims with 1 to 4 recipients fit one transaction; compute units per recipient", async () => {
    const network = await createNetwork();
    // Five operators (no split, then 1..4 recipients) and three other leaves in a full depth-3
    // tree extended to depth 20 by 17 random siblings: every proof has 20 nodes, as in a
    // 2^20-operator epoch.
    const ops = await Promise.all(Array.from({ length: 5 }, () => wallet()));
    // Who is paid: operator 0 itself (no split), operator n ≥ 1 n other wallets.
    const recipients = ops.map((op, n) => (n === 0 ? [op.publicKey] : Array.from({ length: n }, () => Keypair.generate().publicKey)));
    for (const [n, op] of ops.entries()) {
      for (const w of recipients[n]) await createAssociatedTokenAccountIdempotent(env.connection, env.payer, mint, w);
      if (n === 0) {
        await gw.ctx.send([await rew.initializeClaimStatus(gw.ctx.rewards, { payer: env.payer.publicKey, operator: op.publicKey, network })]);
        continue;
      }
      const bps = recipients[n].map((_, i) => (i === 0 ? 10_000 - 1_000 * (n - 1) : 1_000));
      await gw.operator(network, op).setRewardSplit(recipients[n].map((w, i) => ({ wallet: w, bps: bps[i] })));
    }
    const leaves = [...ops.map((op) => ({ operator: op.publicKey, amount: 100_003n })), ...[1, 2, 3].map(() => ({ operator: Keypair.generate().publicKey, amount: 1n }))];
    const small = buildTree(network, leaves);
    const upper = Array.from({ length: 17 }, () => randomBytes(32));
    const proof = (i: number) => [...small.proof(i), ...upper];
    expect(ops.map((_, i) => proof(i).length)).to.deep.equal([20, 20, 20, 20, 20]);
    const root = rootOf(network, leaves[0], proof(0));
    await env.waitSeconds(EPOCH + 1);
    for (const o of oracles) await gw.oracle(network, o).submitRootOf(0, { root, total: 500_018n, leafCount: 2 ** 20 });

    const rows: { recipients: number; cu: number; bytes: number }[] = [];
    for (const [n, op] of ops.entries()) {
      const split = n === 0 ? null : await gw.operator(network, op).rewardSplit();
      const ix = await rew.claim(gw.ctx.rewards, { payer: env.payer.publicKey, operator: op.publicKey, network, mint, cumulativeAmount: 100_003n, proof: proof(n), split });
      const bytes = new Transaction({ feePayer: env.payer.publicKey, blockhash: PublicKey.default.toBase58(), lastValidBlockHeight: 0 }).add(ix).serializeMessage().length + 1 + 64;
      const sent = await gw.ctx.send([ix]);
      rows.push({ recipients: n, cu: sent.computeUnits, bytes });
      const paid = await Promise.all(recipients[n].map((w) => balance(w)));
      expect(paid.reduce((a, b) => a + b, 0n)).to.equal(100_003n);
    }
    console.log(`      depth-20 claim by recipients (0 = no split): ${rows.map((r) => `${r.recipients}: ${r.cu} CU, ${r.bytes} B`).join("; ")}`);
    // The operator's own wallet and a one-recipient destination stay within the 6,000 CU budget.
    expect(rows[0].cu).to.be.at.most(6_000);
    expect(rows[1].cu).to.be.at.most(6_000);
    for (const r of rows.slice(2)) expect(r.cu - rows[1].cu).to.be.at.most(1_500 * (r.recipients - 1)); // one transfer CPI per extra recipient
    for (const r of rows) expect(r.bytes).to.be.at.most(PACKET_DATA_SIZE);
  });
});

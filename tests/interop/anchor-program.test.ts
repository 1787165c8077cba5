// Every instruction of the three programs, driven through a plain Anchor `Program` built from the
// IDL file (no SDK builder, no PDA helper): `.accounts({...})` is given only the accounts nothing
// in the IDL can derive (the network, wallets, token accounts, a proposal or device named by its
// address), and Anchor 0.32's resolver fills in the rest from `pda.seeds` (constants, arguments,
// accounts, fields of fetched accounts, the credits program's tally ring), `relations` and fixed
// addresses. `.accounts()` is typed to refuse a resolvable account, so the typecheck proves the
// list below is minimal; each step then checks the effect on chain, and the resolved PDAs are
// compared with the SDK's derivation.
import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import BN from "bn.js";
import { Program } from "@coral-xyz/anchor";
import { Keypair, PublicKey, Transaction } from "@solana/web3.js";
import {
  AuthorityType, createAccount, createAssociatedTokenAccount, createMint, createSetAuthorityInstruction, getAccount, getAssociatedTokenAddressSync, mintTo, TOKEN_2022_PROGRAM_ID,
} from "@solana/spl-token";
import { testEnv, TestEnv } from "../support/env";
import { expectAnchorError } from "../support/assertions";
import { GroundworkNetwork } from "../../sdk/src/idl/groundwork_network";
import { GroundworkCredits } from "../../sdk/src/idl/groundwork_credits";
import { GroundworkRewards } from "../../sdk/src/idl/groundwork_rewards";
import { createDcAccountInstructions, createDcMintInstructions, dcAccountAddress } from "../../sdk/src/credits/instructions";
import { buildTree } from "../../sdk/src/rewards/merkle";
import * as pda from "../../sdk/src/pda";
import { ON_CLUSTER } from "../support/time";

const root = path.join(__dirname, "..", "..");
const idlFile = <T>(name: string): T => JSON.parse(fs.readFileSync(path.join(root, "idl", `groundwork_${name}.json`), "utf8")) as T;
// Durations: an hour's epoch, an hour's unbonding and ten minutes' dispute window on the embedded
// SVM (the clock is moved); on a cluster seconds, waited out on its clock: a 2-second unbonding
// floor makes the governance timelock 2 + 24 × 2 seconds, and the root activation delay (at most
// an epoch) outlasts the veto that follows the finalizing vote.
const EPOCH = ON_CLUSTER ? 12 : 3_600;
const UNBONDING = ON_CLUSTER ? 2 : 3_600;
const DISPUTE = ON_CLUSTER ? 5 : 600;
const ROOT_DELAY = ON_CLUSTER ? 10 : 600;

describe("interop: every instruction through a plain Anchor Program and its IDL", () => {
  let env: TestEnv;
  let net: Program<GroundworkNetwork>;
  let cred: Program<GroundworkCredits>;
  let rew: Program<GroundworkRewards>;
  // The provider's wallet is the team's authority (Anchor defaults signer accounts to it).
  let team: PublicKey;
  const [oracleA, oracleB, oracleC] = [Keypair.generate(), Keypair.generate(), Keypair.generate()];
  const [alice, bob, customer, provider, successor] = [Keypair.generate(), Keypair.generate(), Keypair.generate(), Keypair.generate(), Keypair.generate()];
  const deviceKey = Keypair.generate();
  let mint: PublicKey;
  let treasury: PublicKey;
  let network: PublicKey;
  const tokens = new Map<string, PublicKey>();
  const tokenOf = (k: Keypair) => tokens.get(k.publicKey.toBase58())!;
  const balance = async (a: PublicKey) => (await getAccount(env.connection, a)).amount;
  const credits = async (dcAccount: PublicKey) => (await getAccount(env.connection, dcAccount, undefined, TOKEN_2022_PROGRAM_ID)).amount;
  const evidence = (b: number) => Array.from(Buffer.alloc(32, b));

  before(async () => {
    env = testEnv();
    net = new Program<GroundworkNetwork>(idlFile("network"), env.provider);
    cred = new Program<GroundworkCredits>(idlFile("credits"), env.provider);
    rew = new Program<GroundworkRewards>(idlFile("rewards"), env.provider);
    team = env.provider.publicKey!;
    for (const k of [oracleA, oracleB, oracleC, alice, bob, customer, provider, successor]) await env.airdrop(k.publicKey);
    mint = await createMint(env.connection, env.payer, team, null, 6);
    treasury = await createAccount(env.connection, env.payer, mint, team, Keypair.generate());
    for (const k of [alice, bob, customer]) {
      const account = await createAccount(env.connection, env.payer, mint, k.publicKey, Keypair.generate());
      await mintTo(env.connection, env.payer, mint, account, env.payer, 100_000_000n);
      tokens.set(k.publicKey.toBase58(), account);
    }
  });

  describe("network program", () => {
    it("initialize_network: the network and stake vault PDAs come from the mint and the signing authority", async () => {
      await net.methods
        .initializeNetwork(new BN(EPOCH), new BN(1_000), new BN(500), new BN(UNBONDING), new BN(DISPUTE), 5_000, { treasury: {} }, 2, [oracleA.publicKey, oracleB.publicKey])
        .accounts({ mint, treasury })
        .rpc();
      network = pda.networkPda(mint, team);
      const n = await net.account.network.fetch(network);
      expect(n.authority.equals(team)).to.equal(true);
      expect(n.stakeVault.equals(pda.stakeVaultPda(network))).to.equal(true);
      expect(n.oracleThreshold).to.equal(2);
      // An enum argument (IDL `SlashDestination`); the zero-copy account holds its index.
      expect(n.slashDestination).to.equal(0);
    });

    it("update_params applies a change that does not weaken operators' protection at once", async () => {
      // The destination applies at once (it weakens no protection): burn, then back to the treasury
      // the slash below pays. Each time the bytes after the enum byte decode intact.
      const bump = PublicKey.findProgramAddressSync([Buffer.from("network"), mint.toBuffer(), team.toBuffer()], net.programId)[1];
      await net.methods.updateParams(new BN(1_000), new BN(600), new BN(UNBONDING), new BN(DISPUTE), 5_000, { burn: {} }).accounts({ network }).rpc();
      let n = await net.account.network.fetch(network);
      expect(n.minOperatorStake.toNumber()).to.equal(600);
      expect([n.slashDestination, n.bump]).to.deep.equal([1, bump]);
      await net.methods.updateParams(new BN(1_000), new BN(600), new BN(UNBONDING), new BN(DISPUTE), 5_000, { treasury: {} }).accounts({ network }).rpc();
      n = await net.account.network.fetch(network);
      expect([n.slashDestination, n.bump]).to.deep.equal([0, bump]);
    });

    it("set_paused sets and clears the pause flags", async () => {
      await net.methods.setPaused(4).accounts({ network }).rpc();
      expect((await net.account.network.fetch(network)).paused).to.equal(4);
      await net.methods.setPaused(0).accounts({ network }).rpc();
      expect((await net.account.network.fetch(network)).paused).to.equal(0);
    });

    it("set_treasury queues a treasury and cancel_governance drops it", async () => {
      const other = await createAccount(env.connection, env.payer, mint, team, Keypair.generate());
      await net.methods.setTreasury().accounts({ network, treasury: other }).rpc();
      expect((await net.account.network.fetch(network)).pendingTreasury.equals(other)).to.equal(true);
      await net.methods.cancelGovernance({ treasury: {} }).accounts({ network }).rpc();
      const n = await net.account.network.fetch(network);
      expect(n.pendingTreasuryEta.toNumber()).to.equal(0);
      expect(n.treasury.equals(treasury)).to.equal(true);
    });

    it("set_oracles queues a new oracle and apply_governance applies it once due", async () => {
      await net.methods.setOracles([oracleA.publicKey, oracleB.publicKey, oracleC.publicKey], 2).accounts({ network }).rpc();
      const queued = await net.account.network.fetch(network);
      expect(queued.oracleCount).to.equal(2);
      await env.waitSeconds(queued.pendingOraclesEta.toNumber() - (await env.now()) + 1);
      await net.methods.applyGovernance().accounts({ network }).rpc();
      const n = await net.account.network.fetch(network);
      expect(n.oracleCount).to.equal(3);
      expect(n.oracles[2].equals(oracleC.publicKey)).to.equal(true);
    });

    it("register_operator derives the operator from the network and the signing wallet", async () => {
      for (const w of [alice, bob]) {
        await net.methods.registerOperator().accounts({ authority: w.publicKey, network }).signers([w]).rpc();
        const op = await net.account.operator.fetch(pda.operatorPda(network, w.publicKey));
        expect(op.authority.equals(w.publicKey)).to.equal(true);
      }
      expect((await net.account.network.fetch(network)).operatorCount.toNumber()).to.equal(2);
    });

    it("stake resolves the operator and the stake vault", async () => {
      await net.methods.stake(new BN(5_000)).accounts({ authority: alice.publicKey, network, source: tokenOf(alice) }).signers([alice]).rpc();
      await net.methods.stake(new BN(3_000)).accounts({ authority: bob.publicKey, network, source: tokenOf(bob) }).signers([bob]).rpc();
      expect((await net.account.operator.fetch(pda.operatorPda(network, alice.publicKey))).activeStake.toNumber()).to.equal(5_000);
      expect(await balance(pda.stakeVaultPda(network))).to.equal(8_000n);
    });

    it("request_unstake and withdraw_unstaked (after unbonding) return stake to a token account", async () => {
      await net.methods.requestUnstake(new BN(1_000)).accounts({ authority: alice.publicKey, network }).signers([alice]).rpc();
      expect((await net.account.operator.fetch(pda.operatorPda(network, alice.publicKey))).unbondingStake.toNumber()).to.equal(1_000);
      await env.waitSeconds(UNBONDING + 1);
      const before = await balance(tokenOf(alice));
      await net.methods.withdrawUnstaked().accounts({ authority: alice.publicKey, network, destination: tokenOf(alice) }).signers([alice]).rpc();
      expect(await balance(tokenOf(alice))).to.equal(before + 1_000n);
    });

    it("register_device derives the device from the network and the device key", async () => {
      await net.methods
        .registerDevice(7, new BN("622236750694711295"), evidence(9))
        // No maker, no fee: the optional accounts are null (Anchor passes the program id).
        .accounts({ authority: alice.publicKey, network, deviceKey: deviceKey.publicKey, maker: null, makerOperator: null, feeDcAccount: null, creditsConfig: null, dcMint: null, tallyRing: null, creditsProgram: null, dcTokenProgram: null, instructionsSysvar: null })
        .signers([alice, deviceKey])
        .rpc();
      const d = await net.account.device.fetch(pda.devicePda(network, deviceKey.publicKey));
      expect(d.operator.equals(pda.operatorPda(network, alice.publicKey))).to.equal(true);
      expect(d.kind).to.equal(7);
    });

    it("transfer_device derives both operators from the two signing wallets", async () => {
      const device = pda.devicePda(network, deviceKey.publicKey);
      await net.methods.transferDevice().accounts({ authority: alice.publicKey, newAuthority: bob.publicKey, network, device }).signers([alice, bob]).rpc();
      expect((await net.account.device.fetch(device)).operator.equals(pda.operatorPda(network, bob.publicKey))).to.equal(true);
      expect((await net.account.operator.fetch(pda.operatorPda(network, bob.publicKey))).deviceCount).to.equal(1);
    });

    it("deactivate_device retires the device of the signing wallet's operator", async () => {
      const device = pda.devicePda(network, deviceKey.publicKey);
      await net.methods.deactivateDevice().accounts({ authority: bob.publicKey, network, device }).signers([bob]).rpc();
      expect((await net.account.device.fetch(device)).active).to.equal(0);
    });

    it("set_device_fees derives the fee schedule from the network", async () => {
      await net.methods.setDeviceFees(9, new BN(40), new BN(5)).accounts({ network }).rpc();
      const s = await net.account.feeSchedule.fetch(pda.feeSchedulePda(network));
      expect([s.entryCount, s.entries[0].kind, s.entries[0].onboardingFee.toNumber()]).to.deep.equal([1, 9, 40]);
      expect((await net.account.network.fetch(network)).hasFeeSchedule).to.equal(1);
    });

    it("reactivate_device and assert_location derive the operator, device and fee schedule (kind 7 is free: no credits accounts)", async () => {
      const device = pda.devicePda(network, deviceKey.publicKey);
      await net.methods
        .reactivateDevice()
        .accounts({ authority: bob.publicKey, network, deviceKey: deviceKey.publicKey, feeDcAccount: null, creditsConfig: null, dcMint: null, tallyRing: null, creditsProgram: null, dcTokenProgram: null })
        .signers([bob, deviceKey])
        .rpc();
      expect((await net.account.device.fetch(device)).active).to.equal(1);
      await net.methods
        .assertLocation(new BN(42))
        .accounts({ authority: bob.publicKey, network, device, feeDcAccount: null, creditsConfig: null, dcMint: null, tallyRing: null, creditsProgram: null, dcTokenProgram: null })
        .signers([bob])
        .rpc();
      const d = await net.account.device.fetch(device);
      expect([d.location.toNumber(), d.locationAsserts]).to.deep.equal([42, 1]);
    });

    it("set_makers_required, approve_maker (maker and its stake account from the maker key) and revoke_maker", async () => {
      await net.methods.setMakersRequired(true).accounts({ network }).rpc();
      expect((await net.account.network.fetch(network)).makersRequired).to.equal(1);
      await net.methods.approveMaker(evidence(5), [7, 0, 0, 0, 0, 0, 0, 0], 1, new BN(1_000)).accounts({ network, makerKey: alice.publicKey }).rpc();
      const maker = pda.makerPda(network, alice.publicKey);
      const m = await net.account.maker.fetch(maker);
      expect(m.stakeOperator.equals(pda.operatorPda(network, alice.publicKey))).to.equal(true);
      await net.methods.revokeMaker().accounts({ network, maker }).rpc();
      expect((await net.account.maker.fetch(maker)).revoked).to.equal(1);
      await net.methods.setMakersRequired(false).accounts({ network }).rpc();
    });

    const aliceOperator = () => pda.operatorPda(network, alice.publicKey);
    const bobOperator = () => pda.operatorPda(network, bob.publicKey);

    it("propose_slash derives the proposal from the operator and the evidence argument", async () => {
      await net.methods.proposeSlash(new BN(1_000), 1, evidence(1)).accounts({ oracle: oracleA.publicKey, network, operator: aliceOperator() }).signers([oracleA]).rpc();
      const p = await net.account.slashProposal.fetch(pda.slashProposalPda(network, aliceOperator(), evidence(1)));
      expect(p.status).to.equal(0);
      expect(p.proposer.equals(oracleA.publicKey)).to.equal(true);
    });

    it("approve_slash takes the operator from the proposal (relation)", async () => {
      const slashProposal = pda.slashProposalPda(network, aliceOperator(), evidence(1));
      await net.methods.approveSlash().accounts({ oracle: oracleB.publicKey, network, slashProposal }).signers([oracleB]).rpc();
      expect((await net.account.slashProposal.fetch(slashProposal)).status).to.equal(1);
    });

    it("dispute_slash derives the operator from the signing wallet", async () => {
      const slashProposal = pda.slashProposalPda(network, aliceOperator(), evidence(1));
      await net.methods.disputeSlash().accounts({ authority: alice.publicKey, network, slashProposal }).signers([alice]).rpc();
      expect((await net.account.slashProposal.fetch(slashProposal)).disputed).to.equal(1);
    });

    it("execute_slash takes operator, treasury and mint from the proposal and the network", async () => {
      const slashProposal = pda.slashProposalPda(network, aliceOperator(), evidence(1));
      await env.waitSeconds(DISPUTE + 1);
      const before = await balance(treasury);
      await net.methods.executeSlash().accounts({ network, slashProposal }).rpc();
      expect(await balance(treasury)).to.equal(before + 1_000n);
      const op = await net.account.operator.fetch(aliceOperator());
      expect(op.jailed).to.equal(1);
      expect(op.activeStake.toNumber()).to.equal(3_000);
    });

    it("unjail_operator clears the jail", async () => {
      await net.methods.unjailOperator().accounts({ network, operator: aliceOperator() }).rpc();
      expect((await net.account.operator.fetch(aliceOperator())).jailed).to.equal(0);
    });

    it("veto_slash (operator by relation) and refresh_slash (operator and payer by relation) close a vetoed proposal", async () => {
      await net.methods.proposeSlash(new BN(500), 2, evidence(2)).accounts({ oracle: oracleA.publicKey, network, operator: bobOperator() }).signers([oracleA]).rpc();
      const slashProposal = pda.slashProposalPda(network, bobOperator(), evidence(2));
      await net.methods.vetoSlash().accounts({ network, slashProposal }).rpc();
      expect((await net.account.slashProposal.fetch(slashProposal)).status).to.equal(3);
      await net.methods.refreshSlash().accounts({ network, slashProposal }).rpc();
      expect(await env.connection.getAccountInfo(slashProposal)).to.equal(null);
    });
  });

  describe("credits program", () => {
    const dcMint = Keypair.generate();
    const config = () => pda.creditsConfigPda(network);
    const customerDc = () => dcAccountAddress(dcMint.publicKey, customer.publicKey);
    const params = (creditsPerToken: number) =>
      [{ fixed: {} }, new BN(creditsPerToken), new BN(1_000), PublicKey.default, evidence(0), new BN(60), 200, 10_000, new BN(86_400), new BN(1_000_000_000)] as const;

    it("initialize_credits derives the config and the tally ring from the network", async () => {
      await env.provider.sendAndConfirm(new Transaction().add(...(await createDcMintInstructions(env.connection, team, dcMint, network))), [dcMint]);
      await cred.methods.initializeCredits(...params(100)).accounts({ network, dcMint: dcMint.publicKey, tokenMint: mint }).rpc();
      const c = await cred.account.creditsConfig.fetch(config());
      expect(c.network.equals(network)).to.equal(true);
      expect(c.priceMode).to.equal(0);
      expect((await cred.account.tallyRing.fetch(pda.tallyRingPda(network))).network.equals(network)).to.equal(true);
    });

    it("update_credits_config and set_credits_paused derive the config from the network", async () => {
      await cred.methods.updateCreditsConfig(...params(200)).accounts({ network }).rpc();
      expect((await cred.account.creditsConfig.fetch(config())).creditsPerToken.toNumber()).to.equal(200);
      await cred.methods.setCreditsPaused(true).accounts({ network }).rpc();
      expect((await cred.account.creditsConfig.fetch(config())).paused).to.equal(1);
      await cred.methods.setCreditsPaused(false).accounts({ network }).rpc();
      expect((await cred.account.creditsConfig.fetch(config())).paused).to.equal(0);
    });

    it("burn_for_credits: mints, token program and price account from the config, the tally ring from config.network", async () => {
      await env.provider.sendAndConfirm(new Transaction().add(...createDcAccountInstructions(team, customer.publicKey, dcMint.publicKey, network)), [customer]);
      await cred.methods
        .burnForCredits(new BN(1_000_000), new BN(200))
        .accounts({ owner: customer.publicKey, config: config(), source: tokenOf(customer), recipient: customerDc() })
        .signers([customer])
        .rpc();
      expect(await credits(customerDc())).to.equal(200n);
      expect((await cred.account.tallyRing.fetch(pda.tallyRingPda(network))).slots.some((s) => s.creditsMinted.toNumber() === 200)).to.equal(true);
    });

    it("set_delegation, delegated and own spend_credits, revoke_delegation", async () => {
      await cred.methods.setDelegation(new BN(50)).accounts({ holder: customer.publicKey, config: config(), dcAccount: customerDc(), delegate: provider.publicKey }).signers([customer]).rpc();
      const delegation = pda.delegationPda(customerDc(), provider.publicKey);
      expect((await cred.account.delegation.fetch(delegation)).allowance.toNumber()).to.equal(50);
      // The delegate spends: the delegation PDA is derived from the DC account and the spender.
      await cred.methods.spendCredits(new BN(30), evidence(3)).accounts({ spender: provider.publicKey, config: config(), dcAccount: customerDc() }).signers([provider]).rpc();
      expect((await cred.account.delegation.fetch(delegation)).spent.toNumber()).to.equal(30);
      // The holder spends: the (non-existent) delegation derived for the holder is ignored.
      await cred.methods.spendCredits(new BN(20), evidence(4)).accounts({ spender: customer.publicKey, config: config(), dcAccount: customerDc() }).signers([customer]).rpc();
      expect(await credits(customerDc())).to.equal(150n);
      await cred.methods.revokeDelegation().accounts({ holder: customer.publicKey, delegation }).signers([customer]).rpc();
      expect(await env.connection.getAccountInfo(delegation)).to.equal(null);
    });

    it("burn_fee resolves the tally ring, and refuses a network that did not sign (only the network program can)", async () => {
      const ix = await cred.methods
        .burnFee(new BN(1), 0, PublicKey.default)
        .accounts({ network, owner: customer.publicKey, config: config(), dcMint: dcMint.publicKey, dcAccount: customerDc() })
        .instruction();
      expect(ix.keys[5].pubkey.equals(pda.tallyRingPda(network))).to.equal(true);
      ix.keys[0].isSigner = false;
      await expectAnchorError(() => env.provider.sendAndConfirm(new Transaction().add(ix), [customer]), "AccountNotSigner");
      expect(await credits(customerDc())).to.equal(150n);
    });
  });

  describe("rewards program", () => {
    const config = () => pda.rewardsConfigPda(network);
    let first: number;
    const tree = (amount: bigint) => buildTree(network, [{ operator: alice.publicKey, amount }, { operator: bob.publicKey, amount: 1n }]);
    const genesis = async () => (await net.account.network.fetch(network)).genesisTs.toNumber();
    const endOf = async (epoch: number) => env.waitUntil((await genesis()) + (epoch + 1) * EPOCH + 1);

    it("initialize_rewards derives the config and the vault from the network (mint mode)", async () => {
      await env.provider.sendAndConfirm(new Transaction().add(createSetAuthorityInstruction(mint, team, AuthorityType.MintTokens, config())));
      await rew.methods
        .initializeRewards({ mint: {} }, new BN(1_000_000_000_000), 8_000, new BN(0), [{ startTs: new BN(0), emissionPerEpoch: new BN(1_000_000) }])
        .accounts({ network, mint })
        .rpc();
      const c = await rew.account.rewardsConfig.fetch(config());
      expect(c.vault.equals(pda.rewardsVaultPda(network))).to.equal(true);
      expect(c.tallyRing.equals(pda.tallyRingPda(network))).to.equal(true);
      first = c.nextEpoch.toNumber();
    });

    it("update_rewards_config, set_paused and set_root_activation_delay derive the config", async () => {
      await rew.methods.updateRewardsConfig(new BN(1_000_000_000_000), 7_000, new BN(0), [{ startTs: new BN(0), emissionPerEpoch: new BN(1_000_000) }]).accounts({ network }).rpc();
      await rew.methods.setPaused(true).accounts({ network }).rpc();
      expect((await rew.account.rewardsConfig.fetch(config())).paused).to.equal(1);
      await rew.methods.setPaused(false).accounts({ network }).rpc();
      await rew.methods.setRootActivationDelay(new BN(ROOT_DELAY)).accounts({ network }).rpc();
      expect((await rew.account.rewardsConfig.fetch(config())).rootActivationDelaySecs.toNumber()).to.equal(ROOT_DELAY);
    });

    const submit = async (oracle: Keypair, epoch: number, t: ReturnType<typeof tree>) =>
      rew.methods
        .submitEpochRoot(new BN(epoch), Array.from(t.root), new BN(t.total.toString()), new BN(t.leafCount))
        .accounts({ oracle: oracle.publicKey, network, treasury })
        .signers([oracle])
        .rpc();

    it("submit_epoch_root: config, votes (epoch argument), vault, mint and the credits tally ring are derived; veto_pending_root discards the delayed root", async () => {
      await endOf(first);
      await submit(oracleA, first, tree(100_000n));
      await submit(oracleB, first, tree(100_000n));
      const votes = await rew.account.epochVotes.fetch(pda.epochVotesPda(network, first));
      expect(votes.finalized).to.equal(1);
      expect((await rew.account.rewardsConfig.fetch(config())).hasPendingRoot).to.equal(1);
      await rew.methods.vetoPendingRoot().accounts({ network }).rpc();
      expect((await rew.account.rewardsConfig.fetch(config())).hasPendingRoot).to.equal(0);
      await rew.methods.setRootActivationDelay(new BN(0)).accounts({ network }).rpc();
      await endOf(first + 1);
      await submit(oracleA, first + 1, tree(200_000n));
      await submit(oracleC, first + 1, tree(200_000n));
      const c = await rew.account.rewardsConfig.fetch(config());
      expect(c.hasRoot).to.equal(1);
      expect(Buffer.from(c.currentRoot).equals(tree(200_000n).root)).to.equal(true);
    });

    it("clear_epoch_votes clears an unfinalized epoch's votes", async () => {
      await endOf(first + 2);
      await submit(oracleB, first + 2, tree(300_000n));
      const epochVotes = pda.epochVotesPda(network, first + 2);
      expect((await rew.account.epochVotes.fetch(epochVotes)).count).to.equal(1);
      await rew.methods.clearEpochVotes().accounts({ network, epochVotes }).rpc();
      expect((await rew.account.epochVotes.fetch(epochVotes)).count).to.equal(0);
    });

    it("initialize_claim_status and claim: the claim status and vault come from config.network", async () => {
      const t = tree(200_000n);
      const operatorToken = await createAssociatedTokenAccount(env.connection, env.payer, mint, alice.publicKey);
      await rew.methods.initializeClaimStatus().accounts({ operator: alice.publicKey, config: config() }).rpc();
      expect((await rew.account.claimStatus.fetch(pda.claimStatusPda(network, alice.publicKey))).claimed.toNumber()).to.equal(0);
      await rew.methods
        .claim(new BN(200_000), t.proof(0).map((h) => Array.from(h)))
        .accounts({ operator: alice.publicKey, config: config(), operatorToken })
        .rpc();
      expect(await balance(operatorToken)).to.equal(200_000n);
      expect((await rew.account.claimStatus.fetch(pda.claimStatusPda(network, alice.publicKey))).claimed.toNumber()).to.equal(200_000);
    });

    it("set_reward_split, a claim paying the split (its account and the other recipients' token accounts as remaining accounts), clear_reward_split", async () => {
      const host = Keypair.generate().publicKey;
      const hostToken = await createAssociatedTokenAccount(env.connection, env.payer, mint, host);
      const aliceToken = getAssociatedTokenAddressSync(mint, alice.publicKey); // created by the claim above
      await rew.methods
        .setRewardSplit([{ wallet: alice.publicKey, bps: 7_500 }, { wallet: host, bps: 2_500 }])
        .accounts({ operator: alice.publicKey, payer: env.payer.publicKey, config: config() })
        .signers([alice])
        .rpc();
      const split = pda.rewardSplitPda(network, alice.publicKey);
      expect((await rew.account.rewardSplit.fetch(split)).count).to.equal(2);
      expect((await rew.account.claimStatus.fetch(pda.claimStatusPda(network, alice.publicKey))).hasSplit).to.equal(1);
      await endOf(first + 2);
      await submit(oracleA, first + 2, tree(300_000n));
      await submit(oracleB, first + 2, tree(300_000n));
      const before = await balance(aliceToken);
      await rew.methods
        .claim(new BN(300_000), tree(300_000n).proof(0).map((h) => Array.from(h)))
        .accounts({ operator: alice.publicKey, config: config(), operatorToken: aliceToken })
        .remainingAccounts([{ pubkey: split, isSigner: false, isWritable: false }, { pubkey: hostToken, isSigner: false, isWritable: true }])
        .rpc();
      expect(await balance(hostToken)).to.equal(25_000n);
      expect(await balance(aliceToken)).to.equal(before + 75_000n);
      await rew.methods.clearRewardSplit().accounts({ operator: alice.publicKey, config: config() }).signers([alice]).rpc();
      expect(await env.connection.getAccountInfo(split)).to.equal(null);
    });
  });

  describe("the handover last (it changes who governs)", () => {
    it("propose_authority and accept_authority", async () => {
      await net.methods.proposeAuthority(successor.publicKey).accounts({ network }).rpc();
      expect((await net.account.network.fetch(network)).pendingAuthority.equals(successor.publicKey)).to.equal(true);
      await net.methods.acceptAuthority().accounts({ newAuthority: successor.publicKey, network }).signers([successor]).rpc();
      expect((await net.account.network.fetch(network)).authority.equals(successor.publicKey)).to.equal(true);
    });
  });

  it("drove every instruction of the three IDLs", () => {
    // The list of instructions this file calls, compared with the IDLs: a new instruction fails
    // here until it is driven above.
    const source = fs.readFileSync(__filename, "utf8");
    for (const [name, program] of [["network", net], ["credits", cred], ["rewards", rew]] as const) {
      for (const ix of program.idl.instructions) {
        expect(source.includes(`.methods.${ix.name}(`) || source.includes(`.methods\n        .${ix.name}(`), `${name}.${ix.name} is not driven`).to.equal(true);
      }
    }
  });
});

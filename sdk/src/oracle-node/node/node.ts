// `groundwork oracle serve`: the long-running node. It wires the chain mirror, the database, the
// ingest checks and the HTTP API, and closes epochs on its own: after an epoch ends plus the grace
// period it pulls its peers' reports, computes the epoch (EpochCloser), archives it, and votes its
// root on chain.
//
// Restart safety: each epoch goes  open → archived (one transaction: record, leaves, totals) →
// voted (a row written after the vote lands, or found on chain). A node killed anywhere redoes
// only the step it was in: an uncommitted archive is recomputed from the same reports (same
// bytes); an archived epoch is voted; a vote that landed but was not recorded is found in the
// epoch's on-chain votes and recorded, never sent twice.
import { Keypair, PublicKey } from "@solana/web3.js";
import { FastifyInstance } from "fastify";
import { AnchorProvider } from "@coral-xyz/anchor";
import { GroundworkContext } from "../../clients/context";
import { OracleClient } from "../../clients/oracle";
import { fetchEpochVotes, fetchRewardsConfig, RewardsConfigAccount } from "../../rewards/accounts";
import { acceptedFromStored } from "../../reports/format";
import { ChainMirror } from "../chain/mirror";
import { readPaidCredits } from "../chain/credits";
import { readJailedDuringEpoch } from "../chain/jail";
import { OracleNodeConfig } from "../config/config";
import { Ingest } from "../ingest/ingest";
import { SignatureVerifier } from "../ingest/verifier";
import { OracleStore, ArchivedLeaf } from "../storage/store";
import { pullPeers, PeerPull } from "../peers/peers";
import { buildServer } from "../api/server";
import { NodeMetrics } from "../api/metrics";
import { closeEpoch, readEpochEmission } from "../close";
import { policyFromConfig, Policy } from "../policies";

export interface OracleNodeOptions {
  /** The chain connection (default: from `config.rpcUrl`, paying with the oracle key). */
  provider: AnchorProvider;
  /** The oracle's key (it votes). */
  oracle: Keypair;
  log?: (line: string) => void;
}

/** The newest root the quorum finalized: the pending one (in its activation delay) or the active one. */
function latestFinalizedRoot(c: RewardsConfigAccount): { epoch: number; root: Buffer } | null {
  if (c.hasPendingRoot !== 0) return { epoch: Number(c.pendingRootEpoch.toString()), root: Buffer.from(c.pendingRoot) };
  if (c.hasRoot !== 0) return { epoch: Number(c.currentRootEpoch.toString()), root: Buffer.from(c.currentRoot) };
  return null;
}

export type CloseState = "archived" | "waiting-for-previous-epoch" | "voted" | "vote-pending" | "not-an-oracle" | "nothing-to-commit" | "diverged-from-chain";

export interface EpochCloseReport {
  epoch: number;
  state: CloseState;
  root?: string;
  leafCount?: number;
  reportCount?: number;
  peers?: PeerPull[];
  signature?: string;
}

export class OracleNode {
  private closeTimer?: NodeJS.Timeout;
  /** Newest archived epoch (-1: none): ingest refuses reports for it and every epoch before. */
  private archivedThrough = -1;
  /** The epoch being closed: its report set is frozen from the merge on. */
  private closing = -1;
  private queue: Promise<unknown> = Promise.resolve();
  readonly oracleClient: OracleClient;

  private constructor(
    readonly config: OracleNodeConfig,
    readonly ctx: GroundworkContext,
    readonly store: OracleStore,
    readonly mirror: ChainMirror,
    readonly ingest: Ingest,
    readonly metrics: NodeMetrics,
    readonly app: FastifyInstance,
    readonly policy: Policy,
    private readonly verifier: SignatureVerifier,
    private readonly opts: OracleNodeOptions,
  ) {
    this.oracleClient = new OracleClient(ctx, config.network, opts.oracle);
  }

  static async start(config: OracleNodeConfig, opts: OracleNodeOptions): Promise<OracleNode> {
    // The policy is validated before anything opens (a PolicyConfigError names the bad parameter).
    const policy = policyFromConfig(config.policy.name, config.policy.params);
    const ctx = new GroundworkContext(opts.provider);
    const store = await OracleStore.open(config.database);
    const metrics = new NodeMetrics();
    const mirror = new ChainMirror(ctx, config.network, config.chainRefreshSecs);
    try {
      await mirror.start();
    } catch (e) {
      await store.close();
      throw new Error(`cannot read network ${config.network.toBase58()} from ${config.rpcUrl}: ${(e as Error).message}`);
    }
    let node: OracleNode | undefined;
    const verifier = new SignatureVerifier(config.ingest.verifyThreads);
    const ingest = new Ingest(mirror, store, config.ingest, metrics, (epoch) => (node ? node.isFrozen(epoch) : false), verifier);
    const app = buildServer({
      network: config.network, ctx, ingest, store, metrics, bodyLimitBytes: config.ingest.bodyLimitBytes, maxBatch: config.ingest.maxBatch,
      health: () => node!.health(),
    });
    node = new OracleNode(config, ctx, store, mirror, ingest, metrics, app, policy, verifier, opts);
    const latest = await store.latestArchive();
    node.archivedThrough = latest?.epoch ?? -1;
    metrics.latestArchivedEpoch.set(node.archivedThrough);
    try {
      await app.listen({ host: config.listen.host, port: config.listen.port });
    } catch (e) {
      mirror.stop();
      await store.close();
      await verifier.close();
      throw e;
    }
    if (config.closeCheckSecs > 0) {
      node.closeTimer = setInterval(() => void node!.closeDueEpochs().catch((e: Error) => node!.log(`close: ${e.message}`)), config.closeCheckSecs * 1000);
      node.closeTimer.unref();
    }
    return node;
  }

  private log(line: string): void {
    this.opts.log?.(line);
  }

  /** Whether reports for `epoch` can no longer change its set (archived or being closed). */
  isFrozen(epoch: number): boolean {
    return epoch <= this.archivedThrough || epoch === this.closing;
  }

  /** `http://host:port` the API listens on. */
  get url(): string {
    const addr = this.app.server.address();
    if (!addr || typeof addr === "string") throw new Error("the node is not listening");
    return `http://${addr.address.includes(":") ? `[${addr.address}]` : addr.address}:${addr.port}`;
  }

  async health(): Promise<Record<string, unknown>> {
    const latest = await this.store.latestArchive();
    return {
      status: "ok",
      network: this.config.network.toBase58(),
      oracle: this.opts.oracle.publicKey.toBase58(),
      database: this.store.kind,
      chainTime: this.mirror.now(),
      currentEpoch: this.mirror.epochAt(this.mirror.now()),
      chainMirrorAgeSecs: Math.floor((Date.now() - this.mirror.lastRefreshMs) / 1000),
      devices: this.mirror.deviceCount,
      latestArchivedEpoch: latest?.epoch ?? null,
      reports: await this.store.countReports(),
    };
  }

  /** Epochs whose end plus the grace period has passed and that are not archived, oldest first. */
  dueEpochs(): number[] {
    const now = this.mirror.now();
    const out: number[] = [];
    for (let e = this.archivedThrough + 1; this.mirror.epochStart(e + 1) + this.config.graceSecs <= now; e++) out.push(e);
    return out;
  }

  /**
   * Closes every due epoch in order, then (re)tries the votes of archived epochs not yet voted.
   * Calls are serialized: a timer tick and a manual call never close one epoch twice at once.
   */
  closeDueEpochs(): Promise<EpochCloseReport[]> {
    const run = this.queue.then(async () => {
      await this.mirror.refresh();
      this.metrics.mirroredDevices.set(this.mirror.deviceCount);
      const out: EpochCloseReport[] = [];
      for (const e of this.dueEpochs()) {
        const r = await this.archiveEpoch(e);
        out.push(r);
        if (r.state !== "archived") break;
      }
      for (let e = Math.max(0, this.archivedThrough - 16); e <= this.archivedThrough; e++) {
        const r = await this.voteEpoch(e);
        if (r) out.push(r);
      }
      return out;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Merge peers, compute, archive (one transaction). An epoch is computed only once the chain's
   * next epoch to finalize is this one (or later): its emission is then exact (it depends on
   * what the previous epochs minted).
   */
  private async archiveEpoch(epoch: number): Promise<EpochCloseReport> {
    const rewardsConfig = await fetchRewardsConfig(this.ctx.rewards, this.config.network);
    if (Number(rewardsConfig.nextEpoch.toString()) < epoch) return { epoch, state: "waiting-for-previous-epoch" };
    const timer = this.metrics.closeSeconds.startTimer();
    const peers = await pullPeers(this.config.peers, epoch, this.ingest);
    for (const p of peers) {
      this.metrics.peerMerged.inc(p.stored);
      if (p.error) this.log(`epoch ${epoch}: peer ${p.peer}: ${p.error}`);
    }
    this.closing = epoch;
    try {
      const stored = await this.store.epochReports(epoch);
      const reports = stored.map((r) => acceptedFromStored(r.message, r.signature, new PublicKey(r.operator)));
      const emission = await readEpochEmission(this.ctx, this.config.network, epoch);
      const latest = await this.store.latestArchive();
      const jailedOperators = await this.jailedDuring(epoch);
      const result = closeEpoch({
        network: this.config.network,
        epoch,
        epochStart: this.mirror.epochStart(epoch),
        epochLengthSecs: this.mirror.epochLengthSecs,
        reports,
        devices: this.mirror.deviceInfos(),
        // Only `work` reads what customers paid (a history scan of the credits program).
        paidCredits: this.policy.name === "work" ? await readPaidCredits(this.ctx, this.config.network, epoch, this.mirror.epochStart(epoch)) : new Map(),
        policy: this.policy,
        operatorEmission: emission.operators,
        jailedOperators,
        previous: latest ? { totals: await this.store.cumulativeTotals(), unallocated: latest.unallocated } : null,
      });
      const leaves: ArchivedLeaf[] = result.leaves.map((l, i) => ({
        index: i, operator: l.operator.toBase58(), amount: l.amount, epochReward: result.rewards.get(l.operator.toBase58()) ?? 0n, proof: result.tree.proof(i),
      }));
      const { leaves: _inRows, ...record } = result.archive;
      await this.store.saveArchive({
        epoch, root: result.root, total: result.total, leafCount: result.leafCount,
        epochEmission: emission.operators, epochRewarded: result.distributed, unallocated: result.unallocated,
        policy: this.policy.name, policyParamsHash: Buffer.from(result.archive.policy.paramsSha256, "hex"),
        reportSetDigest: Buffer.from(result.archive.reports.digest, "hex"), reportCount: result.archive.reports.count,
        closedAt: this.mirror.now(), record: JSON.stringify(record),
      }, leaves);
      this.archivedThrough = epoch;
      this.metrics.epochsClosed.inc();
      this.metrics.latestArchivedEpoch.set(epoch);
      this.log(`epoch ${epoch}: archived ${reports.length} reports, ${leaves.length} leaves, root ${result.root.toString("hex")}`);
      return { epoch, state: "archived", root: result.root.toString("hex"), leafCount: leaves.length, reportCount: reports.length, peers };
    } finally {
      this.closing = -1;
      timer();
    }
  }

  /** Wallets (base58) of the operators jailed at any time during `epoch`, from the chain's history. */
  private async jailedDuring(epoch: number): Promise<Set<string>> {
    const start = this.mirror.epochStart(epoch);
    const accounts = await readJailedDuringEpoch(this.ctx, this.config.network, start, this.mirror.epochStart(epoch + 1), this.mirror.jailedOperatorAccounts());
    const wallets = new Set<string>();
    for (const a of accounts) {
      const wallet = await this.mirror.operatorWallet(new PublicKey(a));
      if (wallet) wallets.add(wallet.toBase58());
    }
    return wallets;
  }

  /** Votes an archived epoch's root once; null when there is nothing to do for it. */
  private async voteEpoch(epoch: number): Promise<EpochCloseReport | null> {
    if (await this.store.vote(epoch)) return null;
    const archive = await this.store.archive(epoch);
    if (!archive) return null;
    const me = this.opts.oracle.publicKey;
    if (archive.leafCount === 0) return { epoch, state: "nothing-to-commit" };
    const state = this.mirror.state;
    if (!state.oracles.slice(0, state.oracleCount).some((o) => o.equals(me))) return { epoch, state: "not-an-oracle" };
    const votes = await fetchEpochVotes(this.ctx.rewards, this.config.network, epoch);
    if (votes && votes.oracles.slice(0, votes.count).some((o) => o.equals(me))) {
      // Our vote landed before a crash let us record it.
      await this.store.recordVote({ epoch, root: archive.root, signature: "found-on-chain" });
      return { epoch, state: "voted", root: archive.root.toString("hex"), signature: "found-on-chain" };
    }
    const config = await fetchRewardsConfig(this.ctx.rewards, this.config.network);
    const next = Number(config.nextEpoch.toString());
    if (epoch > next) return { epoch, state: "vote-pending", root: archive.root.toString("hex") };
    if (epoch < next) {
      // Finalized by the others' quorum before this node voted: a late vote would be refused.
      await this.store.recordVote({ epoch, root: archive.root, signature: "finalized-without-this-vote" });
      return { epoch, state: "voted", root: archive.root.toString("hex"), signature: "finalized-without-this-vote" };
    }
    // Cumulative roots build on the previous epoch: a node whose archive of it differs from the
    // root the chain finalized (it joined late, or missed reports the quorum had) would vote a
    // root built on the wrong history. It refuses and says so.
    const finalized = latestFinalizedRoot(config);
    if (epoch > 0 && finalized && finalized.epoch === epoch - 1) {
      const previous = await this.store.archive(epoch - 1);
      const onChain = finalized.root;
      if (!previous || !previous.root.equals(onChain)) {
        this.log(`epoch ${epoch}: not voting: this node's epoch ${epoch - 1} root ${previous?.root.toString("hex") ?? "(none)"} is not the finalized ${onChain.toString("hex")}`);
        return { epoch, state: "diverged-from-chain", root: archive.root.toString("hex") };
      }
    }
    const sent = await this.oracleClient.submitRootOf(epoch, { root: archive.root, total: archive.total, leafCount: archive.leafCount });
    await this.store.recordVote({ epoch, root: archive.root, signature: sent.signature });
    this.metrics.rootsSubmitted.inc();
    this.log(`epoch ${epoch}: voted root ${archive.root.toString("hex")} (${sent.signature})`);
    return { epoch, state: "voted", root: archive.root.toString("hex"), signature: sent.signature };
  }

  async stop(): Promise<void> {
    if (this.closeTimer) clearInterval(this.closeTimer);
    this.mirror.stop();
    await this.queue;
    await this.app.close();
    await this.store.close();
    await this.verifier.close();
  }
}

// The node's HTTP API (Fastify; routes and reason codes in docs/oracle.md "API"):
//   POST /v1/reports                     one signed report
//   POST /v1/reports/batch               {"reports": [...]}: one outcome per report
//   GET  /v1/epochs/:epoch/reports       accepted reports, paged by id (what peers pull)
//   GET  /v1/epochs/:epoch               an archived epoch: root, totals, leaf count, digests
//   GET  /v1/epochs/:epoch/tree          the archived tree file (every leaf with its proof)
//   GET  /v1/operators/:wallet           cumulative, claimed (chain), claimable, proof for the on-chain root
//   GET  /health, GET /metrics
// Every error is JSON {code, message}; anything a client can send maps to a 4xx, never a 500.
import { Readable } from "stream";
import Fastify, { FastifyError, FastifyInstance } from "fastify";
import { PublicKey } from "@solana/web3.js";
import { WireReport, toWire, decodeReportMessage } from "../../reports/format";
import { claimableRoot, readClaimView } from "../../rewards/accounts";
import { GroundworkContext } from "../../clients/context";
import { Ingest, IngestOutcome, REJECTIONS } from "../ingest/ingest";
import { OracleStore } from "../storage/store";
import { NodeMetrics } from "./metrics";

export interface ApiDeps {
  network: PublicKey;
  ctx: GroundworkContext;
  ingest: Ingest;
  store: OracleStore;
  metrics: NodeMetrics;
  bodyLimitBytes: number;
  maxBatch: number;
  health(): Promise<Record<string, unknown>>;
}

const U64 = "^[0-9]{1,20}$";
const BASE58 = "^[1-9A-HJ-NP-Za-km-z]{32,44}$";
export const wireReportSchema = {
  type: "object",
  required: ["version", "network", "device", "epoch", "timestamp", "nonce", "kind", "signature"],
  additionalProperties: false,
  properties: {
    version: { type: "integer", minimum: 0, maximum: 255 },
    network: { type: "string", pattern: BASE58 },
    device: { type: "string", pattern: BASE58 },
    epoch: { type: "integer", minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
    timestamp: { type: "integer", minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER },
    nonce: { type: "string", pattern: U64 },
    kind: { type: "string", enum: ["heartbeat", "witness", "work"] },
    witnessed: { type: "string", pattern: BASE58 },
    cell: { type: "string", pattern: U64 },
    units: { type: "string", pattern: U64 },
    customer: { type: "string", pattern: BASE58 },
    signature: { type: "string", pattern: "^[0-9a-fA-F]{128}$" },
  },
} as const;

const epochParams = { type: "object", required: ["epoch"], properties: { epoch: { type: "string", pattern: "^[0-9]{1,15}$" } } } as const;
const PAGE_MAX = 5000;
const TREE_PAGE = 10_000;

/** Fastify's own client errors, mapped to stable codes. */
function clientErrorCode(e: FastifyError): string {
  if (e.validation) return "bad_shape";
  switch (e.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE": return "body_too_large";
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE": return "unsupported_media_type";
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
    case "FST_ERR_CTP_INVALID_JSON_BODY": return "bad_json";
    default: return e.statusCode === 413 ? "body_too_large" : e instanceof SyntaxError ? "bad_json" : "bad_request";
  }
}

export function buildServer(d: ApiDeps): FastifyInstance {
  const app = Fastify({
    bodyLimit: d.bodyLimitBytes,
    logger: false,
    // Types as sent: "1" is not a version and a missing field is not filled in.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false } },
  });

  // JSON only: a text body is refused as such (415), not parsed into a string.
  app.removeContentTypeParser("text/plain");

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : err.validation ? 400 : 500;
    if (status < 500) {
      // A report refused before ingest saw it (shape, JSON, size) is still a rejected report.
      if (req.method === "POST") d.metrics.onRejected(clientErrorCode(err));
      return reply.status(status).send({ code: clientErrorCode(err), message: err.message });
    }
    return reply.status(500).send({ code: "internal", message: "internal error" });
  });
  app.setNotFoundHandler((req, reply) => reply.status(404).send({ code: "not_found", message: `no route ${req.method} ${req.url}` }));

  const single = (o: IngestOutcome) => (o.accepted ? { id: o.id, status: "accepted" } : { code: o.code, message: o.message, ...(o.id ? { id: o.id } : {}) });

  app.post<{ Body: WireReport }>("/v1/reports", { schema: { body: wireReportSchema } }, async (req, reply) => {
    const [o] = await d.ingest.ingest([req.body]);
    if (o.accepted) return reply.status(201).send(single(o));
    return reply.status(REJECTIONS[o.code]).send(single(o));
  });

  app.post<{ Body: { reports: WireReport[] } }>("/v1/reports/batch", {
    schema: { body: { type: "object", required: ["reports"], additionalProperties: false, properties: { reports: { type: "array", minItems: 1, maxItems: d.maxBatch, items: { type: "object" } } } } },
  }, async (req) => {
    // Items are checked one by one (ingest), so one bad report does not sink the batch.
    const outcomes = await d.ingest.ingest(req.body.reports);
    const accepted = outcomes.filter((o) => o.accepted).length;
    return { accepted, rejected: outcomes.length - accepted, results: outcomes.map(single) };
  });

  app.get<{ Params: { epoch: string }; Querystring: { after?: string; limit?: string } }>("/v1/epochs/:epoch/reports", {
    schema: {
      params: epochParams,
      querystring: { type: "object", additionalProperties: false, properties: { after: { type: "string", pattern: "^[0-9a-f]{64}$" }, limit: { type: "string", pattern: "^[0-9]{1,5}$" } } },
    },
  }, async (req) => {
    const epoch = Number(req.params.epoch);
    const limit = Math.min(Math.max(Number(req.query.limit ?? 1000), 1), PAGE_MAX);
    const rows = await d.store.listReports(epoch, req.query.after ? Buffer.from(req.query.after, "hex") : null, limit);
    return {
      epoch,
      reports: rows.map((r) => toWire(decodeReportMessage(r.message, r.signature))),
      next: rows.length === limit ? rows[rows.length - 1].id.toString("hex") : null,
    };
  });

  app.get<{ Params: { epoch: string } }>("/v1/epochs/:epoch", { schema: { params: epochParams } }, async (req, reply) => {
    const a = await d.store.archive(Number(req.params.epoch));
    if (!a) return reply.status(404).send({ code: "epoch_not_archived", message: `epoch ${req.params.epoch} is not closed on this node` });
    const vote = await d.store.vote(a.epoch);
    return {
      network: d.network.toBase58(), epoch: a.epoch, root: a.root.toString("hex"), total: a.total.toString(), leafCount: a.leafCount,
      epochEmission: a.epochEmission.toString(), epochRewarded: a.epochRewarded.toString(), policy: a.policy,
      policyParamsHash: a.policyParamsHash.toString("hex"), reportSetDigest: a.reportSetDigest.toString("hex"), reportCount: a.reportCount,
      closedAt: a.closedAt, vote: vote ? { root: vote.root.toString("hex"), signature: vote.signature } : null,
    };
  });

  // The proofs file of the epoch, as `groundwork oracle build-tree` writes it; streamed in pages
  // from the archive so a million leaves never sit in memory as one JSON value.
  app.get<{ Params: { epoch: string } }>("/v1/epochs/:epoch/tree", { schema: { params: epochParams } }, async (req, reply) => {
    const a = await d.store.archive(Number(req.params.epoch));
    if (!a) return reply.status(404).send({ code: "epoch_not_archived", message: `epoch ${req.params.epoch} is not closed on this node` });
    const store = d.store;
    const network = d.network.toBase58();
    async function* body(): AsyncGenerator<string> {
      yield `{"network":"${network}","epoch":${a!.epoch},"root":"${a!.root.toString("hex")}","total":"${a!.total}","leafCount":${a!.leafCount},"claims":[`;
      for (let from = 0; from < a!.leafCount; from += TREE_PAGE) {
        const page = await store.leaves(a!.epoch, from, TREE_PAGE);
        yield page.map((l) => JSON.stringify({ operator: l.operator, amount: l.amount.toString(), index: l.index, proof: l.proof.map((p) => p.toString("hex")) })).join(",") + (from + TREE_PAGE < a!.leafCount ? "," : "");
      }
      yield "]}";
    }
    return reply.type("application/json").send(Readable.from(body()));
  });

  app.get<{ Params: { wallet: string } }>("/v1/operators/:wallet", {
    schema: { params: { type: "object", required: ["wallet"], properties: { wallet: { type: "string", pattern: BASE58 } } } },
  }, async (req, reply) => {
    let wallet: PublicKey;
    try {
      wallet = new PublicKey(req.params.wallet);
    } catch {
      return reply.status(400).send({ code: "bad_shape", message: "wallet is not a base58 public key" });
    }
    // Read on every request (one RPC: config, claim status, clock): a root finalized a moment ago
    // is the one operators must claim against.
    const { config, claimed, now } = await readClaimView(d.ctx.rewards, d.network, wallet);
    // The root claims are checked against now: a finalized root still in its activation delay is
    // not claimable yet (and may be vetoed), so the previous one is served until it activates.
    const claimable = claimableRoot(config, now);
    if (!claimable) return reply.status(404).send({ code: "no_root", message: "no epoch root is claimable on chain yet" });
    const { epoch, root } = claimable;
    const archive = await d.store.archive(epoch);
    if (!archive || !archive.root.equals(root)) {
      return reply.status(409).send({ code: "root_not_archived", message: `the on-chain root of epoch ${epoch} (${root.toString("hex")}) is not in this node's archive` });
    }
    const leaf = await d.store.leafOf(epoch, wallet.toBase58());
    const cumulative = leaf?.amount ?? 0n;
    return {
      network: d.network.toBase58(), operator: wallet.toBase58(), epoch, root: root.toString("hex"),
      cumulative: cumulative.toString(), claimed: claimed.toString(), claimable: (cumulative > claimed ? cumulative - claimed : 0n).toString(),
      index: leaf?.index ?? null, proof: leaf ? leaf.proof.map((p) => p.toString("hex")) : null,
    };
  });

  app.get("/health", async () => d.health());
  app.get("/metrics", async (_req, reply) => reply.type(d.metrics.registry.contentType).send(await d.metrics.registry.metrics()));
  return app;
}

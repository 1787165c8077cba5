// A client of an oracle node's HTTP API: what devices (send reports), operators (fetch proofs)
// and peers use. It trusts the node for nothing it can check: a proof is only returned after it
// folds to the root finalized on chain (see OperatorClient.claimFromOracle).
import { PublicKey } from "@solana/web3.js";
import { DeviceReport } from "../../reports/types";
import { toWire } from "../../reports/format";

/** A node's answer for one operator, against the root finalized on chain. */
export interface OperatorRewards {
  network: string;
  operator: string;
  epoch: number;
  root: string;
  cumulative: string;
  claimed: string;
  claimable: string;
  /** Leaf index and proof; null when the operator has no leaf in the tree. */
  index: number | null;
  proof: string[] | null;
}

export interface EpochSummary {
  network: string;
  epoch: number;
  root: string;
  total: string;
  leafCount: number;
  epochEmission: string;
  epochRewarded: string;
  policy: string;
  policyParamsHash: string;
  reportSetDigest: string;
  reportCount: number;
}

/** An error answer of the node ({code, message} with an HTTP status). */
export class OracleApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(`oracle node: ${message} (${code}, HTTP ${status})`);
    this.name = "OracleApiError";
  }
}

/** The node could not be reached (connection refused, DNS, timeout). */
export class OracleUnreachableError extends Error {
  constructor(readonly url: string, reason: string) {
    super(`oracle node at ${url} is unreachable: ${reason}`);
    this.name = "OracleUnreachableError";
  }
}

/** The node answered, but with something the chain contradicts (another operator, a proof to another root). */
export class OracleAnswerError extends Error {
  constructor(readonly url: string, message: string) {
    super(message);
    this.name = "OracleAnswerError";
  }
}

export class OracleApiClient {
  readonly baseUrl: string;

  constructor(baseUrl: string, private readonly timeoutMs = 30_000) {
    this.baseUrl = baseUrl.replace(/\/+$/, "");
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (e) {
      throw new OracleUnreachableError(this.baseUrl, (e as Error).message);
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new OracleApiError(res.status, "bad_response", `not JSON: ${text.slice(0, 120)}`);
    }
    if (!res.ok) {
      const b = body as { code?: unknown; message?: unknown };
      throw new OracleApiError(res.status, String(b.code ?? "error"), String(b.message ?? text.slice(0, 200)));
    }
    return body as T;
  }

  /** Sends one signed report; resolves to its id when accepted, throws OracleApiError with the reason code when not. */
  async sendReport(report: DeviceReport): Promise<string> {
    const r = await this.request<{ id: string }>("/v1/reports", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(toWire(report)) });
    return r.id;
  }

  async sendBatch(reports: DeviceReport[]): Promise<{ accepted: number; rejected: number; results: Array<{ id?: string; status?: string; code?: string; message?: string }> }> {
    return this.request("/v1/reports/batch", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ reports: reports.map(toWire) }) });
  }

  operatorRewards(operator: PublicKey): Promise<OperatorRewards> {
    return this.request(`/v1/operators/${operator.toBase58()}`);
  }

  epoch(epoch: number): Promise<EpochSummary> {
    return this.request(`/v1/epochs/${epoch}`);
  }

  health(): Promise<Record<string, unknown>> {
    return this.request("/health");
  }
}

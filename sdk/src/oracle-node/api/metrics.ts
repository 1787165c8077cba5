// Prometheus metrics of one node (its own registry: several nodes may share a process in tests).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { IngestStats } from "../ingest/ingest";

export class NodeMetrics implements IngestStats {
  readonly registry = new Registry();
  readonly accepted = new Counter({ name: "groundwork_reports_accepted_total", help: "Reports verified and stored", registers: [this.registry] });
  readonly rejected = new Counter({ name: "groundwork_reports_rejected_total", help: "Reports rejected, by reason code", labelNames: ["reason"], registers: [this.registry] });
  readonly peerMerged = new Counter({ name: "groundwork_peer_reports_merged_total", help: "Reports pulled from peers and stored", registers: [this.registry] });
  readonly epochsClosed = new Counter({ name: "groundwork_epochs_closed_total", help: "Epochs archived by this node", registers: [this.registry] });
  readonly rootsSubmitted = new Counter({ name: "groundwork_roots_submitted_total", help: "Root votes sent on chain", registers: [this.registry] });
  readonly closeSeconds = new Histogram({ name: "groundwork_epoch_close_seconds", help: "Time to close an epoch (merge, shares, tree, archive)", buckets: [0.1, 1, 10, 60, 300], registers: [this.registry] });
  readonly mirroredDevices = new Gauge({ name: "groundwork_chain_devices", help: "Devices in the chain mirror", registers: [this.registry] });
  readonly latestArchivedEpoch = new Gauge({ name: "groundwork_latest_archived_epoch", help: "Newest archived epoch (-1: none)", registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.latestArchivedEpoch.set(-1);
  }

  onAccepted(n: number): void {
    this.accepted.inc(n);
  }

  /** `code`: an ingest rejection code, or a transport one (bad_json, body_too_large, …). */
  onRejected(code: string, n = 1): void {
    this.rejected.inc({ reason: code }, n);
  }
}

// Program ids of the Groundwork deployment (keys/ holds the localnet keypairs).
import { PublicKey } from "@solana/web3.js";

export const NETWORK_PROGRAM_ID = new PublicKey("9otBrbKPDQBP2eW4XDQZm5nRfLrUyk3trRYMAZJuhiVu");
export const CREDITS_PROGRAM_ID = new PublicKey("CJB7Qs6yXuR2t4nqNY42aG6awfXYWXBfUeNKQCkE4YQh");
export const REWARDS_PROGRAM_ID = new PublicKey("9FyES7kMw22Esx2rMhwq6qoaazkRWAT1iBHFQFQmhdS9");

/** Program name (as in target/deploy/<name>.so) and id, for loaders and deploy scripts. */
export const PROGRAMS = [
  { name: "groundwork_network", programId: NETWORK_PROGRAM_ID },
  { name: "groundwork_credits", programId: CREDITS_PROGRAM_ID },
  { name: "groundwork_rewards", programId: REWARDS_PROGRAM_ID },
] as const;

/**
 * The ids of the keypairs committed under the repository's keys/: their secret keys are public,
 * so programs at these ids belong on a local chain only (anyone could upgrade them elsewhere).
 * `npm run set-program-ids` changes the ids above, never these.
 */
export const LOCALNET_PROGRAM_IDS: readonly string[] = [
  "9otBrbKPDQBP2eW4XDQZm5nRfLrUyk3trRYMAZJuhiVu",
  "CJB7Qs6yXuR2t4nqNY42aG6awfXYWXBfUeNKQCkE4YQh",
  "9FyES7kMw22Esx2rMhwq6qoaazkRWAT1iBHFQFQmhdS9",
];

/** Whether an RPC endpoint is this machine (a local validator, or the embedded SVM's 127.0.0.1). */
export function isLocalEndpoint(endpoint: string): boolean {
  let host: string;
  try {
    host = new URL(endpoint).hostname;
  } catch {
    return false;
  }
  return host === "localhost" || host === "0.0.0.0" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** A deploy to a non-local cluster with the SDK built on the committed localnet program ids. */
export class LocalnetProgramIdsError extends Error {
  constructor(readonly endpoint: string, readonly programs: string[]) {
    super(
      `${endpoint} is not a local cluster, and this build's program ids (${programs.join(", ")}) are those of the committed localnet-only keypairs in keys/, ` +
        `whose secret keys are public: programs there could be upgraded by anyone. Rebuild with program keypairs of your own ` +
        `(docs/build.md, "Deploying with your own program ids").`,
    );
    this.name = "LocalnetProgramIdsError";
  }
}

/**
 * Refuses a non-local `endpoint` while the SDK's program ids are the committed localnet ones
 * (throws {@link LocalnetProgramIdsError}); local endpoints and a team's own ids pass.
 */
export function assertDeployableProgramIds(endpoint: string, programs: readonly { name: string; programId: PublicKey }[] = PROGRAMS): void {
  if (isLocalEndpoint(endpoint)) return;
  const localnet = programs.filter((p) => LOCALNET_PROGRAM_IDS.includes(p.programId.toBase58()));
  if (localnet.length) throw new LocalnetProgramIdsError(endpoint, localnet.map((p) => `${p.name} ${p.programId.toBase58()}`));
}

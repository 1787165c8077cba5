// What the CLI says when something fails: a stable code (for scripts: `--output json` prints
// `{"error": {"code", "message", "hint", ...}}` on stderr), what happened, and what to do. Built
// on the SDK's typed errors (sdk/src/errors): program errors by name, account-check failures by the
// account's role, failures of the system and token programs, and the RPC's own failures.
//
// Exit codes (documented in README.md, "CLI"):
//   0 success · 1 unexpected failure · 2 invalid input (arguments, flags, config, files)
//   3 the chain rejected the transaction (a program error, an account check, funds)
//   3 also: an oracle node refused a report or request, or answered what the chain contradicts
//   4 the RPC endpoint (or an oracle node) could not be reached · 5 confirmation required or declined
//   6 the embedded state file is locked by another command
//   7 `groundwork wait --timeout` ran out before the cluster's clock reached the moment
// Nothing heavy is imported at the top level: this module loads with `--help`.

export const EXIT_CODES = {
  ok: 0,
  failure: 1,
  invalidInput: 2,
  rejected: 3,
  unreachable: 4,
  confirmation: 5,
  locked: 6,
  timedOut: 7,
} as const;

/** Every code the CLI emits, with its exit code. The codes are stable: scripts may match them. */
export const ERROR_CODES = {
  USAGE: EXIT_CODES.invalidInput,
  INVALID_ARGUMENT: EXIT_CODES.invalidInput,
  INVALID_CONFIG: EXIT_CODES.invalidInput,
  KEYPAIR_NOT_FOUND: EXIT_CODES.invalidInput,
  INVALID_KEYPAIR: EXIT_CODES.invalidInput,
  INVALID_ATTESTATION: EXIT_CODES.invalidInput,
  STATE_FILE_NOT_FOUND: EXIT_CODES.invalidInput,
  NOT_EMBEDDED: EXIT_CODES.invalidInput,
  FILE_NOT_FOUND: EXIT_CODES.invalidInput,
  NOT_FOUND: EXIT_CODES.invalidInput,
  NOT_A_NETWORK: EXIT_CODES.invalidInput,
  LOCALNET_PROGRAM_IDS: EXIT_CODES.invalidInput,
  ALREADY_EXISTS: EXIT_CODES.rejected,
  ALREADY_REGISTERED: EXIT_CODES.rejected,
  DEVICE_ALREADY_REGISTERED: EXIT_CODES.rejected,
  NOT_REGISTERED: EXIT_CODES.rejected,
  MISSING_TOKEN_ACCOUNT: EXIT_CODES.rejected,
  INSUFFICIENT_SOL: EXIT_CODES.rejected,
  INSUFFICIENT_TOKENS: EXIT_CODES.rejected,
  INSUFFICIENT_STAKE: EXIT_CODES.rejected,
  PRICE_UNAVAILABLE: EXIT_CODES.rejected,
  PROGRAM_ERROR: EXIT_CODES.rejected,
  ACCOUNT_CHECK_FAILED: EXIT_CODES.rejected,
  TRANSACTION_FAILED: EXIT_CODES.rejected,
  ORACLE_REJECTED: EXIT_CODES.rejected,
  ORACLE_UNTRUSTED: EXIT_CODES.rejected,
  NO_CLAIMABLE_ROOT: EXIT_CODES.rejected,
  NOTHING_TO_WAIT_FOR: EXIT_CODES.rejected,
  RPC_UNREACHABLE: EXIT_CODES.unreachable,
  RPC_ERROR: EXIT_CODES.unreachable,
  ORACLE_UNREACHABLE: EXIT_CODES.unreachable,
  CONFIRMATION_REQUIRED: EXIT_CODES.confirmation,
  CONFIRMATION_DECLINED: EXIT_CODES.confirmation,
  STATE_LOCKED: EXIT_CODES.locked,
  WAIT_TIMEOUT: EXIT_CODES.timedOut,
  INTERNAL: EXIT_CODES.failure,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** A failure the CLI explains: what happened (`message`), what to do (`hint`), a stable `code`. */
export class CliError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint?: string,
    /** Extra machine-readable facts (the program error's name and number, an account, amounts). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "CliError";
  }

  get exitCode(): number {
    return ERROR_CODES[this.code];
  }

  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, ...(this.hint ? { hint: this.hint } : {}), exitCode: this.exitCode, ...this.details };
  }
}

/** Where the failing command ran, for messages that name the URL or the fee payer. */
export interface ErrorScene {
  url?: string;
  feePayer?: string;
  signer?: string;
  embedded?: boolean;
}

const LAMPORTS_PER_SOL = 1_000_000_000;
const sol = (lamports: number) => `${lamports / LAMPORTS_PER_SOL} SOL`;

/** Program errors with a known remedy: code and what to do. */
const PROGRAM_HINTS: Record<string, { code?: ErrorCode; hint: string }> = {
  InsufficientStake: { code: "INSUFFICIENT_STAKE", hint: "each active device needs the network's stakePerDevice behind it (see `groundwork network show <network>`); stake more with `groundwork operator stake <network> <amount>`" },
  StakeLockedByDevices: { code: "INSUFFICIENT_STAKE", hint: "unstake less, or deactivate devices first (`groundwork device deactivate <network> <device>`) to free their stake" },
  BelowMinimumStake: { code: "INSUFFICIENT_STAKE", hint: "keep at least the network's minOperatorStake active while you have devices (see `groundwork network show <network>`)" },
  StillUnbonding: { hint: "wait until unbondingUnlockTs (`groundwork operator status <network>`); `groundwork wait unbonded <network>` waits for it (on the embedded SVM it moves the clock there)" },
  NothingToWithdraw: { hint: "unstake first (`groundwork operator unstake <network> <amount>`), then withdraw after the unbonding period" },
  Unauthorized: { hint: "sign with the network authority's keypair (-k); `groundwork network show <network>` shows the authority" },
  NotOracle: { hint: "sign with one of the network's oracle keys (-k); `groundwork network show <network>` lists them" },
  StakingPaused: { hint: "the team paused staking; `groundwork network show <network>` shows the pause flags" },
  RegistrationPaused: { hint: "the team paused registration; `groundwork network show <network>` shows the pause flags" },
  SlashingPaused: { hint: "the team paused slashing" },
  OperatorJailed: { hint: "a slash jailed the operator; the network authority clears it with `groundwork network unjail <network> <operator>`" },
  DisputeWindowOpen: { hint: "execute after the dispute window ends (`groundwork slash show <network> <id>`); `groundwork wait slash <network> <id>` waits for it" },
  DisputeWindowClosed: { hint: "the veto period is over; the slash can now be executed by anyone" },
  SlashNotApproved: { hint: "more oracles must approve first (`groundwork slash approve <network> <id>`)" },
  SlashExceedsCap: { hint: "propose at most maxSlashBps of the operator's stake (see `groundwork network show <network>`)" },
  ZeroAmount: { hint: "pass an amount greater than zero" },
  InsufficientCredits: { hint: "buy credits first: `groundwork credits buy <network> <tokens>`; `groundwork credits balance <network>` shows them" },
  AllowanceExceeded: { hint: "the holder's delegation allows less; `groundwork credits allowance <network> <holder> <delegate>` shows what is left" },
  DelegateNotApproved: { hint: "the holder must `groundwork credits delegate <network> <provider> <allowance>` first" },
  CircuitBreakerTripped: { hint: "the network's circuit breaker caps credits minted per window; `groundwork credits config <network>` shows the headroom; wait for the window to slide" },
  SlippageExceeded: { hint: "fewer credits than --min-out would come out at the current price; check `groundwork credits config <network>` and lower --min-out" },
  PriceStale: { hint: "the Pyth price is older than maxPriceAgeSecs; post a fresh price update (on the embedded SVM: `groundwork dev set-price`)" },
  PriceConfidenceTooWide: { hint: "the Pyth price's confidence interval is too wide for the network's maxConfBps; retry with a fresher update" },
  PriceFeedMismatch: { hint: "the price account is for another feed than the network's feedId" },
  Paused: { hint: "the team paused this program for the network" },
  EpochNotEnded: { hint: "an epoch's root can be submitted only after the epoch ends (`groundwork epoch status <network>`); `groundwork wait epoch <network> --epoch <n>` waits for it" },
  EpochAlreadyFinalized: { hint: "this epoch's root is already final; `groundwork epoch status <network> --epoch <n>` shows it" },
  AlreadyVoted: { hint: "this oracle already voted for the epoch" },
  NothingToClaim: { hint: "everything in this proofs file was already claimed" },
  InvalidProof: { hint: "the proofs file does not match the epoch's root; use the file the oracles published for the finalized epoch" },
  NoRoot: { hint: "no root is finalized for this epoch yet (`groundwork epoch status <network>`)" },
  VaultInsufficient: { hint: "the rewards vault holds less than the root pays out; the team funds it with `groundwork rewards fund-vault <network> <amount>`" },
  SupplyCapExceeded: { hint: "the emission would exceed the rewards supply cap (`groundwork rewards config <network>`)" },
};

function accountCheck(name: string, account: string | undefined, description: string, scene: ErrorScene): CliError | undefined {
  const already = name === "AccountDiscriminatorAlreadySet" || name === "AccountAlreadyInitialized";
  const missing = name === "AccountNotInitialized";
  const wrongKind = name === "AccountDiscriminatorMismatch" || name === "AccountOwnedByWrongProgram" || name === "AccountDidNotDeserialize";
  if (account === "operator" && already) {
    return new CliError("ALREADY_REGISTERED", `${scene.signer ?? "this wallet"} is already registered as an operator of this network`, "nothing to do; `groundwork operator status <network>` shows its state");
  }
  if (account === "device" && already) {
    return new CliError("DEVICE_ALREADY_REGISTERED", "this device key is already registered in this network", "register a new device keypair, or move the device with `groundwork device transfer`; `groundwork device list <network>` shows an operator's devices");
  }
  if (already) return new CliError("ALREADY_EXISTS", `the ${account ?? "account"} already exists (${name})`, "nothing to create: it was set up before");
  if (account === "network" && (missing || wrongKind)) {
    return new CliError("NOT_A_NETWORK", "the address given as the network is not a Groundwork network account", "check the address; `groundwork network show <network>` reads a network, `network create` makes one");
  }
  if (account === "operator" && missing) {
    return new CliError("NOT_REGISTERED", "the operator is not registered in this network (no operator account for that wallet)", "check the operator's wallet (the signer, or the wallet the command names); an operator registers with `groundwork operator register <network>`");
  }
  if ((account === "source" || account === "destination" || account === "token_account" || account === "tokenAccount" || /token/i.test(account ?? "")) && (missing || /^ConstraintToken/.test(name) || wrongKind)) {
    return new CliError("MISSING_TOKEN_ACCOUNT", `the ${account} token account does not exist or is not an account of the network's token (${name})`, "the wallet needs the network token in its associated token account: get some with `groundwork token transfer <mint> <wallet> <amount>` from a holder");
  }
  if ((account === "price_update" || account === "priceUpdate") && (missing || wrongKind)) {
    return new CliError("PRICE_UNAVAILABLE", "the network's Pyth price account holds no price update (it does not exist or is not owned by the Pyth receiver)",
      "post a price update for the network's feed to its priceUpdate account (`groundwork credits config <network>` shows both); on the embedded SVM, `groundwork dev set-price <usd> --network <network>`");
  }
  if ((account === "dc_account" || account === "dcAccount" || /dc/i.test(account ?? "")) && missing) {
    return new CliError("NOT_FOUND", "the credits account does not exist", "open it with `groundwork credits open <network>`");
  }
  if (/config/i.test(account ?? "") && missing) {
    return new CliError("NOT_FOUND", `the network has no ${account} (credits or rewards are not set up for it)`, "the team sets them up with `groundwork network deploy --file <config>`");
  }
  void description;
  return undefined;
}

/**
 * The CliError for any failure: CliErrors as they are; commander usage errors; the SDK's typed
 * program, account and CPI errors; fee-payer and RPC failures.
 */
export async function explain(err: unknown, scene: ErrorScene = {}): Promise<CliError> {
  if (err instanceof CliError) return err;
  const commander = err as { code?: unknown; exitCode?: unknown; message?: unknown };
  if (commander?.code === "commander.unknownOption" && /'-\d/.test(String(commander.message))) {
    const value = /'(-[^']*)'/.exec(String(commander.message))?.[1];
    return new CliError("INVALID_ARGUMENT", `negative values are not accepted: ${value}`, "amounts, counts and ids are positive numbers");
  }
  if (typeof commander?.code === "string" && commander.code.startsWith("commander.")) {
    return new CliError("USAGE", String(commander.message).replace(/^error: /, ""), "see `groundwork <command> --help`");
  }
  const named = err as { name?: string; message?: string };
  if (named?.name === "NetworkConfigError") return new CliError("INVALID_CONFIG", String(named.message), "see deploy/README.md for the config format");
  if (named?.name === "LocalnetProgramIdsError") {
    return new CliError("LOCALNET_PROGRAM_IDS", String(named.message), "deploy to a cluster only with programs built with your own program keypairs: npm run set-program-ids, then npm run build:programs (docs/build.md)", { url: (err as { endpoint?: string }).endpoint });
  }
  if (named?.name === "NetworkAlreadyExistsError") {
    return new CliError("ALREADY_EXISTS", String(named.message), "to change an existing network to match the file, use `groundwork network deploy --file <config>` (it sends only the differences)");
  }
  // An oracle node's HTTP API (device report, rewards status/claim --oracle): before the generic
  // "fetch failed" test below, which would blame the RPC endpoint.
  if (named?.name === "OracleUnreachableError") {
    const url = (err as { url?: string }).url;
    return new CliError("ORACLE_UNREACHABLE", String(named.message), "check --oracle (the node's base URL, e.g. http://127.0.0.1:8080) and that the node is running", { oracle: url });
  }
  if (named?.name === "NoClaimableRootError") {
    const e = err as { network: string; pendingEpoch: number | null; activatesAt: number | null };
    return new CliError("NO_CLAIMABLE_ROOT", String(named.message), e.activatesAt !== null
      ? "retry once the root activates (`groundwork rewards status <network>` shows the pending root)"
      : "the oracles have not finalized an epoch yet: retry after the next epoch closes (`groundwork rewards status <network>` shows the roots)",
    { network: e.network, ...(e.pendingEpoch !== null ? { pendingEpoch: e.pendingEpoch, activatesAt: e.activatesAt } : {}) });
  }
  if (named?.name === "OracleApiError") {
    const api = err as { status: number; code: string };
    if (api.code === "no_root") {
      return new CliError("NO_CLAIMABLE_ROOT", String(named.message), "the oracles have not finalized an epoch yet, or its root is in its activation delay: retry later (`groundwork rewards status <network>` shows the roots)", { oracleCode: api.code, httpStatus: api.status });
    }
    if (api.status === 404) return new CliError("NOT_FOUND", String(named.message), "the oracle node has nothing for it yet (no finalized epoch, or an unknown operator)", { oracleCode: api.code, httpStatus: api.status });
    return new CliError("ORACLE_REJECTED", String(named.message), api.status >= 500 ? "the node failed; retry, or ask another oracle node" : "the node's reason code says why (docs/oracle.md, \"Reports\")", { oracleCode: api.code, httpStatus: api.status });
  }
  if (named?.name === "OracleAnswerError") {
    return new CliError("ORACLE_UNTRUSTED", String(named.message), "nothing was sent; ask another oracle node (--oracle), or claim from the epoch's proofs file (--proofs)", { oracle: (err as { url?: string }).url });
  }
  if (named?.name === "ConfigError") return new CliError("INVALID_CONFIG", String(named.message), "the oracle node's config file is described in docs/oracle.md");
  const { toGroundworkError, GroundworkProgramError, GroundworkAccountError, GroundworkCpiError } = await import("../errors");
  const e = toGroundworkError(err);
  if (e instanceof GroundworkProgramError) {
    const known = PROGRAM_HINTS[e.errorName];
    return new CliError(known?.code ?? "PROGRAM_ERROR", e.message, known?.hint, { program: e.program, programError: e.errorName, programErrorCode: e.code });
  }
  if (e instanceof GroundworkAccountError) {
    const specific = accountCheck(e.errorName, e.account, e.description, scene);
    const details = { program: e.program, programError: e.errorName, programErrorCode: e.code, ...(e.account ? { account: e.account } : {}) };
    if (specific) return new CliError(specific.code, specific.message, specific.hint, details);
    return new CliError("ACCOUNT_CHECK_FAILED", e.message, "an account passed to the program is not the one it expects; check the addresses given", details);
  }
  if (e instanceof GroundworkCpiError) {
    const lamports = /insufficient lamports (\d+), need (\d+)/.exec(e.detail);
    if (lamports) {
      const have = Number(lamports[1]);
      const need = Number(lamports[2]);
      return new CliError("INSUFFICIENT_SOL", `the fee payer ${scene.feePayer ?? ""} has ${sol(have)} but this transaction needs ${sol(need)} for the rent of the accounts it creates`.replace("payer  has", "payer has"),
        fundHint(scene, need - have), { account: scene.feePayer, haveLamports: have, needLamports: need });
    }
    if (/insufficient funds/i.test(e.detail) && /token/.test(e.message)) {
      return new CliError("INSUFFICIENT_TOKENS", "the token account holds fewer tokens than this needs", "check with `groundwork token balance <mint>`; get more with `groundwork token transfer` from a holder");
    }
    return new CliError("TRANSACTION_FAILED", e.message, undefined, { programId: e.programId });
  }
  const text = `${(e as { message?: string }).message ?? ""} ${String((e as { transactionMessage?: string }).transactionMessage ?? "")} ${JSON.stringify((e as { transactionLogs?: unknown }).transactionLogs ?? "")}`;
  if (/no record of a prior credit|AccountNotFound|InsufficientFundsForFee|insufficient funds for fee/i.test(text)) {
    return new CliError("INSUFFICIENT_SOL", `the fee payer ${scene.feePayer ?? ""} has no SOL to pay the transaction fee (5,000 lamports per signature, plus rent for any account the transaction creates)`.replace("payer  has", "payer has"),
      fundHint(scene, 10_000_000), { account: scene.feePayer });
  }
  const errno = e as NodeJS.ErrnoException;
  if (errno.code === "ENOENT" && errno.path) return new CliError("FILE_NOT_FOUND", `file not found: ${errno.path}`, "check the path", { path: errno.path });
  if ((errno.code === "EACCES" || errno.code === "EPERM") && errno.path) return new CliError("FILE_NOT_FOUND", `permission denied: ${errno.path}`, "check the file's permissions", { path: errno.path });
  const cause = (e as { cause?: { code?: string } }).cause;
  if (/fetch failed|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|socket hang up|getaddrinfo/i.test(text) || (cause?.code && /^E[A-Z]+/.test(cause.code))) {
    return new CliError("RPC_UNREACHABLE", `cannot reach the RPC endpoint ${scene.url ?? ""}`.trim(),
      "check --url (or json_rpc_url in the Solana CLI config); for localhost, start a validator (`solana-test-validator`), or use the embedded SVM with --url embedded:<state-file>", { url: scene.url });
  }
  const missing = /Account does not exist or has no data (\w+)/.exec(text);
  if (missing) return new CliError("NOT_FOUND", `account ${missing[1]} does not exist${scene.url ? ` on ${scene.url}` : ""}`, "check the address and the cluster (--url)", { account: missing[1] });
  if (/^\s*(\d{3}) /.test(text) || /JSON-RPC|SolanaJSONRPCError|\b429\b|\b5\d\d\b.*(Server|Gateway)/i.test(text)) {
    return new CliError("RPC_ERROR", `the RPC endpoint ${scene.url ?? ""} failed: ${text.trim().split("\n")[0]}`, "retry, or use another RPC URL (--url)", { url: scene.url });
  }
  return new CliError("INTERNAL", (e as Error).message?.split("\n")[0] || String(e), undefined);
}

function fundHint(scene: ErrorScene, lamportsShort: number): string {
  const amount = Math.max(lamportsShort, 1_000_000) / LAMPORTS_PER_SOL;
  const who = scene.feePayer ?? "the fee payer";
  return scene.embedded || /devnet|testnet|127\.0\.0\.1|localhost/.test(scene.url ?? "")
    ? `fund it: \`groundwork wallet airdrop 1 --to ${who}\`, or send at least ${amount} SOL to it`
    : `send at least ${amount} SOL to ${who}`;
}

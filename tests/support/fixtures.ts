// Accounts every test cluster starts with, as files under tests/fixtures/accounts in the format
// `solana account --output json` writes and `solana-test-validator --account <pubkey> <file>` (and
// Anchor.toml's [[test.validator.account]]) loads. scripts/test-validator.sh passes each file to
// the validator; the embedded SVM loads the same files (`loadFixtureAccounts`, from testEnv()).
//
// The Pyth PriceUpdateV2 accounts are owned by the Pyth receiver program, which only the cluster
// can give an account to: a test that needs a price in some state uses the file of that state
// (`PRICES.<state>`). Each is published in 2100 ("fresh" for any max age until then) or in 2020
// ("stale"), so the same file serves the embedded SVM's clock and the validator's wall clock.
// One more receiver-owned account is no price at all (`PYTH_NOT_A_PRICE`).
//
//   npx ts-node --transpile-only tests/support/fixtures.ts --write    regenerates the files
import * as fs from "fs";
import * as path from "path";
import { createHash } from "crypto";
import { PublicKey } from "@solana/web3.js";
import { Address, Lamports } from "@solana/kit";
import { LiteSVM } from "litesvm";
import { encodePriceUpdateV2, PriceUpdate, PYTH_RECEIVER_PROGRAM_ID } from "../../sdk/src/pyth";

export const FIXTURE_ACCOUNTS_DIR = path.join(__dirname, "..", "fixtures", "accounts");

/** The feed id the credits suites pin (tests/credits/setup.ts `FEED_ID`). */
export const FIXTURE_FEED_ID = Array.from(Buffer.alloc(32, 7));
/** 2100-01-01: fresh under any max age on any clock these suites run with. */
export const FRESH_PUBLISH_TIME = 4_102_444_800;
/** 2020-09-13: stale under any max age (at most a day) on any clock after 2020. */
export const STALE_PUBLISH_TIME = 1_600_000_000;

/** $0.50 ± $0.001 (exponent −8), fully verified, fresh. */
const base: PriceUpdate = { verification: "full", feedId: FIXTURE_FEED_ID, price: 50_000_000, conf: 100_000, exponent: -8, publishTime: FRESH_PUBLISH_TIME };

/** Every price state a test uses, by name (the file is tests/fixtures/accounts/pyth-<name>.json). */
export const PRICE_STATES = {
  /** $0.50 ± $0.001, full verification, fresh. */
  fresh: base,
  /**
   * $0.50 exactly (no confidence interval), fresh: what `groundwork dev set-price 0.5` writes on
   * the embedded chain, so the customer quick start buys the same credits on a cluster.
   */
  exact: { ...base, conf: 0 },
  /** The same price published in 2020. */
  stale: { ...base, publishTime: STALE_PUBLISH_TIME },
  /** Another feed's price. */
  wrongFeed: { ...base, feedId: Array.from(Buffer.alloc(32, 8)) },
  /** Only partially verified (5 guardian signatures). */
  partial: { ...base, verification: { partial: 5 } },
  /** ± $0.015: 3 % of the price, above the suites' 2 % limit. */
  wideConfidence: { ...base, conf: 1_500_000 },
  /** A negative price. */
  negative: { ...base, price: -1, conf: 0 },
  /** $50 with no uncertainty: a manipulated feed (the breaker caps what it mints). */
  manipulated: { ...base, price: 5_000_000_000, conf: 0 },
  /** $1.00 ± $0.001: the price moved up (a token buys twice the credits). */
  moved: { ...base, price: 100_000_000 },
} satisfies Record<string, PriceUpdate>;
export type PriceState = keyof typeof PRICE_STATES;

const fileName = (state: string) => `pyth-${state.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}.json`;
/** A deterministic address per state (sha256 of its name: no keypair needed, nobody can sign for it). */
const addressOf = (state: string) => new PublicKey(createHash("sha256").update(`groundwork-test-fixture:pyth:${state}`).digest());

/** The address of each price state's account. */
export const PRICES = Object.fromEntries(Object.keys(PRICE_STATES).map((s) => [s, addressOf(s)])) as Record<PriceState, PublicKey>;

/** One account file as the Solana CLI writes it (`solana account --output json`). */
export interface AccountFile {
  pubkey: string;
  account: { lamports: number; data: [string, "base64"]; owner: string; executable: boolean; rentEpoch: number; space: number };
}

/** Rent-exempt minimum of `space` bytes at the default rent (what any cluster's genesis uses). */
const rentExempt = (space: number) => (128 + space) * 3_480 * 2;

function priceFile(state: PriceState): AccountFile {
  const data = encodePriceUpdateV2(PRICE_STATES[state]);
  return {
    pubkey: PRICES[state].toBase58(),
    account: { lamports: rentExempt(data.length), data: [data.toString("base64"), "base64"], owner: PYTH_RECEIVER_PROGRAM_ID.toBase58(), executable: false, rentEpoch: 0, space: data.length },
  };
}

/**
 * An account the Pyth receiver owns that is not a PriceUpdateV2: a fresh price whose first
 * discriminator byte is changed. It stands for the receiver's other accounts (its config, for
 * one), which anyone can pass where a price account is expected.
 */
export const PYTH_NOT_A_PRICE = addressOf("notAPrice");

function notAPriceFile(): AccountFile {
  const data = encodePriceUpdateV2(PRICE_STATES.fresh);
  data[0] ^= 1;
  return {
    pubkey: PYTH_NOT_A_PRICE.toBase58(),
    account: { lamports: rentExempt(data.length), data: [data.toString("base64"), "base64"], owner: PYTH_RECEIVER_PROGRAM_ID.toBase58(), executable: false, rentEpoch: 0, space: data.length },
  };
}

/** The files as the generator writes them: file name → content. */
export function generatedFixtureFiles(): Map<string, string> {
  const files: [string, AccountFile][] = [...(Object.keys(PRICE_STATES) as PriceState[]).map((s): [string, AccountFile] => [fileName(s), priceFile(s)]), [fileName("notAPrice"), notAPriceFile()]];
  return new Map(files.map(([name, file]) => [name, `${JSON.stringify(file, null, 2)}\n`]));
}

/** Every account file under tests/fixtures/accounts. */
export function fixtureAccountFiles(): { file: string; account: AccountFile }[] {
  if (!fs.existsSync(FIXTURE_ACCOUNTS_DIR)) return [];
  return fs.readdirSync(FIXTURE_ACCOUNTS_DIR).filter((f) => f.endsWith(".json")).sort()
    .map((f) => ({ file: path.join(FIXTURE_ACCOUNTS_DIR, f), account: JSON.parse(fs.readFileSync(path.join(FIXTURE_ACCOUNTS_DIR, f), "utf8")) as AccountFile }));
}

/** Loads every fixture account into an embedded SVM, as the validator does at start. */
export function loadFixtureAccounts(svm: LiteSVM): void {
  for (const { account: a } of fixtureAccountFiles()) {
    const data = Buffer.from(a.account.data[0], "base64");
    svm.setAccount({
      address: a.pubkey as Address, data: new Uint8Array(data), executable: a.account.executable,
      lamports: BigInt(a.account.lamports) as Lamports, programAddress: a.account.owner as Address, space: BigInt(data.length),
    });
  }
}

if (require.main === module && process.argv.includes("--write")) {
  fs.mkdirSync(FIXTURE_ACCOUNTS_DIR, { recursive: true });
  for (const [name, content] of generatedFixtureFiles()) fs.writeFileSync(path.join(FIXTURE_ACCOUNTS_DIR, name), content);
  console.log(`wrote ${generatedFixtureFiles().size} files to ${path.relative(process.cwd(), FIXTURE_ACCOUNTS_DIR)}`);
}

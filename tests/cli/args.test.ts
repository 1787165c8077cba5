// The CLI's value parsing as pure logic: numbers (sign, form, fractions, u64), UI token amounts
// with a mint's decimals, H3 cells in hex and decimal against the H3 bit layout, durations, and the
// error codes and exit codes failures map to.
import { expect } from "chai";
import { duration, formatUnits, h3Cell, h3CellProblem, tokenAmount, wholeNumber, U64_MAX } from "../../sdk/src/cli/args";
import { CliError, ERROR_CODES, EXIT_CODES, explain } from "../../sdk/src/cli/errors";
import { NetworkErrors } from "../../sdk/src/errors";
import { explorerLink } from "../../sdk/src/cli/context";
import * as fs from "fs";
import * as path from "path";

const code = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return e instanceof CliError ? `${e.code}: ${e.message}` : `not a CliError: ${String(e)}`;
  }
  return "no error";
};

describe("cli: argument parsing", () => {
  it("whole numbers refuse negative, non-numeric, fractional and above-range values, naming the flag", () => {
    expect(wholeNumber("0", "x")).to.equal(0n);
    expect(wholeNumber("18446744073709551615", "x")).to.equal(U64_MAX);
    expect(code(() => wholeNumber("-5", "--kind"))).to.equal("INVALID_ARGUMENT: --kind must not be negative: -5");
    expect(code(() => wholeNumber("abc", "--kind"))).to.equal('INVALID_ARGUMENT: --kind must be a whole number: "abc"');
    expect(code(() => wholeNumber("1.5", "--kind"))).to.equal("INVALID_ARGUMENT: --kind must be a whole number, not a fraction: 1.5");
    expect(code(() => wholeNumber("1e3", "--kind"))).to.match(/must be a whole number/);
    expect(code(() => wholeNumber("0x10", "--kind"))).to.match(/must be a whole number/);
    expect(code(() => wholeNumber("18446744073709551616", "amount"))).to.equal("INVALID_ARGUMENT: amount is too large: 18446744073709551616 (at most 18446744073709551615, the u64 maximum)");
    expect(code(() => wholeNumber("70000", "--kind", 65535n))).to.equal("INVALID_ARGUMENT: --kind is too large: 70000 (at most 65535)");
    expect(code(() => wholeNumber("0", "--threshold", 3n, 1n))).to.equal("INVALID_ARGUMENT: --threshold must be at least 1: 0");
  });

  it("token amounts are UI units with the mint's decimals, or base units with --base-units", () => {
    expect(tokenAmount("1.5", 6)).to.equal(1_500_000n);
    expect(tokenAmount("2000", 6)).to.equal(2_000_000_000n);
    expect(tokenAmount(".25", 2)).to.equal(25n);
    expect(tokenAmount("7", 0)).to.equal(7n);
    expect(tokenAmount("1500000", 6, "amount", { baseUnits: true })).to.equal(1_500_000n);
    expect(tokenAmount("18446744073709.551615", 6)).to.equal(U64_MAX);
    expect(code(() => tokenAmount("1.0000001", 6))).to.equal("INVALID_ARGUMENT: amount 1.0000001 has more decimal places than the mint's 6");
    expect(code(() => tokenAmount("18446744073709.551616", 6))).to.match(/too large/);
    expect(code(() => tokenAmount("-1", 6))).to.match(/must not be negative/);
    expect(code(() => tokenAmount("1,5", 6))).to.match(/must be a number of tokens/);
    expect(code(() => tokenAmount("", 6))).to.match(/must be a number of tokens/);
    expect(code(() => tokenAmount("0", 6))).to.equal("INVALID_ARGUMENT: amount must be greater than zero");
    expect(code(() => tokenAmount("1.5", 6, "amount", { baseUnits: true }))).to.match(/whole number, not a fraction/);
    expect(formatUnits(1_500_000n, 6)).to.equal("1.5");
    expect(formatUnits(2_000_000_000n, 6)).to.equal("2000");
    expect(formatUnits(1n, 6)).to.equal("0.000001");
    expect(formatUnits(U64_MAX, 6)).to.equal("18446744073709.551615");
  });

  it("H3 cells: hex and decimal forms of one cell agree; the bit layout is checked", () => {
    expect(h3Cell("8a2a1072b59ffff")).to.equal(622_236_750_694_711_295n);
    expect(h3Cell("0x8a2a1072b59ffff")).to.equal(622_236_750_694_711_295n);
    expect(h3Cell("622236750694711295")).to.equal(622_236_750_694_711_295n);
    expect(h3Cell("85283473fffffff")).to.equal(0x85283473fffffffn);
    expect(h3CellProblem(0x8001fffffffffffn), "res 0, base cell 0").to.equal(null);
    expect(h3CellProblem(0x80f3fffffffffffn), "base cell 121").to.equal(null);
    expect(h3CellProblem(0x8108bffffffffffn), "pentagon base cell 4, digit 2").to.equal(null);
    expect(h3CellProblem(0x810a7ffffffffffn), "base cell 5 (not a pentagon), digit 1").to.equal(null);
    expect(h3CellProblem(0x80f5fffffffffffn)).to.equal("base cell 122 does not exist (0–121)");
    expect(h3CellProblem(0x81087ffffffffffn)).to.equal("base cell 4 is a pentagon, which has no sub-cell 1");
    expect(h3CellProblem(0x8a2a1072b59fff0n)).to.equal("digit 14 is 6 beyond resolution 10 (must be 7)");
    expect(h3CellProblem(0x8a2a1072b5fffffn)).to.equal("digit 9 is 7 (unused) within resolution 10");
    expect(h3CellProblem((0x8a2a1072b59ffffn & ~(0xfn << 59n)) | (2n << 59n)), "an edge index (mode 2)").to.equal("mode 2, not a cell (mode 1)");
    expect(h3CellProblem(0x8a2a1072b59ffffn | (1n << 63n))).to.equal("the reserved high bit is set");
    expect(h3CellProblem(0x8a2a1072b59ffffn | (1n << 56n))).to.equal("reserved bits 56–58 are set");
    expect(code(() => h3Cell("12345"))).to.match(/^INVALID_ARGUMENT: location 12345 is not a valid H3 cell: mode 0/);
    expect(code(() => h3Cell("zz"))).to.match(/must be an H3 cell index/);
    expect(code(() => h3Cell("-1"))).to.match(/must be an H3 cell index/);
  });

  it("durations: seconds or unit sums", () => {
    expect(duration("90")).to.equal(90);
    expect(duration("1d")).to.equal(86_400);
    expect(duration("1d12h")).to.equal(129_600);
    expect(duration("2w")).to.equal(1_209_600);
    expect(code(() => duration("1y"))).to.match(/must be seconds or a duration/);
    expect(code(() => duration("-1d"))).to.match(/must be seconds or a duration/);
  });

  it("errors map to stable codes and documented exit codes", async () => {
    expect(EXIT_CODES).to.deep.equal({ ok: 0, failure: 1, invalidInput: 2, rejected: 3, unreachable: 4, confirmation: 5, locked: 6, timedOut: 7 });
    expect(ERROR_CODES.INVALID_ARGUMENT).to.equal(2);
    expect(ERROR_CODES.STATE_LOCKED).to.equal(6);
    const stake = await explain(new NetworkErrors.InsufficientStake());
    expect(stake.code).to.equal("INSUFFICIENT_STAKE");
    expect(stake.exitCode).to.equal(3);
    expect(stake.hint).to.match(/groundwork operator stake/);
    expect(stake.toJSON()).to.include({ code: "INSUFFICIENT_STAKE", programError: "InsufficientStake", programErrorCode: 6017 });
    const unreachable = await explain(new TypeError("fetch failed"), { url: "http://127.0.0.1:1" });
    expect(unreachable.code).to.equal("RPC_UNREACHABLE");
    expect(unreachable.message).to.equal("cannot reach the RPC endpoint http://127.0.0.1:1");
    expect((await explain(new Error("something odd"))).code).to.equal("INTERNAL");
    // Nothing claimable yet (the SDK's typed error): exit 3 with when the pending root activates.
    const { NoClaimableRootError } = await import("../../sdk/src/rewards/accounts");
    const pending = await explain(new NoClaimableRootError("Net111", 4, 1_800_000_000));
    expect([pending.code, pending.exitCode]).to.deep.equal(["NO_CLAIMABLE_ROOT", 3]);
    expect(pending.message).to.include("epoch 4's root activates at 2027-01-15T08:00:00.000Z");
    expect(pending.toJSON()).to.include({ pendingEpoch: 4, activatesAt: 1_800_000_000 });
    expect(pending.hint).to.match(/retry once the root activates/);
  });

  it("the README's exit-code table lists every error code with its exit code", () => {
    const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
    const table = new Map<string, number>();
    for (const m of readme.matchAll(/^\| (\d) \| [^|]+ \| ([^|]*) \|$/gm)) for (const c of m[2].matchAll(/`([A-Z_]+)`/g)) table.set(c[1], Number(m[1]));
    expect(Object.fromEntries(table)).to.deep.equal(ERROR_CODES);
  });

  it("explorer links name the cluster; the embedded SVM has none", () => {
    expect(explorerLink("https://api.devnet.solana.com", "sig")).to.equal("https://explorer.solana.com/tx/sig?cluster=devnet");
    expect(explorerLink("https://api.mainnet-beta.solana.com", "sig")).to.equal("https://explorer.solana.com/tx/sig");
    expect(explorerLink("http://127.0.0.1:8899", "sig")).to.equal("https://explorer.solana.com/tx/sig?cluster=custom&customUrl=http%3A%2F%2F127.0.0.1%3A8899");
    expect(explorerLink("embedded:/tmp/gw.bin", "sig")).to.equal(undefined);
  });
});

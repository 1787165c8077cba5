// Runs after the per-program suites (mocha loads files in name order): every cell of the
// instruction × attack table has a test or an n/a reason; with WRITE_ATTACK_TABLE=1 it writes
// docs/adversarial.md.
import { expect } from "chai";
import { attackRecords } from "../support/attacks";
import { emptyCells, IDLS, writeTable } from "./table";

describe("adversarial: coverage table", function () {
  // On a cluster the embedded-only attacks are left out, so some cells would look empty.
  it("every instruction × attack cell has a test or a reason [embedded-only: a harness check of the whole attack table, which includes the attacks that run only on the embedded SVM]", function () {
    const programs = new Set(attackRecords().map((r) => r.program));
    // The table needs every program's suite in this run (a single-file run cannot judge coverage).
    if (IDLS.some((idl) => !programs.has(idl.metadata.name))) this.skip();
    expect(emptyCells(), "cells with neither a test nor an n/a reason").to.deep.equal([]);
    if (process.env.WRITE_ATTACK_TABLE === "1") writeTable();
  });
});

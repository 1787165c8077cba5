// Runs after the per-program suites (mocha loads files in name order): every cell of the
// instruction × attack table has a test or an n/a reason; with WRITE_ATTACK_TABLE=1 it writes
// docs/adversarial.md.
import { expect } from "chai";
import { attackRecords, leftOutAttacks } from "../support/attacks";
import { cells, emptyCells, IDLS, writeTable } from "./table";

describe("adversarial: coverage table", function () {
  it("every instruction × attack cell has a test or a reason", function () {
    const programs = new Set(attackRecords().map((r) => r.program));
    // The table needs every program's suite in this run (a single-file run cannot judge coverage).
    if (IDLS.some((idl) => !programs.has(idl.metadata.name))) this.skip();
    // On a cluster the attacks that need the embedded SVM are left out of the run; a cell only they
    // cover counts as covered by them (each asserted by its test on the embedded SVM), no other.
    expect(emptyCells(cells([...attackRecords(), ...leftOutAttacks()])), "cells with neither a test nor an n/a reason").to.deep.equal([]);
    if (process.env.WRITE_ATTACK_TABLE === "1") writeTable();
  });
});

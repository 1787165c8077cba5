// Mocha reporter of the validator suite (scripts/test-validator.sh): the spec reporter's output
// for people, plus every test's outcome as JSON in $GROUNDWORK_TEST_SUMMARY for the closing count
// (scripts/validator-summary.js). A skipped test (`this.skip()`) is recorded as pending, which
// the summary counts as embedded-only, never as passed.
"use strict";
const fs = require("fs");
const path = require("path");
const Mocha = require("mocha");

const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } = Mocha.Runner.constants;

class ValidatorReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const out = { passed: [], failed: [], pending: [] };
    const record = (t) => ({ title: t.fullTitle(), file: t.file ? path.relative(process.cwd(), t.file) : "" });
    runner.on(EVENT_TEST_PASS, (t) => out.passed.push(record(t)));
    // A failed hook is reported here too (its tests never run; the summary counts them failed).
    runner.on(EVENT_TEST_FAIL, (t, err) => out.failed.push({ ...record(t), error: String(err && err.message).split("\n")[0] }));
    runner.on(EVENT_TEST_PENDING, (t) => out.pending.push(record(t)));
    runner.once(EVENT_RUN_END, () => {
      if (process.env.GROUNDWORK_TEST_SUMMARY) fs.writeFileSync(process.env.GROUNDWORK_TEST_SUMMARY, JSON.stringify(out));
    });
  }
}

module.exports = ValidatorReporter;

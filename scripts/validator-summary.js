#!/usr/bin/env node
// The validator suite's closing count (scripts/test-validator.sh): from the list of every selected
// test (a mocha --dry-run, JSON) and the outcomes the run recorded (tests/support/reporter.js),
// prints the embedded-only tests by name and one line
//   validator: N passed, M failed, K embedded-only
// A test is embedded-only when its title says [embedded-only] (left out of the run: it needs the
// embedded SVM, and says why) or it skipped itself on the validator. A selected test that neither
// passed, failed nor skipped (its suite's `before` hook failed) counts as failed. Exit 1 if any failed.
"use strict";
const fs = require("fs");

const [dryRunFile, outcomesFile] = process.argv.slice(2);
const all = JSON.parse(fs.readFileSync(dryRunFile, "utf8")).tests.map((t) => ({ title: t.fullTitle, file: t.file }));
const outcomes = fs.existsSync(outcomesFile) ? JSON.parse(fs.readFileSync(outcomesFile, "utf8")) : { passed: [], failed: [], pending: [] };
const titles = (list) => new Set(list.map((t) => t.title));
const passed = titles(outcomes.passed);
const pending = titles(outcomes.pending);
const failedHooks = outcomes.failed.filter((f) => !all.some((t) => t.title === f.title));

const embeddedOnly = [];
let nPassed = 0;
const failed = [];
for (const t of all) {
  if (/\[embedded-only/.test(t.title) || pending.has(t.title)) embeddedOnly.push(t);
  else if (passed.has(t.title)) nPassed++;
  else failed.push(t);
}

const rel = (f) => (f ? f.replace(`${process.cwd()}/`, "") : "");
if (embeddedOnly.length) {
  console.log(`\nembedded-only on the validator (${embeddedOnly.length}):`);
  let file = null;
  for (const t of embeddedOnly) {
    if (rel(t.file) !== file) { file = rel(t.file); console.log(`  ${file}`); }
    console.log(`    - ${t.title}${pending.has(t.title) ? " (skipped itself)" : ""}`);
  }
}
if (failed.length) {
  console.log(`\nfailed on the validator (${failed.length}):`);
  for (const t of failed) {
    const f = outcomes.failed.find((o) => o.title === t.title);
    console.log(`  - ${t.title}${f ? `: ${f.error}` : " (not run: a hook of its suite failed)"}`);
  }
  for (const h of failedHooks) console.log(`  hook: ${h.title}: ${h.error}`);
}
const share = all.length ? Math.round((100 * (nPassed + failed.length)) / all.length) : 0;
console.log(`\n${share}% of ${all.length} mocha tests ran on the validator`);
console.log(`validator: ${nPassed} passed, ${failed.length} failed, ${embeddedOnly.length} embedded-only`);
process.exit(failed.length || failedHooks.length ? 1 : 0);

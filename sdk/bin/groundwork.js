#!/usr/bin/env node
// The `groundwork` CLI of the installed @groundwork/sdk package (compiled JS; no ts-node).
require("../dist/cli/main.js")
  .main(process.argv)
  .then((code) => process.exit(code));

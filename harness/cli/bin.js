#!/usr/bin/env node
// Entry point of `npx osgp-conformance`: the CLI is TypeScript, run through tsx (no build step).
require("tsx/cjs");
require("./main.ts");

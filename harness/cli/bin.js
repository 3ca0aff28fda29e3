#!/usr/bin/env node
// Entry point of `npx osgp-conformance`: the CLI is TypeScript, run through tsx (no build step); `run`
// runs from the bundle of the harness and its step definitions (harness-bundle.js), as do the cucumber
// processes it starts (OSGP_BUNDLE, read by cucumber.js), and so do the bench commands, which a lab
// runs one after another at the bench (from the bundle `identify` starts in 0.6 s, through tsx 1.9 s).
const FROM_BUNDLE = ["run", "identify", "read", "dump", "write", "procedure", "clock"];
function throughTsx() {
  require("tsx/cjs");
  require("./main.ts");
}

if (FROM_BUNDLE.includes(process.argv[2] ?? "")) {
  require("./harness-bundle.js")
    .harnessBundle()
    .then(
      (bundle) => {
        process.env.OSGP_BUNDLE = bundle;
        // tsx does as much: stack traces name the TypeScript files and lines.
        process.setSourceMapsEnabled(true);
        require(bundle).main();
      },
      (e) => {
        // A read-only node_modules, say: slower, not wrong.
        console.error(`osgp-conformance: no bundle of the harness (${e.message}): running through tsx`);
        throughTsx();
      },
    );
} else {
  throughTsx();
}

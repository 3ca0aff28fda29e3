#!/usr/bin/env node
// Entry point of `npx osgp-conformance`: the CLI is TypeScript, run through tsx (no build step); `run`
// runs from the bundle of the harness and its step definitions (harness-bundle.js), as do the cucumber
// processes it starts (OSGP_BUNDLE, read by cucumber.js).
function throughTsx() {
  require("tsx/cjs");
  require("./main.ts");
}

if (process.argv[2] === "run") {
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

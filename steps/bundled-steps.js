// The step definitions cucumber loads under `osgp-conformance run` (cucumber.js): those of every
// steps/**/*.ts, in cucumber's order, from the harness's bundle (OSGP_BUNDLE, harness/cli/harness-bundle.js).
// A parallel worker loads this file and not cucumber.js: stack traces name the TypeScript files here too.
process.setSourceMapsEnabled(true);
require(process.env.OSGP_BUNDLE).loadSteps();

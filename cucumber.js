// Cucumber profiles. Prefer `npx osgp-conformance run`, which picks the profile from --target,
// passes the PIXIT file, checks that scenarios ran, and writes the summary and report.
//   default   the features of OSGP_TARGET's link (the optical port's when unset) against it
//   optical   the optical-port features (tagged @optical) against OSGP_TARGET when it is an optical
//             target (optical:PATH, or optical alone for serial.path of the PIXIT file named by
//             OSGP_PIXIT), else against the built-in simulator; keys come from the PIXIT file
//   mep, plc  the same for the MEP port (@mep; default sim-mep) and the PLC link (@plc; default
//             sim-plc; every packet goes to reports/pcap/)
//   fuzz      the fuzz campaigns (features/fuzz, tagged @fuzz) of OSGP_TARGET's link, which no other
//             profile runs: OSGP_TARGET=sim-mep npx cucumber-js --profile fuzz
// A --tags expression given on the command line is ANDed with the profile's.
// Under `osgp-conformance run`, the step definitions and the profiles come from the harness's bundle
// (OSGP_BUNDLE, harness/cli/harness-bundle.js), which holds every steps/**/*.ts; else through tsx.
const bundle = process.env.OSGP_BUNDLE || "";
const common = {
  requireModule: bundle ? [] : ["tsx/cjs"],
  require: bundle ? [require.resolve("./steps/bundled-steps.js")] : ["steps/**/*.ts"],
  // No paths: cucumber's default, features/**/*.feature, which the feature lines a shard names replace.
  format: [
    // Verdicts, not step statuses: cucumber's own "progress" prints F for an inconclusive scenario.
    "./harness/report/progress-formatter-entry.js",
    // Only one formatter may own stdout (a second one leaves the console silent): Allure writes to a file of its own.
    // allure-cucumberjs' formatter, writing its results without an fsync per file (harness/report/allure-formatter.ts).
    ["./harness/report/allure-formatter-entry.js", "reports/.allure-formatter.out"],
  ],
  formatOptions: {
    resultsDir: "reports/allure-results",
  },
};

// The profiles come from the links (harness/conformance/cucumber-profiles.ts), which are TypeScript: tsx
// compiles them here, as it compiles the step definitions later (or the bundle has them, with its source map).
if (bundle) process.setSourceMapsEnabled(true);
else require("tsx/cjs");
const cucumberProfiles = bundle
  ? require(bundle).cucumberProfiles()
  : require("./harness/conformance/cucumber-profiles.ts").cucumberProfiles;

module.exports = cucumberProfiles(common, process.env.OSGP_TARGET || "");

// Cucumber profiles. Run them through `npx osgp-conformance run` (or `npm run conformance`), which
// sets OSGP_TARGET / OSGP_PIXIT, checks that scenarios ran, and builds the report.
//   default   the built-in simulator, in process (OSGP_TARGET=sim unless set)
//   optical   a meter on an optical probe: port and keys from the PIXIT file in OSGP_PIXIT
const common = {
  requireModule: ["tsx/cjs"],
  require: ["steps/**/*.ts"],
  paths: ["features/**/*.feature"],
  format: [
    "progress",
    ["message", "reports/cucumber-messages.ndjson"],
    // Only one formatter may own stdout: Allure writes to a file of its own (TOOLCHAIN trap 2).
    ["allure-cucumberjs/reporter", "reports/.allure-formatter.out"],
  ],
  formatOptions: {
    resultsDir: "reports/allure-results",
  },
};

module.exports = {
  default: { ...common },
  optical: { ...common, worldParameters: { target: "optical" } },
};

// Cucumber profiles. Prefer `npx osgp-conformance run`, which picks the profile from --target,
// passes the PIXIT file, checks that scenarios ran, and writes the summary and report.
//   default   the built-in simulator, in process (or whatever OSGP_TARGET names)
//   optical   a meter on an optical probe: OSGP_TARGET=optical:PATH, or serial.path of the PIXIT
//             file named by OSGP_PIXIT; keys come from that file too
const common = {
  requireModule: ["tsx/cjs"],
  require: ["steps/**/*.ts"],
  paths: ["features/**/*.feature"],
  format: [
    "progress",
    // Only one formatter may own stdout: Allure writes to a file of its own (TOOLCHAIN trap 2).
    ["allure-cucumberjs/reporter", "reports/.allure-formatter.out"],
  ],
  formatOptions: {
    resultsDir: "reports/allure-results",
  },
};

const opticalTarget = (process.env.OSGP_TARGET || "").startsWith("optical:") ? process.env.OSGP_TARGET : "optical";

module.exports = {
  default: { ...common },
  optical: { ...common, worldParameters: { target: opticalTarget } },
};

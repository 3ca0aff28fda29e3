// Cucumber profiles. Prefer `npx osgp-conformance run`, which picks the profile from --target,
// passes the PIXIT file, checks that scenarios ran, and writes the summary and report.
//   default   the optical-port features against the built-in simulator (or whatever OSGP_TARGET names)
//   optical   the optical-port features against a meter on a probe: OSGP_TARGET=optical:PATH, or
//             serial.path of the PIXIT file named by OSGP_PIXIT; keys come from that file too
//   mep       the MEP features: OSGP_TARGET=sim-mep (default here) or mep:PATH
//   plc       the PLC features: OSGP_TARGET=sim-plc (default here) or plc:HOST[:PORT]; every packet
//             goes to reports/pcap/
//   fuzz      the fuzz campaigns (features/fuzz, tagged @fuzz) of OSGP_TARGET's link, which no other
//             profile runs: OSGP_TARGET=sim-mep npx cucumber-js --profile fuzz
// Each feature is tagged with the link it needs (@optical, @mep, @plc); a --tags expression given on the
// command line is ANDed with the profile's.
const common = {
  requireModule: ["tsx/cjs"],
  require: ["steps/**/*.ts"],
  paths: ["features/**/*.feature"],
  format: [
    // Verdicts, not step statuses: cucumber's own "progress" prints F for an inconclusive scenario.
    "./harness/report/progress-formatter-entry.js",
    // Only one formatter may own stdout: Allure writes to a file of its own (TOOLCHAIN trap 2).
    ["allure-cucumberjs/reporter", "reports/.allure-formatter.out"],
  ],
  formatOptions: {
    resultsDir: "reports/allure-results",
  },
};

const env = process.env.OSGP_TARGET || "";
const opticalTarget = env.startsWith("optical:") ? env : "optical";
const mepTarget = env.startsWith("mep:") || env.startsWith("sim-mep") ? env : "sim-mep";
const plcTarget = env === "plc" || env.startsWith("plc:") || env.startsWith("sim-plc") ? env : "sim-plc";

const fuzzLink = /^(sim-)?mep\b/.test(env) ? "@mep" : /^(sim-)?plc\b/.test(env) ? "@plc" : "@optical";

module.exports = {
  default: { ...common, tags: "@optical and not @fuzz" },
  optical: { ...common, tags: "@optical and not @fuzz", worldParameters: { target: opticalTarget } },
  mep: { ...common, tags: "@mep and not @fuzz", worldParameters: { target: mepTarget } },
  plc: { ...common, tags: "@plc and not @fuzz", worldParameters: { target: plcTarget } },
  fuzz: { ...common, tags: `@fuzz and ${fuzzLink}` },
};

// The Allure formatter cucumber.js names. Cucumber loads a formatter with import(), which does not
// go through tsx's require hook: this CommonJS file requires the TypeScript formatter through it.
// Under `osgp-conformance run`, from the harness's bundle (OSGP_BUNDLE, harness/cli/harness-bundle.js).
if (process.env.OSGP_BUNDLE) module.exports = require(process.env.OSGP_BUNDLE).allureFormatter();
else {
  require("tsx/cjs");
  module.exports = require("./allure-formatter.ts");
}

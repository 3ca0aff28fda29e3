// The formatter cucumber.js names for stdout. Cucumber loads a formatter with import(), which does not
// go through tsx's require hook: this CommonJS file requires the TypeScript formatter through it.
require("tsx/cjs");
module.exports = require("./progress-formatter.ts");

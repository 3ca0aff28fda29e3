// The Allure formatter cucumber.js names. Cucumber loads a formatter with import(), which does not
// go through tsx's require hook: this CommonJS file requires the TypeScript formatter through it.
require("tsx/cjs");
module.exports = require("./allure-formatter.ts");

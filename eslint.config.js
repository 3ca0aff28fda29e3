// ESLint (npm run lint): a few rules, each for a bug class the type checker lets through; the
// formatter (Prettier, prettier.config.js) owns layout. Unused exports are knip's (knip.jsonc).
const { defineConfig } = require("eslint/config");
const tseslint = require("typescript-eslint");

// Prettier breaks code at 120 columns but leaves comments and string literals whole: this catches
// the comments. A message string stays on one line, so that grepping for the text finds its source.
// ESLint core deprecates max-len for @stylistic's copy, but keeps it until ESLint 11; eslint is pinned.
const maxLen = [
  "error",
  { code: 120, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true },
];

module.exports = defineConfig(
  { ignores: ["reports/"] },
  {
    files: ["**/*.js"],
    languageOptions: { sourceType: "commonjs" },
  },
  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: { "max-len": maxLen },
  },
  {
    // Type-aware: the rules below need to know what returns a promise, so they read tsconfig.json.
    files: ["**/*.ts"],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: __dirname },
    },
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: {
      // A promise nobody awaits loses its rejection (an unhandled rejection, or a step that passes
      // before its check ran). Fire-and-forget is written `void p` with a comment saying why.
      // node:test's test() and describe() return promises the runner itself awaits.
      "@typescript-eslint/no-floating-promises": [
        "error",
        { allowForKnownSafeCalls: [{ from: "package", package: "node:test", name: ["test", "describe"] }] },
      ],
      // An async function where a void callback is expected (an event handler, forEach) has its
      // rejection dropped and its completion unawaited; `if (promise)` is always true.
      "@typescript-eslint/no-misused-promises": "error",
    },
  },
);

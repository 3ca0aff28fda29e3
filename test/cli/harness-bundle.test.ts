import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { loadConfiguration, type ISupportCodeCoordinates } from "@cucumber/cucumber/api";
import { resolvePaths } from "@cucumber/cucumber/lib/paths/paths";
import { ROOT } from "../support/serial-bench";

// Plain JavaScript, which bin.js loads before any TypeScript can be.
const { harnessBundle, stepFiles } = require("../../harness/cli/harness-bundle.js") as {
  harnessBundle(root?: string, cache?: string): Promise<string>;
  stepFiles(root: string): string[];
};

test("the bundle loads the step files cucumber.js names, in the order cucumber loads them", async () => {
  const quiet = { stderr: new Writable({ write: (_chunk, _encoding, done) => done() }) };
  const { runConfiguration } = await loadConfiguration({ profiles: ["optical"] }, quiet);
  const logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
  const support = runConfiguration.support as ISupportCodeCoordinates;
  const { requirePaths } = await resolvePaths(logger, ROOT, runConfiguration.sources, support);
  assert.ok(requirePaths.length > 40, `cucumber finds only ${requirePaths.length} step files`);
  assert.deepEqual(stepFiles(ROOT), requirePaths);
});

test("a bundle is built once for a state of the sources; its modules find their files, its stacks name the sources", async () => {
  // Under the repository, as the bundle's own place is: its imports of packages resolve from where it is.
  const cache = mkdtempSync(join(ROOT, "node_modules", ".cache", "osgp-harness-bundle-test-"));
  after(() => rmSync(cache, { recursive: true, force: true }));
  const bundle = await harnessBundle(ROOT, cache);
  assert.equal(await harnessBundle(ROOT, cache), bundle);
  assert.deepEqual(readdirSync(cache).sort(), [
    `${bundle.slice(cache.length + 1)}`,
    `${bundle.slice(cache.length + 1)}.map`,
  ]);
  // `help` prints the version harness/version.ts reads from package.json, found from its own folder.
  const help = spawnSync(process.execPath, ["-e", `require(${JSON.stringify(bundle)}).main()`, "bin", "help"], {
    cwd: ROOT,
    encoding: "utf8",
  });
  const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
  assert.equal(help.stderr, "");
  assert.match(help.stdout, new RegExp(`^osgp-conformance ${version.replace(/\./g, "\\.")}: `));
  // A target that does not parse, thrown from the bundle: the stack names the TypeScript file.
  const thrown = spawnSync(
    process.execPath,
    [
      "--enable-source-maps",
      "-e",
      `try { require(${JSON.stringify(bundle)}).cucumberProfiles()({}, "sim:no-such-profile") } catch (e) { console.log(e.stack) }`,
    ],
    { cwd: ROOT, encoding: "utf8" },
  );
  assert.match(thrown.stdout, /OSGP_ERR_TARGET|profile/);
  assert.match(thrown.stdout, /\(\/.*\/harness\/conformance\/[a-z-]+\.ts:\d+:\d+\)/);
});

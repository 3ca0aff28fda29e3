import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { initFiles } from "../../harness/cli/init-command";
import { loadPixit, PIXIT_DEFAULTS } from "../../harness/conformance/pixit";
import { loadPics } from "../../harness/conformance/pics/pics-file";
import { PICS_ITEMS } from "../../harness/conformance/pics/pics-items";
import { ConfigError } from "../../harness/errors";

test("init writes the PICS and the PIXIT, each with its schema, and the harness reads both back", () => {
  const dir = mkdtempSync(join(tmpdir(), "osgp-init-"));
  const written = initFiles(dir, false).map((f) => f.slice(dir.length + 1));
  assert.deepEqual(written, ["pics.json", "pics.schema.json", "pixit.json", "pixit.schema.json"]);
  assert.deepEqual(loadPixit(join(dir, "pixit.json")), PIXIT_DEFAULTS);
  const pixit = JSON.parse(readFileSync(join(dir, "pixit.json"), "utf8")) as Record<string, unknown>;
  assert.equal(pixit.$schema, "./pixit.schema.json");
  const schema = JSON.parse(readFileSync(join(dir, "pixit.schema.json"), "utf8")) as {
    properties: Record<string, unknown>;
  };
  assert.deepEqual(Object.keys(schema.properties), ["$schema", ...Object.keys(PIXIT_DEFAULTS)]);
  // Every feature starts false, every option at what the harness assumes without a declaration.
  const pics = loadPics(join(dir, "pics.json"));
  assert.deepEqual(
    Object.keys(pics),
    PICS_ITEMS.map((i) => i.id),
  );
  assert.equal(pics["8.16"], false);
  assert.equal(pics["8.16/meter-shop-mode"], false);
  assert.equal(pics["8.17/uplink-from-client"], true);
  assert.throws(
    () => initFiles(dir, false),
    (e: unknown) => e instanceof ConfigError && /already exist; use --force/.test(e.message),
  );
  assert.equal(initFiles(dir, true).length, 4);
});

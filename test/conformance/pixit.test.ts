import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../../harness/errors";
import { keyFor, loadPixit, overlayPixit, PIXIT_DEFAULTS, PIXIT_ITEMS } from "../../harness/conformance/pixit";

function leaves(o: unknown, prefix = ""): string[] {
  if (typeof o !== "object" || o === null || Array.isArray(o)) return [prefix];
  return Object.entries(o).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

test("every PIXIT item has a description with its source, and every description an item", () => {
  assert.deepEqual(leaves(PIXIT_DEFAULTS).sort(), Object.keys(PIXIT_ITEMS).sort());
  for (const [path, doc] of Object.entries(PIXIT_ITEMS)) assert.match(doc, /\[[^\]]+\]$/, `${path} names its source`);
});

test("the README lists every PIXIT item", () => {
  const readme = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");
  for (const path of Object.keys(PIXIT_ITEMS)) assert.ok(readme.includes("`" + path + "`"), path);
});

test("a PIXIT file is laid over the defaults; items it does not name keep their default", () => {
  const p = overlayPixit(PIXIT_DEFAULTS, { link: { retries: 5 }, session: { negotiate: { baudRate: null } }, expect: { unknownTable: ["iar"] } });
  assert.equal(p.link.retries, 5);
  assert.equal(p.link.ackTimeoutMs, PIXIT_DEFAULTS.link.ackTimeoutMs);
  assert.equal(p.session.negotiate.baudRate, null);
  assert.deepEqual(p.expect.unknownTable, ["iar"]);
  assert.deepEqual(PIXIT_DEFAULTS.expect.unknownTable, ["onp", "iar"], "the defaults are not changed");
});

test("unknown items and wrong types are refused with the item's path", () => {
  const refuse = (overlay: unknown, path: RegExp) =>
    assert.throws(() => overlayPixit(PIXIT_DEFAULTS, overlay), (e: unknown) => e instanceof ConfigError && e.code === "OSGP_ERR_PIXIT" && path.test(e.message));
  refuse({ link: { retry: 3 } }, /link.*unknown item "retry"/);
  refuse({ link: { retries: "3" } }, /link\.retries must be a number/);
  refuse({ expect: { unknownTable: "onp" } }, /expect\.unknownTable must be a list/);
  refuse({ keys: { master: "SECRET" } }, /keys\.master must be null or one of/);
  refuse({ link: { retries: null } }, /link\.retries must be a number/);
});

test("a missing or malformed file is an OSGP_ERR_PIXIT error naming the file", () => {
  const dir = mkdtempSync(join(tmpdir(), "pixit-"));
  assert.throws(() => loadPixit(join(dir, "none.json")), (e: unknown) => e instanceof ConfigError && /cannot read PIXIT file/.test(e.message));
  writeFileSync(join(dir, "bad.json"), "{ not json");
  assert.throws(() => loadPixit(join(dir, "bad.json")), (e: unknown) => e instanceof ConfigError && /is not JSON/.test(e.message));
});

test("keys come from hex, text or the environment, and an unset variable means no key", () => {
  const p = overlayPixit(PIXIT_DEFAULTS, { keys: { master: { hex: "01 02 03" }, reader: { textEnv: "OSGP_TEST_RK" }, provisioning: { hexEnv: "OSGP_TEST_PK_UNSET" } } });
  assert.deepEqual(keyFor(p, "master")?.reveal(), Uint8Array.of(1, 2, 3));
  process.env.OSGP_TEST_RK = "AB";
  assert.deepEqual(keyFor(p, "reader")?.reveal(), Uint8Array.of(0x41, 0x42));
  delete process.env.OSGP_TEST_RK;
  assert.equal(keyFor(p, "reader"), null);
  assert.equal(keyFor(p, "provisioning"), null);
  assert.equal(String(keyFor(p, "master")), "<redacted>");
});

test("items with a few allowed words refuse any other", () => {
  assert.equal(overlayPixit(PIXIT_DEFAULTS, { security: { suite: "aes128" } }).security.suite, "aes128");
  assert.throws(() => overlayPixit(PIXIT_DEFAULTS, { security: { suite: "aes256" } }), (e: unknown) => e instanceof ConfigError && /security\.suite must be one of rc4, aes128/.test(e.message));
  assert.throws(() => overlayPixit(PIXIT_DEFAULTS, { security: { bekVariant: "both" } }), (e: unknown) => e instanceof ConfigError && /security\.bekVariant/.test(e.message));
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../../harness/errors";
import {
  keyFor,
  loadPixit,
  overlayPixit,
  PIXIT_DEFAULTS,
  PIXIT_ITEMS,
  type Pixit,
} from "../../harness/conformance/pixit";
import type { SerialSettings } from "../../harness/transport/serial";

function leaves(o: unknown, prefix = ""): string[] {
  if (typeof o !== "object" || o === null || Array.isArray(o)) return [prefix];
  return Object.entries(o).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

function refusal(overlay: unknown): string {
  try {
    overlayPixit(PIXIT_DEFAULTS, overlay, "lab.json");
  } catch (e) {
    assert.ok(e instanceof ConfigError && e.code === "OSGP_ERR_PIXIT", String(e));
    return e.message;
  }
  assert.fail(`${JSON.stringify(overlay)} was accepted`);
}

test("every PIXIT item has a default, a description and its source, and every default an item", () => {
  assert.deepEqual(leaves(PIXIT_DEFAULTS).sort(), PIXIT_ITEMS.map((i) => i.path).sort());
  for (const i of PIXIT_ITEMS) {
    assert.ok(i.description.length > 0, `${i.path} has a description`);
    assert.match(i.source, /^[^[\]]+$/, `${i.path} names its source, without brackets`);
  }
});

test("the Pixit type keeps the shapes its consumers rely on", () => {
  // Compile-time checks: tsc fails on this file when the declaration loses one of these types.
  const serial: SerialSettings = PIXIT_DEFAULTS.serial;
  const suite: Pixit["security"]["suite"] = "aes128";
  // @ts-expect-error a word the item does not declare
  const wrong: Pixit["security"]["suite"] = "aes256";
  const baud: Pixit["session"]["negotiate"]["baudRate"] = null;
  assert.deepEqual([serial.dataBits, suite, wrong, baud], [8, "aes128", "aes256", null]);
});

test("a PIXIT file is laid over the defaults; items it does not name keep their default", () => {
  const p = overlayPixit(PIXIT_DEFAULTS, {
    link: { retries: 5 },
    session: { negotiate: { baudRate: null } },
    expect: { unknownTable: ["iar"] },
  });
  assert.equal(p.link.retries, 5);
  assert.equal(p.link.ackTimeoutMs, 2000);
  assert.equal(p.session.negotiate.baudRate, null);
  assert.equal(p.session.negotiate.packetSize, 64);
  assert.deepEqual(p.expect.unknownTable, ["iar"]);
  assert.deepEqual(PIXIT_DEFAULTS.expect.unknownTable, ["onp", "iar"], "the defaults are not changed");
});

test("wrong values are refused with the item's path", () => {
  assert.match(
    refusal({ link: { retries: "3" } }),
    /^OSGP_ERR_PIXIT: lab\.json: link\.retries must be a number, not "3"$/,
  );
  assert.match(refusal({ link: { retries: null } }), /link\.retries must be a number, not null/);
  assert.match(
    refusal({ session: { negotiate: { baudRate: "fast" } } }),
    /session\.negotiate\.baudRate must be a number or null/,
  );
  assert.match(refusal({ expect: { unknownTable: "onp" } }), /expect\.unknownTable must be a list of strings/);
  assert.match(refusal({ link: 3 }), /link must be an object of items \(identity, ackTimeoutMs, .*\), not a number/);
  assert.match(refusal([]), /the top level must be an object of PIXIT items, not a list/);
});

test("an unknown name is refused with the names nearest to it and what its group holds", () => {
  assert.equal(
    refusal({ link: { retry: 3 } }),
    'OSGP_ERR_PIXIT: lab.json: "link.retry" is no PIXIT item; did you mean link.retries? (link holds identity, ackTimeoutMs, interCharTimeoutMs, retries, deadAfterFailures, deadProbeIntervalSeconds; `osgp-conformance pixit --describe` lists every item)',
  );
  assert.match(
    refusal({ session: { retries: 3 } }),
    /"session\.retries" is no PIXIT item; did you mean link\.retries, mep\.retries or plc\.retries\?/,
  );
  assert.match(
    refusal({ sesion: {} }),
    /"sesion" is no PIXIT item; did you mean session\? \(the top level holds serial, link, session, sessionReuse, keys,/,
  );
  assert.match(
    refusal({ session: { wakeup: { Bytes: 1 } } }),
    /"session\.wakeup\.Bytes" is no PIXIT item; did you mean session\.wakeup\.byte\?/,
  );
  assert.match(refusal({ fuzz: { qqq: 1 } }), /"fuzz\.qqq" is no PIXIT item \(fuzz holds budgetSeconds,/);
  assert.match(refusal(JSON.parse('{"__proto__": {"retries": 1}}')), /"__proto__" is no PIXIT item/);
});

test("items with a few allowed words or numbers refuse any other", () => {
  assert.equal(overlayPixit(PIXIT_DEFAULTS, { security: { suite: "aes128" } }).security.suite, "aes128");
  assert.match(refusal({ security: { suite: "aes256" } }), /security\.suite must be one of rc4, aes128, not "aes256"/);
  assert.match(
    refusal({ security: { bekVariant: "both" } }),
    /security\.bekVariant must be one of split-halves, first-half-twice/,
  );
  assert.equal(overlayPixit(PIXIT_DEFAULTS, { serial: { dataBits: 7, stopBits: 2 } }).serial.dataBits, 7);
  assert.match(refusal({ serial: { dataBits: 9 } }), /serial\.dataBits must be one of 7, 8, not 9/);
  assert.match(refusal({ serial: { dataBits: "8" } }), /serial\.dataBits must be one of 7, 8, not "8"/);
});

test("a key is checked for its form and never quoted back, wherever it is misplaced", () => {
  const secret = "NOT-A-REAL-KEY-1234";
  for (const overlay of [
    { keys: { master: secret } },
    { keys: secret },
    { keys: { master: { hex: secret, text: secret } } },
  ]) {
    const message = refusal(overlay);
    assert.ok(!message.includes(secret), message);
  }
  assert.match(refusal({ keys: { master: "x" } }), /keys\.master must be null or one of \{"hex": \.\.\.\}/);
});

test("an editor's $schema reference is allowed at the top level only, and is not an item", () => {
  const p = overlayPixit(PIXIT_DEFAULTS, { $schema: "./pixit.schema.json", link: { retries: 1 } });
  assert.equal(p.link.retries, 1);
  assert.ok(!("$schema" in p));
  assert.match(refusal({ $schema: 1 }), /\$schema must be a string/);
  assert.match(refusal({ link: { $schema: "x" } }), /"link\.\$schema" is no PIXIT item/);
});

test("a missing or malformed file is an OSGP_ERR_PIXIT error naming the file", () => {
  const dir = mkdtempSync(join(tmpdir(), "pixit-"));
  assert.throws(
    () => loadPixit(join(dir, "none.json")),
    (e: unknown) => e instanceof ConfigError && /cannot read PIXIT file/.test(e.message),
  );
  writeFileSync(join(dir, "bad.json"), "{ not json");
  assert.throws(
    () => loadPixit(join(dir, "bad.json")),
    (e: unknown) => e instanceof ConfigError && /is not JSON/.test(e.message),
  );
  writeFileSync(join(dir, "typo.json"), '{"clock": {"tolerance": 5}}');
  assert.throws(
    () => loadPixit(join(dir, "typo.json")),
    (e: unknown) =>
      e instanceof ConfigError &&
      e.message.includes(
        `${join(dir, "typo.json")}: "clock.tolerance" is no PIXIT item; did you mean clock.toleranceSeconds?`,
      ),
  );
});

test("keys come from hex, text or the environment, and an unset variable means no key", () => {
  const p = overlayPixit(PIXIT_DEFAULTS, {
    keys: {
      master: { hex: "01 02 03" },
      reader: { textEnv: "OSGP_TEST_RK" },
      provisioning: { hexEnv: "OSGP_TEST_PK_UNSET" },
    },
  });
  assert.deepEqual(keyFor(p, "master")?.reveal(), Uint8Array.of(1, 2, 3));
  process.env.OSGP_TEST_RK = "AB";
  assert.deepEqual(keyFor(p, "reader")?.reveal(), Uint8Array.of(0x41, 0x42));
  delete process.env.OSGP_TEST_RK;
  assert.equal(keyFor(p, "reader"), null);
  assert.equal(keyFor(p, "provisioning"), null);
  assert.equal(String(keyFor(p, "master")), "<redacted>");
});

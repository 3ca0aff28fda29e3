import { test } from "node:test";
import assert from "node:assert/strict";
import { format, inspect } from "node:util";
import { Secret } from "../../harness/security/secret";

const TEXT = "s3cr3tPW";
const HEX = "73 33 63 72 33 74 50 57";

/** Every way the value could leak: as text, as ISO-8859-1 bytes in hex, as decimal bytes. */
function assertNoLeak(shown: string): void {
  assert.ok(!shown.includes(TEXT), shown);
  assert.ok(
    !shown
      .toLowerCase()
      .replace(/[^0-9a-f]/g, "")
      .includes(HEX.replace(/ /g, "")),
    shown,
  );
  assert.ok(!shown.includes("115, 51, 99"), shown);
  assert.ok(!shown.includes("115,51,99"), shown);
}

test("a Secret prints, stringifies and inspects as <redacted>", () => {
  const s = Secret.fromText(TEXT, "reader password");
  assert.equal(String(s), "<redacted>");
  assert.equal(`${s}`, "<redacted>");
  assert.equal(JSON.stringify(s), '"<redacted>"');
  assert.equal(JSON.stringify({ key: s }), '{"key":"<redacted>"}');
  assert.match(inspect(s), /<redacted>/);
  assert.match(inspect(s), /reader password/);
  for (const shown of [
    String(s),
    JSON.stringify({ s }),
    inspect(s),
    inspect({ nested: { s } }, { depth: 10 }),
    inspect(s, { showHidden: true }),
    format("%s %o %O %j", s, s, s, s),
  ]) {
    assertNoLeak(shown);
  }
});

test("reveal gives the bytes, as a copy; the constructor copies its input", () => {
  const input = Uint8Array.from(TEXT, (c) => c.charCodeAt(0));
  const s = new Secret(input, "k");
  input.fill(0);
  const revealed = s.reveal();
  assert.deepEqual(
    Array.from(revealed),
    Array.from(TEXT, (c) => c.charCodeAt(0)),
  );
  revealed.fill(0);
  assert.equal(s.reveal()[0], 0x73);
  assert.equal(s.length, 8);
});

test("fromHex, fromText and equals", () => {
  const a = Secret.fromHex(HEX, "a");
  const b = Secret.fromText(TEXT, "b");
  assert.ok(a.equals(b));
  assert.ok(!a.equals(Secret.fromText("s3cr3tPX", "c")));
  assert.ok(!a.equals(Secret.fromText("s3cr3tP", "d")));
  // Text keys travel as their ISO-8859-1 bytes.
  assert.deepEqual(Array.from(Secret.fromText("\u00e9", "e").reveal()), [0xe9]);
});

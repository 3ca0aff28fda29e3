import { test } from "node:test";
import assert from "node:assert/strict";
import { concatBytes } from "../../harness/bytes/byte-arrays";
import { parseHex } from "../../harness/bytes/parse-hex";
import { MASK, Redactor } from "../../harness/security/redactor";
import { Secret } from "../../harness/security/secret";

const hex2 = (b: number) => b.toString(16).padStart(2, "0");

/** A C12.18 security request frame carrying `padded` (20 bytes), with any CRC: the redactor does not read it. */
function securityFrame(padded: Uint8Array): Uint8Array {
  return concatBytes(parseHex("ee 00 00 00 00 15 51"), padded, parseHex("ab cd"));
}

test("the padded password inside a security frame is masked, every other byte shown", () => {
  const secret = Secret.fromText("secret12", "reader password");
  const padded = new Uint8Array(20);
  padded.set(secret.reveal());
  const redactor = new Redactor();
  redactor.add(secret, padded);
  const { hex, redacted } = redactor.hex(securityFrame(padded));
  assert.equal(redacted, true);
  assert.equal(
    hex,
    ["ee", "00", "00", "00", "00", "15", "51", ...new Array<string>(20).fill(MASK), "ab", "cd"].join(" "),
  );
  assert.equal(MASK, "**");
});

test("the raw form is masked wherever it appears, also outside a frame", () => {
  const secret = Secret.fromText("secret12", "k");
  const redactor = new Redactor();
  redactor.add(secret);
  const bytes = concatBytes(parseHex("01"), secret.reveal(), parseHex("02"), secret.reveal());
  const { hex } = redactor.hex(bytes);
  assert.equal(hex, ["01", ...new Array<string>(8).fill(MASK), "02", ...new Array<string>(8).fill(MASK)].join(" "));
});

test("a short raw secret is not matched alone, but its padded wire form is", () => {
  const secret = Secret.fromHex("00 01", "short");
  const padded = new Uint8Array(20);
  padded.set(secret.reveal());
  const redactor = new Redactor();
  redactor.add(secret, padded);
  const plain = parseHex("30 00 01 00 01");
  assert.deepEqual(redactor.hex(plain), { hex: "30 00 01 00 01", redacted: false });
  const { hex } = redactor.hex(securityFrame(padded));
  assert.equal(hex.split(" ").filter((h) => h === MASK).length, 20);
});

test("bytes without a secret pass unchanged; alsoHide is only asked when something was hidden", () => {
  const redactor = new Redactor();
  redactor.add(Secret.fromText("secret12", "k"));
  let asked = false;
  const bytes = parseHex("ee 00 20 00 00 05 61 00 40 02 06 24 e2");
  const out = redactor.hex(bytes, () => {
    asked = true;
  });
  assert.deepEqual(out, { hex: Array.from(bytes, hex2).join(" "), redacted: false });
  assert.equal(asked, false);
  const hidden = redactor.secretPositions(concatBytes(parseHex("00"), Secret.fromText("secret12", "k").reveal()));
  assert.deepEqual(hidden, [false, ...new Array<boolean>(8).fill(true)]);
});

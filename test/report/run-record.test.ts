import { test } from "node:test";
import assert from "node:assert/strict";
import { redactedPixit } from "../../harness/report/run-record";
import { Redactor } from "../../harness/security/redactor";
import { Secret } from "../../harness/security/secret";

function redactorOf(...keys: string[]): Redactor {
  const r = new Redactor();
  for (const k of keys) r.add(Secret.fromText(k, "key"));
  return r;
}

test("every keys.* value is <redacted>; an environment variable keeps its name", () => {
  const pixit = {
    keys: {
      master: { hex: "00112233445566778899" },
      reader: { text: "READER-1" },
      omak: { hexEnv: "METER_OMAK" },
      mepBasic: null,
    },
    link: { retries: 3 },
  };
  assert.deepEqual(redactedPixit(JSON.stringify(pixit), new Redactor()), {
    keys: {
      master: { hex: "<redacted>" },
      reader: { text: "<redacted>" },
      omak: { hexEnv: "METER_OMAK" },
      mepBasic: null,
    },
    link: { retries: 3 },
  });
});

test("a keys entry of an unknown shape is redacted whole, and a key quoted in another item is masked there", () => {
  const pixit = {
    keys: { master: "SECRET-KEY-TEXT", reader: { hex: "0011", note: "x" } },
    session: { logon: { user: "SECRET-KEY-TEXT" } },
    plc: { gateway: { port: 4242 } },
  };
  const out = redactedPixit(JSON.stringify(pixit), redactorOf("SECRET-KEY-TEXT", "4242")) as Record<string, unknown>;
  assert.deepEqual(out.keys, { master: "<redacted>", reader: { hex: "<redacted>", note: "<redacted>" } });
  assert.deepEqual(out.session, { logon: { user: "**" } });
  assert.deepEqual(out.plc, { gateway: { port: "<redacted>" } }, "a number that is a key's digits is a key too");
});

test("a PIXIT that is no longer JSON is not quoted at all", () => {
  assert.equal(redactedPixit('{"keys": {"master": {"text": "SECRET"', new Redactor()), "<redacted>");
});

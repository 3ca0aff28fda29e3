import { test } from "node:test";
import assert from "node:assert/strict";
import { toHex } from "../../harness/bytes/hex";
import { parseHex } from "../../harness/bytes/parse-hex";
import { MAX_PAYLOAD } from "../../harness/link/mep/mep-frame";
import { mepKeys } from "../../harness/security/rc4-psk";
import { Redactor } from "../../harness/security/redactor";
import { rc4PskSuite } from "../../harness/security/security-suite";
import { MepProbe } from "../../harness/session/mep-probe";
import { createInProcessPair } from "../../harness/transport/in-process";

/** The probe against a hand-driven device end: what it records and how the judges get it. */
const KEY = parseHex("01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01");
const suite = rc4PskSuite(mepKeys(KEY), { responseKeystream: "continue", emptyInput: "one-zero-block" });
const settings = { maxPayload: MAX_PAYLOAD, minRequestIntervalMs: 0, firstByteWithinMs: 200, quietMs: 60 };
// The MEP guide's worked example: the partial read of BT23 with the default MAK, and its digest D2 (unencrypted).
const READ_BT23 = parseHex("3f 00 17 00 00 00 00 2c");

test("the probe writes the frame the suite protects and keeps each chunk after it, with its time; earlier bytes belong to no exchange", async () => {
  const [client, device] = createInProcessPair();
  const written: Uint8Array[] = [];
  device.setListener({
    data: (b) => {
      written.push(b);
      void device.write(parseHex("00 00"));
      setTimeout(() => void device.write(parseHex("00 09 00 11")), 5);
      setTimeout(() => void device.write(parseHex("22 33 44 55 66 77 88")), 30);
    },
    closed: () => undefined,
  });
  const probe = new MepProbe(client, suite, settings, new Redactor());
  await device.write(parseHex("00 00"));
  await probe.settle(20);
  const request = probe.protect(READ_BT23, 0x77635b91, false);
  assert.equal(toHex(request.bytes), "00 14 3f 00 17 00 00 00 00 2c 77 63 5b 91 13 db 85 a1 35 a0 57 5e");
  const x = await probe.exchange(request);
  assert.equal(toHex(written[0] as Uint8Array), toHex(request.bytes));
  assert.equal(toHex(x.response as Uint8Array), "00 11 22 33 44 55 66 77 88");
  assert.equal(x.outcome?.kind, "unverified", "a made-up digest does not verify");
  await probe.listen(30, "a quiet moment");
  const exchanges = probe.exchanges();
  assert.deepEqual(
    exchanges.map((e) => [e.request === null ? null : toHex(e.request), e.label, e.rx.map((c) => toHex(c.bytes))]),
    [
      [toHex(request.bytes), request.label, ["00 00", "00 09 00 11", "22 33 44 55 66 77 88"]],
      [null, "a quiet moment", []],
    ],
  );
  const rx = exchanges[0]?.rx ?? [];
  assert.ok((rx[2]?.at ?? 0) - (rx[1]?.at ?? 0) >= 20, "each chunk keeps its own arrival time");
  assert.ok((exchanges[0]?.sentAt ?? Infinity) <= (rx[0]?.at ?? 0));
  assert.equal(exchanges[0]?.verifies?.(x.response as Uint8Array), false);
  await probe.close();
});

test("the probe gives up a response after firstByteWithinMs when nothing but alerts comes", async () => {
  const [client, device] = createInProcessPair();
  device.setListener({ data: () => void device.write(parseHex("00 00")), closed: () => undefined });
  const probe = new MepProbe(client, suite, settings, new Redactor());
  const t0 = performance.now();
  const x = await probe.exchange(probe.protect(READ_BT23, 1, true));
  assert.ok(performance.now() - t0 >= 200);
  assert.equal(x.response, null);
  assert.equal(x.outcome, null);
  await probe.close();
});

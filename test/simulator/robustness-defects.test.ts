import { test } from "node:test";
import assert from "node:assert/strict";
import { OsgpError } from "../../harness/errors";
import { encodePacket } from "../../harness/link/c1218/packet";
import { RESPONSE_CODE } from "../../harness/protocol/response-codes";
import { encodeTableRequest } from "../../harness/protocol/table-requests";
import { BT01 } from "../../harness/protocol/tables/bt01-manufacturer-identification";
import { BT07, encodeProcedureInitiate } from "../../harness/protocol/tables/bt07-procedure-initiate";
import { BT08 } from "../../harness/protocol/tables/bt08-procedure-response";
import { ET03 } from "../../harness/protocol/tables/et03-utility-information";
import { encodeTransaction, ET52 } from "../../harness/protocol/transactions";
import { simDevice } from "../fuzz/fuzz-test-targets";

/**
 * Each robustness defect changes what the meter does with one kind of malformed input, and nothing
 * else: with the defect the port dies, hangs or corrupts its state; without it the meter answers
 * as before. (The campaigns that find them are in test/fuzz/robustness-defects-found.test.ts.)
 */
async function with_<T>(target: string, work: (d: ReturnType<typeof simDevice>) => Promise<T>): Promise<T> {
  const d = simDevice(target);
  try {
    return await work(d);
  } finally {
    await d.close();
  }
}

const settle = () => new Promise((r) => setTimeout(r, 120));

async function stillAnswers(
  target: string,
  attack: (d: ReturnType<typeof simDevice>) => Promise<void>,
): Promise<boolean> {
  return with_(target, async (d) => {
    await d.session("master");
    await attack(d);
    await settle();
    try {
      const r = await (await d.session("master")).client.readFull(BT01);
      return r.code === RESPONSE_CODE.ok;
    } catch (e) {
      // A lost port or a time-out is the meter dying; anything else is this test's own bug.
      if (!(e instanceof OsgpError)) throw e;
      return false;
    }
  });
}

test("oversize-packet-crash: a packet longer than negotiated kills the optical port", async () => {
  const oversize = (d: ReturnType<typeof simDevice>) =>
    d.inject(
      encodePacket({
        identity: 0,
        multiPacket: false,
        firstPacket: false,
        toggle: false,
        dataFormat: 0,
        reservedBits: 0,
        sequence: 0,
        data: new Uint8Array(80).fill(0x30),
      }),
    );
  assert.equal(await stillAnswers("sim+oversize-packet-crash", oversize), false);
  assert.equal(await stillAnswers("sim", oversize), true);
});

test("truncated-frame-hang: a MEP frame cut short leaves the port silent for good", async () => {
  const cut = (d: ReturnType<typeof simDevice>) => d.inject(Uint8Array.of(0x00, 0x20, 0x01, 0x02));
  assert.equal(await stillAnswers("sim-mep+truncated-frame-hang", cut), false);
  assert.equal(await stillAnswers("sim-mep", cut), true);
});

test("short-envelope-crash: a secured frame shorter than 13 bytes kills the MEP port", async () => {
  const short = (d: ReturnType<typeof simDevice>) => d.inject(Uint8Array.of(0x00, 0x05, 0x30, 0x00, 0x01, 0x00, 0x00));
  assert.equal(await stillAnswers("sim-mep+short-envelope-crash", short), false);
  assert.equal(await stillAnswers("sim-mep", short), true);
});

test("partial-write-offset-16-bit: a write at offset 65535 lands at the start of the table", async () => {
  const first = (target: string) =>
    with_(target, async (d) => {
      const c = (await d.session("master")).client;
      assert.equal((await c.writePartial(ET03, 0xffff, Uint8Array.of(0x21))).code, RESPONSE_CODE.ok);
      const r = await c.readPartial(ET03, 0, 1);
      return "data" in r ? r.data[0] : -1;
    });
  assert.equal(await first("sim+partial-write-offset-16-bit"), 0x21);
  assert.notEqual(await first("sim"), 0x21);
});

test("procedure-parameter-overflow: parameters past 8 bytes overwrite BT08's procedure field", async () => {
  const bt08 = (target: string) =>
    with_(target, async (d) => {
      const c = (await d.session("master")).client;
      const params = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 0xab, 0xcd);
      assert.equal(
        (
          await c.writeFull(
            BT07,
            encodeProcedureInitiate({ procedureId: 2048 + 400, selector: 0, sequence: 9, parameters: params }, "le"),
          )
        ).code,
        RESPONSE_CODE.ok,
      );
      const r = await c.readFull(BT08);
      return "data" in r ? Array.from(r.data.subarray(0, 2)) : [];
    });
  assert.deepEqual(await bt08("sim+procedure-parameter-overflow"), [0xab, 0xcd]);
  // Without the defect, BT08 names EP400 with selector 0: 2048 + 400 = 0x0990, LSB first.
  assert.deepEqual(await bt08("sim"), [0x90, 0x09]);
});

test("transaction-overlong-entry-wedges: after an entry longer than its image, ET52 is refused for good", async () => {
  const afterwards = (target: string) =>
    with_(target, async (d) => {
      const s = (await d.session("master")).secured;
      assert.ok(s !== null);
      const image = encodeTransaction(
        {
          type: 0,
          number: 7,
          entries: [encodeTableRequest({ service: "partial-read", tableId: BT01, offset: 0, count: 2 }, s.codec)],
        },
        "le",
      );
      image[5] = 0x40; // the entry's length (LSB) now runs past the image
      await s.writePartial(ET52, 0, image);
      return (
        await s.transaction(
          8,
          [encodeTableRequest({ service: "partial-read", tableId: BT01, offset: 0, count: 2 }, s.codec)],
          "le",
        )
      ).written.code;
    });
  assert.equal(await afterwards("sim-mep+transaction-overlong-entry-wedges"), RESPONSE_CODE.iar);
  assert.equal(await afterwards("sim-mep"), RESPONSE_CODE.ok);
});

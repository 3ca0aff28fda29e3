import { test } from "node:test";
import assert from "node:assert/strict";
import { expectAcceptedAtOnce, postWatched, type WatchedCall } from "../../harness/conformance/mbus-procedures";
import { PIXIT_DEFAULTS } from "../../harness/conformance/pixit";
import { ConformanceAssertionError, Inconclusive } from "../../harness/conformance/verdicts";
import { toHex } from "../../harness/bytes/hex";
import { parseHex } from "../../harness/bytes/parse-hex";
import { ProcedureSequence } from "../../harness/session/procedure-runner";
import type { TableClient } from "../../harness/session/table-client";
import type { ReadResponse } from "../../harness/protocol/table-responses";

/**
 * 8.18.1.1's first BT08 read after the EP19 write. BT08 bytes by hand, LSB first: procedure field
 * 0x0813 (EP19: number 19, manufacturer flag 0x0800, selector 0), sequence number, result code.
 */
const EP19_ID = 2048 + 19;
const evidence = (label: string, bytes: Uint8Array) => ({ label, hex: toHex(bytes) });

function watched(first: WatchedCall["first"]): WatchedCall {
  return { call: { procedureId: EP19_ID, sequence: 5 }, first };
}

function thisCall(resultCode: number): WatchedCall {
  const bt08 = Uint8Array.of(0x13, 0x08, 5, resultCode);
  return watched({
    read: "this call",
    bt08,
    result: { procedureId: EP19_ID, selector: 0, sequence: 5, resultCode, responseData: new Uint8Array(0) },
  });
}

test("a call accepted, or already completed, on the first BT08 read passes", () => {
  assert.doesNotThrow(() => expectAcceptedAtOnce(thisCall(1), [], evidence));
  assert.doesNotThrow(() => expectAcceptedAtOnce(thisCall(0), [], evidence));
});

test("a refusal the PIXIT allows is left to the final result; any other result for this call fails", () => {
  assert.doesNotThrow(() => expectAcceptedAtOnce(thisCall(2), [2, 3], evidence));
  assert.throws(() => expectAcceptedAtOnce(thisCall(2), [3], evidence), ConformanceAssertionError);
  assert.throws(
    () => expectAcceptedAtOnce(thisCall(0x80), [2, 3], evidence),
    (e: unknown) =>
      e instanceof ConformanceAssertionError &&
      /manufacturer-defined result 128/.test(e.message) &&
      e.message.includes(toHex(Uint8Array.of(0x13, 0x08, 5, 0x80))),
  );
});

test("a refused BT08 read, or one naming another call, is inconclusive", () => {
  assert.throws(
    () => expectAcceptedAtOnce(watched({ read: "refused", code: 0x06 }), [], evidence),
    (e: unknown) => e instanceof Inconclusive && /bsy/.test(e.message),
  );
  assert.throws(
    () => expectAcceptedAtOnce(watched({ read: "other", bt08: parseHex("13 08 04 00") }), [], evidence),
    Inconclusive,
  );
});

/** A client whose BT08 answers are given in turn; BT07 writes are taken. */
function clientAnswering(bt08: ReadResponse[]): TableClient {
  const reads = [...bt08];
  const next = async (): Promise<ReadResponse> => reads.shift() ?? { code: 0, data: parseHex("00 00 00 00") };
  return {
    codec: { checksum: false },
    maxReadChunk: 64,
    lastResponse: null,
    requestRaw: () => Promise.reject(new Error("not used")),
    readFull: next,
    readPartial: next,
    writeFull: async () => ({ code: 0 }),
    writePartial: async () => ({ code: 0 }),
  };
}

test("postWatched tells a refused first read, another call and this call apart", async () => {
  const ctx = { pixit: PIXIT_DEFAULTS, order: "le" as const, link: "mep" as const };
  const last = { code: 0 as const, data: parseHex("04") };
  const post = (first: ReadResponse) =>
    postWatched(
      clientAnswering([last, first]),
      { ...ctx, sequences: new ProcedureSequence() },
      EP19_ID,
      Uint8Array.of(1),
    );
  assert.deepEqual((await post({ code: 0x06 })).first, { read: "refused", code: 0x06 });
  assert.equal((await post({ code: 0, data: parseHex("13 08 04 00") })).first.read, "other");
  const mine = (await post({ code: 0, data: parseHex("13 08 05 01") })).first;
  assert.equal(mine.read, "this call");
  assert.equal(mine.read === "this call" ? mine.result.resultCode : -1, 1);
});

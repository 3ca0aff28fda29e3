import { test } from "node:test";
import assert from "node:assert/strict";
import { concatBytes } from "../../harness/bytes/byte-arrays";
import { readRequests } from "../../harness/conformance/mbus-device-tables";
import { ConformanceAssertionError, Inconclusive } from "../../harness/conformance/verdicts";
import type { MfgDimension } from "../../harness/protocol/tables/et11-mfg-dimension";
import {
  encodeOnDemandRequests,
  EMPTY_REQUEST,
  REQUEST_STATE,
  type OnDemandRequest,
} from "../../harness/protocol/tables/et15-on-demand-requests";
import type { ReadResponse } from "../../harness/protocol/table-responses";
import type { TableClient } from "../../harness/session/table-client";

/** ET15 of two 16-byte entries: 32 bytes, read in parts of 12 by the client below. */
const DIMS = { et15Entries: 2, et15EntrySize: 16 } as MfgDimension;
const CHUNK = 12;

const posted: OnDemandRequest = {
  requestId: 0x23,
  type: 1,
  state: REQUEST_STATE.pending,
  count: 1,
  postedAt: { year: 2024, month: 1, day: 1, hour: 0, minute: 0, second: 0 },
  finishedAt: null,
};
const done: OnDemandRequest = {
  ...posted,
  state: REQUEST_STATE.done,
  finishedAt: { year: 2024, month: 1, day: 1, hour: 0, minute: 0, second: 7 },
};
const before = encodeOnDemandRequests([EMPTY_REQUEST, posted], 16);
const after = encodeOnDemandRequests([EMPTY_REQUEST, done], 16);
/** The device finished the request between the second part (bytes 12..23) and the third (24..31). */
const torn = concatBytes(before.subarray(0, 28), after.subarray(28));

/** A device whose table reads, part by part, come from the images given, one image per whole read. */
function client(images: Uint8Array[], chunk = CHUNK): TableClient & { reads: number } {
  let whole = 0;
  const c = {
    codec: { checksum: false },
    maxReadChunk: chunk,
    lastResponse: null,
    reads: 0,
    requestRaw: () => Promise.reject(new Error("not used")),
    readFull: () => Promise.reject(new Error("not used")),
    writeFull: () => Promise.reject(new Error("not used")),
    writePartial: () => Promise.reject(new Error("not used")),
    async readPartial(_table: number, offset: number, count: number): Promise<ReadResponse> {
      const image = images[Math.min(whole++, images.length - 1)]!;
      c.reads++;
      return { code: 0, data: image.slice(offset, offset + count) };
    },
  };
  return c;
}

test("ET15 read in parts while a request finishes is read again, and the consistent read decides", async () => {
  const c = client([torn, after]);
  const r = await readRequests(c, DIMS);
  assert.equal(c.reads, 2);
  assert.deepEqual(r.bytes, after);
  assert.equal(r.requests[1]?.state, REQUEST_STATE.done);
});

test("the same undecodable bytes twice are a FAIL with those bytes", async () => {
  const c = client([torn, torn]);
  await assert.rejects(
    readRequests(c, DIMS),
    (e: unknown) => e instanceof ConformanceAssertionError && /ET15 does not decode: .*finishedAt/.test(e.message),
  );
  assert.equal(c.reads, 2);
});

test("a table that changes at every read and never decodes is inconclusive, after three reads", async () => {
  const other = concatBytes(before.subarray(0, 28), Uint8Array.of(0, 9, 0, 0));
  const third = concatBytes(before.subarray(0, 28), Uint8Array.of(0, 8, 0, 0));
  const c = client([torn, other, third]);
  await assert.rejects(readRequests(c, DIMS), Inconclusive);
  assert.equal(c.reads, 3);
});

test("a table one response carries is not read again: its bytes are one state of the table", async () => {
  const c = client([torn, after], 64);
  await assert.rejects(readRequests(c, DIMS), ConformanceAssertionError);
  assert.equal(c.reads, 1);
});

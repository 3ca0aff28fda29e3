import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { readInChunks, writeInChunks } from "../../harness/session/chunked-table-access";

/** Chunking against a table in memory: the joined result is the same as one big read or write. */
test("a read of any size is split into chunks of at most maxChunk, in order, and joined", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.uint8Array({ maxLength: 300 }),
      fc.nat(50),
      fc.nat(300),
      fc.integer({ min: 1, max: 64 }),
      async (table, offset, count, max) => {
        const calls: [number, number][] = [];
        const r = await readInChunks(
          async (at, n) => (
            calls.push([at, n]),
            { code: 0, data: Uint8Array.from({ length: n }, (_, i) => table[at + i] ?? 0) }
          ),
          offset,
          count,
          max,
        );
        assert.ok("data" in r);
        assert.deepEqual(
          Array.from(r.data),
          Array.from({ length: count }, (_, i) => table[offset + i] ?? 0),
        );
        assert.ok(calls.every(([, n]) => n <= max));
        assert.equal(calls.length, Math.max(1, Math.ceil(count / max)));
      },
    ),
    { numRuns: 300 },
  );
});

test("the first refused chunk ends the read or the write, and its answer is returned", async () => {
  let reads = 0;
  const r = await readInChunks(
    async () => (++reads === 2 ? { code: 0x03 } : { code: 0, data: new Uint8Array(10) }),
    0,
    50,
    10,
  );
  assert.deepEqual([r.code, reads], [0x03, 2]);
  let writes = 0;
  const w = await writeInChunks(async () => (++writes === 3 ? { code: 0x05 } : { code: 0 }), 0, new Uint8Array(50), 10);
  assert.deepEqual([w.code, writes], [0x05, 3]);
});

test("a write is split into chunks that land at the right offsets; an empty write is still sent once", async () => {
  const table = new Uint8Array(100);
  const data = Uint8Array.from({ length: 37 }, (_, i) => i + 1);
  await writeInChunks(async (at, chunk) => (table.set(chunk, at), { code: 0 }), 20, data, 8);
  assert.deepEqual(Array.from(table.subarray(20, 57)), Array.from(data));
  let sent = 0;
  await writeInChunks(async () => (sent++, { code: 0 }), 0, new Uint8Array(0), 8);
  assert.equal(sent, 1);
});

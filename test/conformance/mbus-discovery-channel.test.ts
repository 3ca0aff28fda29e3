import { test } from "node:test";
import assert from "node:assert/strict";
import { expectFoundOnFreeChannel } from "../../harness/conformance/mbus-checks";
import { ConformanceAssertionError } from "../../harness/conformance/verdicts";

/** 8.18.2: channels 2 and 4 were free, the device at address 17 was removed from channel 3. */
const FREE = [2, 4, 3];

test("under the default PIXIT a scan may choose any free channel, not only the lowest", () => {
  for (const channel of [2, 3, 4]) assert.doesNotThrow(() => expectFoundOnFreeChannel(FREE, channel, "any-free", 17));
});

test("a channel that was not free fails whatever the PIXIT says", () => {
  for (const choice of ["any-free", "lowest-free"] as const)
    assert.throws(
      () => expectFoundOnFreeChannel(FREE, 1, choice, 17),
      (e: unknown) =>
        e instanceof ConformanceAssertionError && /channel 1, which was not free \(free: 2, 4, 3\)/.test(e.message),
    );
});

test("where the PIXIT says lowest-free, only the lowest free channel passes", () => {
  assert.doesNotThrow(() => expectFoundOnFreeChannel(FREE, 2, "lowest-free", 17));
  assert.throws(
    () => expectFoundOnFreeChannel(FREE, 4, "lowest-free", 17),
    (e: unknown) => e instanceof ConformanceAssertionError && /the lowest free channel was 2/.test(e.message),
  );
});

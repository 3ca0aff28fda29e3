import { test } from "node:test";
import assert from "node:assert/strict";
import { expectResultWithin } from "../../harness/conformance/procedure-calls";
import { ConformanceAssertionError, Inconclusive } from "../../harness/conformance/verdicts";
import { toHex } from "../../harness/bytes/hex";
import type { ProcedureTiming } from "../../harness/session/procedure-runner";

/**
 * 9.13.1's 1000 ms, judged on send and receive instants (ms on the harness's clock). The BT07
 * write is sent at 0; `rtt` is the link's round trip, so it is answered at `rtt`. A read is
 * [sent at, final?]; it is answered a round trip after it is sent.
 */
const evidence = (label: string, bytes: Uint8Array) => ({ label, hex: toHex(bytes) });
const INCOMPLETE = Uint8Array.of(10, 0, 5, 1);
const COMPLETED = Uint8Array.of(10, 0, 5, 0);

function timing(rtt: number, reads: readonly (readonly [number, boolean])[]): ProcedureTiming {
  return {
    writeSentAt: 0,
    writeAnsweredAt: rtt,
    reads: reads.map(([sentAt, final]) => ({
      sentAt,
      answeredAt: sentAt + rtt,
      bt08: final ? COMPLETED : INCOMPLETE,
      final,
    })),
  };
}

const judge = (t: ProcedureTiming) => () => expectResultWithin(t, 1000, evidence);

test("a result posted at once passes however slow the link: the first read is sent at once, and answered 1.5 s later", () => {
  assert.doesNotThrow(judge(timing(1500, [[1500, true]])));
});

test("on a fast link, a result shown by a read sent within the limit passes", () => {
  assert.doesNotThrow(
    judge(
      timing(20, [
        [20, false],
        [240, false],
        [900, true],
      ]),
    ),
  );
  assert.doesNotThrow(
    judge(
      timing(20, [
        [20, false],
        [1020, true],
      ]),
    ),
  );
});

test("a read sent past the limit that still says incomplete fails, with that read's BT08", () => {
  assert.throws(
    judge(
      timing(20, [
        [20, false],
        [1021, false],
        [1300, true],
      ]),
    ),
    (e: unknown) =>
      e instanceof ConformanceAssertionError &&
      /sent 1001 ms after the BT07 write was answered/.test(e.message) &&
      e.evidence.some((x) => x.hex === toHex(INCOMPLETE)),
  );
});

test("on a slow link a read sent past the limit that still says incomplete fails all the same", () => {
  assert.throws(
    judge(
      timing(1500, [
        [1500, false],
        [3100, false],
        [4700, true],
      ]),
    ),
    ConformanceAssertionError,
  );
});

test("a result first shown by a read sent past the limit, after an earlier one said incomplete, is inconclusive", () => {
  // The device may have posted it at +600 ms, within the limit: the round trip left no read to see it.
  assert.throws(
    judge(
      timing(1500, [
        [1500, false],
        [3100, true],
      ]),
    ),
    (e: unknown) => e instanceof Inconclusive && /round trip \(1500 ms/.test(e.message),
  );
});

test("when the first read itself could only be sent past the limit, it is inconclusive", () => {
  assert.throws(
    judge(timing(1200, [[2300, true]])),
    (e: unknown) => e instanceof Inconclusive && /first read of BT08/.test(e.message),
  );
});

test("a refused read past the limit proves nothing; an untimed call is inconclusive", () => {
  const t = timing(20, [
    [20, false],
    [1300, true],
  ]);
  const refused = { sentAt: 1021, answeredAt: 1041, bt08: null, final: false };
  assert.throws(judge({ ...t, reads: [t.reads[0]!, refused, t.reads[1]!] }), Inconclusive);
  assert.throws(() => expectResultWithin(undefined, 1000, evidence), Inconclusive);
});

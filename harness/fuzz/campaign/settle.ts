import type { Trace } from "../../session/trace";
import { now, sleep } from "../../transport/timers";

/**
 * After bytes written outside the protocol, the device may answer them (a NAK, a response to a
 * message it accepted, a 0x0B): the next request must not be sent into that answer, or its answer
 * would be taken for the request's. So the campaign waits until the line has been quiet (nothing
 * new in the session's trace) for `quietMs`, and at most `maxMs`.
 */
export async function waitQuiet(trace: Trace, quietMs: number, maxMs = 10_000): Promise<void> {
  const started = now();
  const step = Math.max(2, Math.min(25, quietMs / 4));
  let seen = trace.length;
  let quietSince = now();
  while (now() - started < maxMs) {
    await sleep(step);
    if (trace.length !== seen) {
      seen = trace.length;
      quietSince = now();
    } else if (now() - quietSince >= quietMs) {
      return;
    }
  }
}

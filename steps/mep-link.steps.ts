import { Given, Then, When } from "@cucumber/cucumber";
import type { ByteOrder } from "../harness/bytes/cursor";
import { benchLine } from "../harness/conformance/bench-line";
import {
  alertInsideViolations,
  alertsSeen,
  consistentBreach,
  framingViolations,
  longestResponse,
  responseTimeViolations,
  retransmissionAnswers,
  retransmissionViolations,
  segmentViolations,
  serialByteTimeMs,
  type LineTiming,
  type MepLinkViolation,
} from "../harness/conformance/mep-link-checks";
import { keyFor, type Pixit } from "../harness/conformance/pixit";
import { suiteFor } from "../harness/links/mep/mep-settings";
import { readRestore } from "../harness/conformance/bench-restore";
import { ConformanceAssertionError, Inconclusive, NOT_APPLICABLE } from "../harness/conformance/verdicts";
import { MAX_PAYLOAD } from "../harness/link/mep/mep-frame";
import type { WireExchange } from "../harness/link/mep/mep-wire";
import { BP10, BP10_PARAMETER_SIZE } from "../harness/protocol/procedures/bp10-set-date-time";
import { describeResponseCode, RESPONSE_CODE } from "../harness/protocol/response-codes";
import { parseTableName, tableName } from "../harness/protocol/table-id";
import { encodeTableRequest } from "../harness/protocol/table-requests";
import { BT01 } from "../harness/protocol/tables/bt01-manufacturer-identification";
import { BT07, encodeProcedureInitiate, RESPONSE_SELECTOR } from "../harness/protocol/tables/bt07-procedure-initiate";
import { ET04 } from "../harness/protocol/tables/et04-system-information";
import {
  describeProbeOutcome,
  MepProbe,
  type MepProbeSettings,
  type ProbeExchange,
  type ProbeRequest,
} from "../harness/session/mep-probe";
import { deviceSequenceIn, SECURED_TABLE_CODEC } from "../harness/session/secured-session";
import type { LinkObservation, ObservedLink } from "./support/scenario-state";
import { benchOf } from "./support/cleanups";
import type { OsgpWorld } from "./world";

/**
 * The MEP link-layer scenarios (9.1, 9.2, 9.7; tag @link): a MepProbe owns the port for one
 * observation, every chunk it receives is kept with its time, and the judges of
 * conformance/mep-link-checks.ts decide from that record. A breach is observed a second time
 * before it FAILs. Timing is only judged over a serial line or a pty: in process there is no line.
 */
const READ_BT01 = encodeTableRequest({ service: "full-read", tableId: BT01 }, SECURED_TABLE_CODEC);

When(
  "the harness reads BT01 and the PIXIT's long read over the MEP link, recording every byte",
  async function (this: OsgpWorld) {
    await startObserving(this, () => observeReads(this, false));
  },
);

When(
  "the harness reads BT01 and the PIXIT's long read over the MEP link, then listens for two alert intervals",
  async function (this: OsgpWorld) {
    await startObserving(this, () => observeReads(this, true));
  },
);

When(
  "the harness writes BT07 starting BP10 with a mask that sets nothing, then sends the very same bytes again",
  async function (this: OsgpWorld) {
    const { order } = (await this.description()).format;
    await startObserving(this, () => observeRetransmission(this, order));
  },
);

Given("the MEP link's timing can be judged on this bench", async function (this: OsgpWorld) {
  if (lineTiming(this) !== null) return undefined;
  await this.attach(
    `not applicable: ${this.config.targetText} is not a serial line or pty (nor the replay of a recording made on one), so arrival times say nothing about the device's timing (run against mep:TTY)`,
  );
  return NOT_APPLICABLE;
});

Given("the pending alert will be cleared after the scenario by a read of ET04", function (this: OsgpWorld) {
  // Reading ET04 is the client's cue that it has seen the interface
  // change (6.8); a short read keeps the answer to one segment.
  this.cleanups.push({
    what: "read ET04 (alerts stop pending)",
    run: async (c) => void (await c.readPartial(ET04, 0, 1)),
    restore: readRestore(benchOf(this), ET04, 0, 1),
  });
});

Then(
  "every response's length field counts exactly the bytes that follow it, and nothing but the alert arrives outside a frame",
  async function (this: OsgpWorld) {
    await judge(this, (o) => framingViolations(o.exchanges));
  },
);

Then("the device sent the alert 00 00 while alerts pend", function (this: OsgpWorld) {
  const o = observed(this).first;
  if (alertsSeen(o.exchanges) > 0) return;
  throw new Inconclusive(
    `no alert (00 00) came in the observation although an interface change should leave one pending, so where the device puts alerts cannot be judged${problemsOf(o)}`,
  );
});

Then("every alert came between frames, never inside a response", async function (this: OsgpWorld) {
  await judge(this, (o) => alertInsideViolations(o.exchanges));
});

Then(
  "each response began within the PIXIT's response time of the request's last byte",
  async function (this: OsgpWorld) {
    const timing = requireTiming(this);
    await judge(this, (o) => responseTimeViolations(o.exchanges, this.pixit.mep.responseTimeoutMs, timing));
  },
);

Then(
  "every response longer than the PIXIT's segment size came in segments of at most that size, with gaps between them",
  async function (this: OsgpWorld) {
    const timing = requireTiming(this);
    const m = this.pixit.mep;
    const longest = longestResponse(observed(this).first.exchanges);
    if (longest <= m.segmentSize)
      throw new Inconclusive(
        `the longest response was ${longest} bytes, not over the segment size ${m.segmentSize}: raise mep.longReadCount or name a longer table in mep.longReadTable`,
      );
    await judge(this, (o) =>
      segmentViolations(o.exchanges, segmentRules(this), timing).filter((v) => v.rule === "segments"),
    );
  },
);

Then("inside every response no silence exceeded the PIXIT's inter-byte time", async function (this: OsgpWorld) {
  const timing = requireTiming(this);
  await judge(this, (o) =>
    segmentViolations(o.exchanges, segmentRules(this), timing).filter((v) => v.rule === "inter-byte"),
  );
});

Then(
  "the retransmission was answered as the PIXIT's mep.retransmissionAnswers allow",
  async function (this: OsgpWorld) {
    const allowed = retransmissionAnswers(this.pixit.mep.retransmissionAnswers);
    await judge(this, (o) => {
      const r = o.retransmission;
      if (r === undefined) return [];
      const [first, again] = [o.exchanges[r.first] as WireExchange, o.exchanges[r.again] as WireExchange];
      return retransmissionViolations(first, again, {
        allowed,
        isSequenceError: (p) => r.check(p).sequenceError,
        describe: (p) => r.check(p).said,
      });
    });
  },
);

async function startObserving(world: OsgpWorld, observe: () => Promise<LinkObservation>): Promise<void> {
  world.state.mepLink.observed = { observe, first: await observe(), second: null };
}

function observed(world: OsgpWorld): ObservedLink {
  const o = world.state.mepLink.observed;
  if (o === undefined)
    throw new Inconclusive("nothing was observed on the MEP link (the scenario's When step did not run)");
  return o;
}

/** A breach is observed once more; only one seen twice FAILs. A clean record that stopped short is inconclusive. */
async function judge(world: OsgpWorld, violationsOf: (o: LinkObservation) => MepLinkViolation[]): Promise<void> {
  const o = observed(world);
  const first = violationsOf(o.first);
  let second: MepLinkViolation[] | null = null;
  if (first.length > 0) {
    o.second ??= o.observe();
    second = violationsOf(await o.second);
  }
  const j = consistentBreach(first, second, (b) => world.redactor.hex(b).hex);
  if (j.verdict === "fail") throw new ConformanceAssertionError(j.message);
  if (j.verdict === "inconclusive") throw new Inconclusive(j.message);
  if (o.first.problems.length > 0)
    throw new Inconclusive(
      `the observation stopped short, so the rule could not be judged on all it needs${problemsOf(o.first)}`,
    );
}

function problemsOf(o: LinkObservation): string {
  return o.problems.length === 0 ? "" : `: ${o.problems.join("; ")}`;
}

/**
 * Arrival times are the device's only over a line: a pty carries bytes at once, a serial line at its
 * speed. A replay of a recording made on one gives the recorded times, and judges them the same way.
 */
function lineTiming(world: OsgpWorld): LineTiming | null {
  const line = benchLine(world.config.target);
  if (line === null) return null;
  return {
    byteTimeMs: line === "pty" ? 0 : serialByteTimeMs(world.pixit.serial),
    marginMs: world.pixit.mep.timingMarginMs,
  };
}

function requireTiming(world: OsgpWorld): LineTiming {
  const t = lineTiming(world);
  if (t === null) throw new Inconclusive(`${world.config.targetText} has no line whose timing could be judged`);
  return t;
}

function segmentRules(world: OsgpWorld) {
  const m = world.pixit.mep;
  return { segmentSize: m.segmentSize, segmentGapMinMs: m.segmentGapMinMs, interByteLimitMs: m.interByteTimeoutMs };
}

function probeSettings(p: Pixit): MepProbeSettings {
  const m = p.mep;
  return {
    maxPayload: MAX_PAYLOAD,
    minRequestIntervalMs: m.minRequestIntervalMs,
    // Twice the response time, so that a late response is seen and judged rather than missed.
    firstByteWithinMs: 2 * m.responseTimeoutMs + m.timingMarginMs,
    // Past the inter-byte time with the bench's margin: a frame that pauses within the rules is never cut.
    quietMs: m.interByteTimeoutMs + m.timingMarginMs + 50,
  };
}

/** Opens the port for the probe alone (the ordinary session is closed first: a serial port has one owner). */
async function withProbe(
  world: OsgpWorld,
  work: (probe: MepProbe, problems: string[]) => Promise<Omit<LinkObservation, "exchanges" | "problems">>,
): Promise<LinkObservation> {
  if (world.config.target.link !== "mep")
    throw new Inconclusive(`the MEP link checks need a MEP target, not ${world.config.targetText}`);
  const pixit = world.pixit;
  const suite = suiteFor(pixit, keyFor(pixit, "mepAdvanced"));
  if (suite === null) throw new Inconclusive("the PIXIT gives no MEP advanced key (keys.mepAdvanced)");
  world.provisionalNotice ??= suite.provisionalNotice;
  await world.closeSession();
  // Not a reporter to the link health (its malformed frames may rightly go unanswered), but over a
  // link already lost it would only wait out its time-outs.
  await world.admitToLink();
  const probe = new MepProbe(
    await world.rawConnection("the MEP link probe"),
    suite,
    probeSettings(pixit),
    world.redactor,
  );
  world.traces.push({
    trace: probe.trace,
    attachedUpTo: 0,
    from: 0,
    name: `MEP link probe ${world.traces.length + 1}`,
  });
  const problems: string[] = [];
  try {
    await probe.settle(probe.settings.quietMs);
    const extra = await work(probe, problems);
    return { exchanges: probe.exchanges(), problems, ...extra };
  } catch (e) {
    problems.push((e as Error).message);
    return { exchanges: probe.exchanges(), problems };
  } finally {
    await probe.close();
  }
}

/**
 * The device's number + 1 from its 0x0C (or the PIXIT's first
 * number + 1 when it served that one); null when its answer is no use.
 */
async function learnSequence(probe: MepProbe, pixit: Pixit, problems: string[]): Promise<number | null> {
  const x = await probe.exchange(
    probe.protect(READ_BT01, pixit.mep.firstSequence, pixit.mep.encrypt),
    "full read BT01, to learn the device's sequence number",
  );
  const o = x.outcome;
  if (o?.kind !== "response") {
    problems.push(`the first request (to learn the device's sequence number) got ${describeProbeOutcome(o)}`);
    return null;
  }
  const device = deviceSequenceIn(o);
  return ((device ?? pixit.mep.firstSequence) + 1) >>> 0;
}

function expectServed(x: ProbeExchange, problems: string[]): boolean {
  const o = x.outcome;
  if (o?.kind === "response" && o.apdu[0] === RESPONSE_CODE.ok) return true;
  problems.push(`${x.request.label} got ${describeProbeOutcome(o)}`);
  return false;
}

/** A short read (one segment), the long read (several), and for the alert scenario two alert intervals of listening. */
function observeReads(world: OsgpWorld, listen: boolean): Promise<LinkObservation> {
  const pixit = world.pixit;
  const m = pixit.mep;
  return withProbe(world, async (probe, problems) => {
    const sequence = await learnSequence(probe, pixit, problems);
    if (sequence === null) return {};
    if (!expectServed(await probe.exchange(probe.protect(READ_BT01, sequence, m.encrypt)), problems)) return {};
    const table = parseTableName(m.longReadTable);
    const long = encodeTableRequest(
      { service: "partial-read", tableId: table, offset: 0, count: m.longReadCount },
      SECURED_TABLE_CODEC,
    );
    expectServed(
      await probe.exchange(
        probe.protect(
          long,
          sequence + 1,
          m.encrypt,
          `partial read ${tableName(table)}, ${m.longReadCount} bytes from 0`,
        ),
      ),
      problems,
    );
    if (listen) await probe.listen(2 * m.alertIntervalMs + m.timingMarginMs + 100, "listening for alerts");
    return {};
  });
}

/**
 * A BT07 write starting BP10 with a mask that sets nothing (the device answers "invalid parameter"
 * in BT08 and changes nothing), sent twice, byte for byte: as a client's retransmission after a
 * response it never got. A second execution shows, as the procedure sequence number is repeated.
 */
function observeRetransmission(world: OsgpWorld, order: ByteOrder): Promise<LinkObservation> {
  const pixit = world.pixit;
  return withProbe(world, async (probe, problems) => {
    const sequence = await learnSequence(probe, pixit, problems);
    if (sequence === null) return {};
    const image = encodeProcedureInitiate(
      {
        procedureId: BP10,
        selector: RESPONSE_SELECTOR.postOnCompletion,
        sequence: world.procedureSequence.take(),
        parameters: new Uint8Array(BP10_PARAMETER_SIZE),
      },
      order,
    );
    const request: ProbeRequest = probe.protect(
      encodeTableRequest({ service: "full-write", tableId: BT07, data: image }, SECURED_TABLE_CODEC),
      sequence,
      pixit.mep.encrypt,
      "full write BT07 starting BP10 (mask 0: sets nothing)",
    );
    const first = await probe.exchange(request);
    if (first.outcome?.kind !== "response" || first.outcome.apdu[0] === RESPONSE_CODE.seq) {
      problems.push(
        `the first sending got ${describeProbeOutcome(first.outcome)}, so its retransmission shows nothing`,
      );
      return {};
    }
    await probe.exchange(request, `${request.label}, sent again byte for byte`);
    const txs = probe.exchanges();
    const check = (payload: Uint8Array) => {
      const o = probe.outcomeOf(request, payload);
      return {
        sequenceError: deviceSequenceIn(o) !== null,
        said:
          o.kind === "response" && o.apdu.length > 0
            ? `${describeResponseCode(o.apdu[0] as number)}`
            : describeProbeOutcome(o),
      };
    };
    return { retransmission: { first: txs.length - 2, again: txs.length - 1, check } };
  });
}

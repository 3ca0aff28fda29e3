import { bytesEqual, concatBytes } from "../bytes/byte-arrays";
import { toHex } from "../bytes/hex";
import { ConfigError } from "../errors";
import { LENGTH_SIZE, MAX_PAYLOAD } from "../link/mep/mep-frame";
import { byteArrivals, parseMepWire, type WireChunk, type WireExchange, type WireItem } from "../link/mep/mep-wire";

/**
 * Judges of the MEP link layer (9.1, 9.2, 9.7) over what a MepProbe recorded: each request as
 * written and the chunks the port handed over after it, with their times. Pure: they hold no key
 * (a response's digest is checked through the exchange's own `verifies`) and do no I/O, so they
 * are tested with hand-written byte sequences. Each returns the violations it found, each naming
 * its rule and carrying the frames that show the breach.
 */
export type MepLinkRule =
  "framing" | "one-response" | "alert-inside" | "response-time" | "segments" | "inter-byte" | "retransmission";

export const MEP_LINK_RULES: Readonly<Record<MepLinkRule, string>> = {
  framing:
    "9.1: a MEP response's length field counts exactly the bytes that follow it, and nothing but the alert 00 00 arrives outside a frame.",
  "one-response":
    "9.1: the device answers each request with exactly one frame and sends no frame that no request asked for.",
  "alert-inside": "9.1: the alert 00 00 goes between frames, never inside a response.",
  "response-time":
    "9.1: the response's first byte arrives within the response time (PIXIT mep.responseTimeoutMs) of the request's last byte.",
  segments:
    "9.2: a response longer than the segment size (PIXIT mep.segmentSize) comes in segments of at most that many bytes, with a gap between them.",
  "inter-byte":
    "9.2: inside a frame the device sends at least one byte every inter-byte time (PIXIT mep.interByteTimeoutMs).",
  retransmission:
    "9.7: a request sent again byte for byte (same sequence number, same digest) is answered with the first response again or with 0x0C (PIXIT mep.retransmissionAnswers), never executed as a new request.",
};

export interface ShownFrame {
  readonly label: string;
  /** Milliseconds after the request's last byte; null for the request itself. */
  readonly at: number | null;
  readonly bytes: Uint8Array;
}

export interface MepLinkViolation {
  readonly rule: MepLinkRule;
  /** The exchange's label: what the request asked. */
  readonly exchange: string;
  readonly detail: string;
  readonly frames: readonly ShownFrame[];
}

export interface LineTiming {
  /**
   * Line time of one byte (0 on a pty, which carries bytes at
   * once): arrivals are estimated back from each chunk's time.
   */
  readonly byteTimeMs: number;
  /** Allowance for the bench's own latency (USB adapter, pty, scheduler), added to each limit. */
  readonly marginMs: number;
}

/** 9.1 (a): length framing, and nothing but alerts outside frames; one frame per request. */
export function framingViolations(exchanges: readonly WireExchange[], maxPayload = MAX_PAYLOAD): MepLinkViolation[] {
  const out: MepLinkViolation[] = [];
  for (const x of exchanges) {
    const items = parseMepWire(x.rx, maxPayload);
    const shown = () => [...requestShown(x), ...items.filter((i) => i.kind !== "alert").map((i) => itemShown(x, i))];
    for (const i of items) {
      if (i.kind === "cut") {
        const came = i.bytes.length - LENGTH_SIZE;
        out.push(
          violation(
            "framing",
            x,
            `the length field ${toHex(i.bytes.subarray(0, LENGTH_SIZE))} announces ${i.announced} byte(s); ${came} came before the line went quiet`,
            shown(),
          ),
        );
      } else if (i.kind === "stray") {
        out.push(
          violation(
            "framing",
            x,
            `${i.bytes.length} byte(s) outside any frame (${i.why}), from byte ${i.start} of what came after the request`,
            shown(),
          ),
        );
      }
    }
    const frames = items.filter((i) => i.kind === "frame");
    if (x.request === null && frames.length > 0)
      out.push(violation("one-response", x, `${frames.length} frame(s) while no request was outstanding`, shown()));
    if (x.request !== null && frames.length > 1)
      out.push(violation("one-response", x, `${frames.length} frames answered one request`, shown()));
  }
  return out;
}

/**
 * 9.1 (b): a response broken by an alert inside it. Only a response whose framing fails is
 * searched: it is one when taking out one `00 00` after its length field leaves one whole frame
 * (that verifies, when the exchange can tell) and nothing else but alerts.
 */
export function alertInsideViolations(
  exchanges: readonly WireExchange[],
  maxPayload = MAX_PAYLOAD,
): MepLinkViolation[] {
  const out: MepLinkViolation[] = [];
  for (const x of exchanges) {
    if (x.request === null) continue;
    const items = parseMepWire(x.rx, maxPayload);
    if (!items.some((i) => i.kind === "cut" || i.kind === "stray")) continue;
    const start = items.find((i) => i.kind !== "alert")?.start;
    if (start === undefined) continue;
    const stream = concatChunks(x.rx);
    for (let p = start + LENGTH_SIZE; p + 1 < stream.length; p++) {
      if (stream[p] !== 0 || stream[p + 1] !== 0) continue;
      const without = new Uint8Array(stream.length - 2);
      without.set(stream.subarray(0, p));
      without.set(stream.subarray(p + 2), p);
      const again = parseMepWire([{ at: 0, bytes: without }], maxPayload);
      const frames = again.filter((i) => i.kind === "frame");
      const whole = frames.length === 1 && again.every((i) => i.kind === "frame" || i.kind === "alert");
      const frame = frames[0];
      if (!whole || frame?.kind !== "frame" || (x.verifies !== undefined && !x.verifies(frame.payload))) continue;
      out.push(
        violation(
          "alert-inside",
          x,
          `00 00 came after byte ${p - start} of the ${frame.bytes.length}-byte response frame: without it the frame's length${x.verifies === undefined ? "" : " and digest"} agree`,
          [...requestShown(x), ...items.filter((i) => i.kind !== "alert").map((i) => itemShown(x, i))],
        ),
      );
      break;
    }
  }
  return out;
}

/** How many alerts (00 00 where a frame would start) the record holds. */
export function alertsSeen(exchanges: readonly WireExchange[], maxPayload = MAX_PAYLOAD): number {
  return exchanges.reduce((n, x) => n + parseMepWire(x.rx, maxPayload).filter((i) => i.kind === "alert").length, 0);
}

/** The largest response frame (length field included) the record holds, for "was segmentation exercised?". */
export function longestResponse(exchanges: readonly WireExchange[], maxPayload = MAX_PAYLOAD): number {
  let n = 0;
  for (const x of exchanges)
    for (const i of parseMepWire(x.rx, maxPayload))
      if (i.kind === "frame" || i.kind === "cut") n = Math.max(n, i.bytes.length);
  return n;
}

/**
 * 9.1 (c): the first byte of each response within the response time of the request's last byte.
 * A missing response is a breach only where the device showed the link alive in the same
 * observation (another answer, an alert); silence throughout is the link's, undecided.
 */
export function responseTimeViolations(
  exchanges: readonly WireExchange[],
  limitMs: number,
  timing: LineTiming,
  maxPayload = MAX_PAYLOAD,
): MepLinkViolation[] {
  const out: MepLinkViolation[] = [];
  const alive = exchanges.some((x) => x.rx.some((c) => c.bytes.length > 0));
  for (const x of exchanges) {
    if (x.request === null) continue;
    const first = parseMepWire(x.rx, maxPayload).find((i) => i.kind !== "alert");
    if (first === undefined) {
      if (alive)
        out.push(violation("response-time", x, "no response came (nothing but alerts, if anything)", requestShown(x)));
      continue;
    }
    const elapsed = (byteArrivals(first, x.rx, timing.byteTimeMs)[0] as number) - x.sentAt;
    if (elapsed > limitMs + timing.marginMs) {
      out.push(
        violation(
          "response-time",
          x,
          `the response's first byte came ${ms(elapsed)} ms after the request's last byte: over ${limitMs} ms (+ ${timing.marginMs} ms for the bench)`,
          [...requestShown(x), itemShown(x, first)],
        ),
      );
    }
  }
  return out;
}

export interface SegmentRules {
  readonly segmentSize: number;
  /** The least silence taken for the gap between two segments. */
  readonly segmentGapMinMs: number;
  readonly interByteLimitMs: number;
}

/**
 * 9.2 (d): inside each frame no silence above the inter-byte limit (plus the bench's margin); a
 * frame longer than the segment size comes in bursts of at most that size, a burst being bytes
 * with no silence of `segmentGapMinMs` between them. Only meaningful for chunks timed on a line.
 */
export function segmentViolations(
  exchanges: readonly WireExchange[],
  rules: SegmentRules,
  timing: LineTiming,
  maxPayload = MAX_PAYLOAD,
): MepLinkViolation[] {
  const out: MepLinkViolation[] = [];
  for (const x of exchanges) {
    for (const item of parseMepWire(x.rx, maxPayload)) {
      if (item.kind !== "frame" && item.kind !== "cut") continue;
      const t = byteArrivals(item, x.rx, timing.byteTimeMs);
      // A byte's own line time is not silence.
      const gaps = t.map((at, j) => (j === 0 ? 0 : at - (t[j - 1] as number) - timing.byteTimeMs));
      const worst = gaps.reduce((w, g, j) => (g > (gaps[w] as number) ? j : w), 0);
      if ((gaps[worst] as number) > rules.interByteLimitMs + timing.marginMs) {
        out.push(
          violation(
            "inter-byte",
            x,
            `${ms(gaps[worst] as number)} ms of silence after byte ${worst} of the ${item.bytes.length}-byte frame: over ${rules.interByteLimitMs} ms (+ ${timing.marginMs} ms for the bench)`,
            [...requestShown(x), ...burstsShown(x, item, t, [worst])],
          ),
        );
      }
      if (item.bytes.length <= rules.segmentSize) continue;
      const cuts = gaps.flatMap((g, j) => (j > 0 && g >= rules.segmentGapMinMs ? [j] : []));
      const sizes = [0, ...cuts, item.bytes.length]
        .slice(1)
        .map((end, k, ends) => end - (k === 0 ? 0 : (ends[k - 1] as number)));
      const largest = Math.max(...sizes);
      if (largest > rules.segmentSize) {
        out.push(
          violation(
            "segments",
            x,
            `the ${item.bytes.length}-byte response came in ${sizes.length === 1 ? "one burst" : `bursts of ${sizes.join(" + ")} bytes`} (a burst ends at ${rules.segmentGapMinMs} ms or more of silence): ${largest} bytes without a gap, over ${rules.segmentSize}`,
            [...requestShown(x), ...burstsShown(x, item, t, cuts)],
          ),
        );
      }
    }
  }
  return out;
}

/** Which answers to an identical retransmission the PIXIT allows (mep.retransmissionAnswers). */
export type RetransmissionAnswer = "same-response" | "sequence-error";

export function retransmissionAnswers(words: readonly string[]): readonly RetransmissionAnswer[] {
  const known: readonly string[] = ["same-response", "sequence-error"];
  const bad = words.filter((w) => !known.includes(w));
  if (bad.length > 0 || words.length === 0) {
    throw new ConfigError(
      "OSGP_ERR_PIXIT",
      `mep.retransmissionAnswers must list one or both of ${known.join(", ")}${bad.length > 0 ? `, not ${bad.map((w) => JSON.stringify(w)).join(", ")}` : ""}`,
    );
  }
  return words as RetransmissionAnswer[];
}

export interface RetransmissionCheck {
  readonly allowed: readonly RetransmissionAnswer[];
  /** The payload verifies as 0x0C and the device's number for this request (the exchange holds the key). */
  readonly isSequenceError: (payload: Uint8Array) => boolean;
  /** What a payload says, for the report ("verifies, onp"); optional. */
  readonly describe?: (payload: Uint8Array) => string;
}

/** 9.7 (e): the identical bytes sent again are answered as the PIXIT allows. */
export function retransmissionViolations(
  first: WireExchange,
  again: WireExchange,
  check: RetransmissionCheck,
  maxPayload = MAX_PAYLOAD,
): MepLinkViolation[] {
  if (first.request === null || again.request === null || !bytesEqual(first.request, again.request))
    throw new Error("retransmissionViolations: the second request is not the first one's bytes again");
  const a = parseMepWire(first.rx, maxPayload).find((i) => i.kind === "frame");
  const b = parseMepWire(again.rx, maxPayload).find((i) => i.kind === "frame");
  const shown = [
    ...requestShown(again),
    ...(a === undefined ? [] : [itemShown(first, a, "first response")]),
    ...(b === undefined ? [] : [itemShown(again, b, "answer to the retransmission")]),
  ];
  if (b?.kind !== "frame") return [violation("retransmission", again, "the retransmission got no answer", shown)];
  if (check.allowed.includes("same-response") && a !== undefined && bytesEqual(a.bytes, b.bytes)) return [];
  if (check.allowed.includes("sequence-error") && check.isSequenceError(b.payload)) return [];
  const said = check.describe === undefined ? "" : ` (${check.describe(b.payload)})`;
  const before =
    a?.kind === "frame" && check.describe !== undefined
      ? ` where the first sending got ${check.describe(a.payload)}`
      : "";
  return [
    violation(
      "retransmission",
      again,
      `the retransmission was answered anew${said}${before}: neither ${check.allowed.map((w) => (w === "same-response" ? "the first response again" : "0x0C")).join(" nor ")}`,
      shown,
    ),
  ];
}

export type LinkJudgement =
  { readonly verdict: "pass" } | { readonly verdict: "fail" | "inconclusive"; readonly message: string };

/**
 * A breach FAILs only when a second observation shows a breach of the same rule; seen once, it is
 * inconclusive (a slow scheduler, a glitch of the bench), with both observations in the message.
 * `second` is the repeated observation's violations, asked for only when `first` has any.
 */
export function consistentBreach(
  first: readonly MepLinkViolation[],
  second: readonly MepLinkViolation[] | null,
  show: (bytes: Uint8Array) => string,
): LinkJudgement {
  if (first.length === 0) return { verdict: "pass" };
  const again = second ?? [];
  const repeated = new Set(first.map((v) => v.rule).filter((r) => again.some((v) => v.rule === r)));
  const rules = [...new Set((repeated.size > 0 ? [...repeated] : first.map((v) => v.rule)) as MepLinkRule[])];
  const observations = [
    `first observation:\n${describeViolations(first, show)}`,
    `second observation:\n${again.length === 0 ? "  no breach" : describeViolations(again, show)}`,
  ].join("\n");
  if (repeated.size > 0)
    return { verdict: "fail", message: `${rules.map((r) => MEP_LINK_RULES[r]).join("\n")}\n${observations}` };
  return {
    verdict: "inconclusive",
    message: `a breach seen once did not repeat when observed again, so it is not judged:\n${rules.map((r) => MEP_LINK_RULES[r]).join("\n")}\n${observations}`,
  };
}

export function describeViolations(vs: readonly MepLinkViolation[], show: (bytes: Uint8Array) => string): string {
  return vs
    .map((v) =>
      [
        `  - ${v.exchange}: ${v.detail}`,
        ...v.frames.map((f) => `      ${f.label}${f.at === null ? "" : ` +${ms(f.at)} ms`}: [${show(f.bytes)}]`),
      ].join("\n"),
    )
    .join("\n");
}

/** Line time of one byte at the serial settings: start bit, data bits, parity, stop bits. */
export function serialByteTimeMs(s: {
  readonly baudRate: number;
  readonly dataBits: number;
  readonly parity: string;
  readonly stopBits: number;
}): number {
  return ((1 + s.dataBits + (s.parity === "none" ? 0 : 1) + s.stopBits) * 1000) / s.baudRate;
}

function violation(
  rule: MepLinkRule,
  x: WireExchange,
  detail: string,
  frames: readonly ShownFrame[],
): MepLinkViolation {
  return { rule, exchange: x.label, detail, frames };
}

function requestShown(x: WireExchange): ShownFrame[] {
  return x.request === null ? [] : [{ label: "request", at: null, bytes: x.request }];
}

function itemShown(x: WireExchange, i: WireItem, label: string = i.kind === "frame" ? "response" : i.kind): ShownFrame {
  const span = i.spans[0];
  const at = span === undefined ? null : (x.rx[span.chunk] as WireChunk).at - x.sentAt;
  return { label, at, bytes: i.bytes };
}

/** The item's bytes cut at `cuts` (byte indexes), each piece with its first byte's time. */
function burstsShown(
  x: WireExchange,
  item: WireItem,
  arrivals: readonly number[],
  cuts: readonly number[],
): ShownFrame[] {
  const bounds = [0, ...cuts, item.bytes.length];
  return bounds.slice(1).map((end, k) => {
    const from = bounds[k] as number;
    return {
      label: `bytes ${from}..${end - 1}`,
      at: (arrivals[from] as number) - x.sentAt,
      bytes: item.bytes.subarray(from, end),
    };
  });
}

function concatChunks(chunks: readonly WireChunk[]): Uint8Array {
  return concatBytes(...chunks.map((c) => c.bytes));
}

function ms(n: number): string {
  return n.toFixed(1);
}

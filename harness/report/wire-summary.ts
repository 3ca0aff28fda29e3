import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { WireFigures } from "./wire-figures";

/**
 * The wire figures of a run over a real serial link: one line per scenario in
 * reports/wire-figures.ndjson, written by the After hook of each cucumber process (parallel
 * workers append whole lines), then summed per target for summary.json and summary.md. A run on
 * the in-process simulator writes none: its timing is no line's.
 */
export interface WireRecord extends WireFigures {
  readonly target: string;
  readonly scenario: string;
  readonly uri: string;
  /** When the scenario ended (ISO): lines older than the run are a killed run's leftovers. */
  readonly at: string;
}

export interface WireTotals extends WireFigures {
  readonly target: string;
  readonly scenarios: number;
}

export const WIRE_FILE = "wire-figures.ndjson";

export function appendWireRecord(reportsDir: string, r: WireRecord): void {
  mkdirSync(reportsDir, { recursive: true });
  appendFileSync(join(reportsDir, WIRE_FILE), `${JSON.stringify(r)}\n`);
}

/** The run's wire totals (for RunFacts: nothing when no scenario ran on a real line); the file is used up. */
export function collectWireTotals(reportsDir: string, startedAt: string): { wire?: WireTotals[] } {
  const file = join(reportsDir, WIRE_FILE);
  if (!existsSync(file)) return {};
  const records = readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as WireRecord)
    .filter((r) => r.at >= startedAt);
  rmSync(file, { force: true });
  return records.length === 0 ? {} : { wire: totalWire(records) };
}

export function totalWire(records: readonly WireRecord[]): WireTotals[] {
  return sumWire(
    records.map(({ scenario: _scenario, uri: _uri, at: _at, ...figures }) => ({ ...figures, scenarios: 1 })),
  );
}

/** Totals per target added up: a run's scenarios, or the shards `merge` joins. */
export function sumWire(parts: readonly WireTotals[]): WireTotals[] {
  const per = new Map<string, WireTotals>();
  for (const r of parts) {
    const t = per.get(r.target);
    per.set(
      r.target,
      t === undefined
        ? { ...r, baudRates: [...r.baudRates] }
        : {
            target: r.target,
            scenarios: t.scenarios + r.scenarios,
            requests: t.requests + r.requests,
            overheadRequests: t.overheadRequests + r.overheadRequests,
            retransmissions: t.retransmissions + r.retransmissions,
            bytesSent: t.bytesSent + r.bytesSent,
            bytesReceived: t.bytesReceived + r.bytesReceived,
            lineBoundMs: t.lineBoundMs + r.lineBoundMs,
            wallMs: t.wallMs + r.wallMs,
            baudRates: [...t.baudRates, ...r.baudRates.filter((b) => !t.baudRates.includes(b))],
          },
    );
  }
  return [...per.values()];
}

/** The summary.md section: one line per target on a real line. */
export function wireSection(wire: readonly WireTotals[] | undefined): string[] {
  if (wire === undefined || wire.length === 0) return [];
  return [
    "## Wire",
    "",
    "Session time against what the line forces (bytes at the line rate, 8N1, plus the PIXIT's pacing): a ratio near 1 means the line is the bottleneck.",
    "",
    ...wire.map((w) => {
      const ratio = w.lineBoundMs > 0 ? (w.wallMs / w.lineBoundMs).toFixed(2) : "n/a";
      const again = w.retransmissions > 0 ? ` (and ${w.retransmissions} retransmission(s))` : "";
      return `- ${w.target}: Wire: ${w.requests} requests (${w.overheadRequests} session overhead)${again}, ${w.bytesSent} bytes sent, ${w.bytesReceived} received, line-bound time ${seconds(w.lineBoundMs)} s at ${w.baudRates.join("/")} baud, wall time ${seconds(w.wallMs)} s, ratio W/T ${ratio} (${w.scenarios} scenario(s))`;
    }),
    "",
  ];
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(2);
}

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TraceEntry } from "../../harness/session/trace";
import { wireFigures } from "../../harness/report/wire-figures";
import {
  appendWireRecord,
  collectWireTotals,
  wireSection,
  WIRE_FILE,
  type WireRecord,
} from "../../harness/report/wire-summary";

let index = 0;
function entry(
  direction: TraceEntry["direction"],
  kind: string,
  bytes: number,
  summary: string,
  elapsedMs = 0,
): TraceEntry {
  return {
    index: index++,
    time: "2026-01-01T00:00:00.000Z",
    elapsedMs,
    direction,
    kind,
    hex: Array.from({ length: bytes }, () => "ee").join(" "),
    summary,
    redacted: false,
  };
}

/** At 1000 baud a byte is 10 ms: the figures below are counted by hand. */
const SLOW = { baudRate: 1000, minRequestIntervalMs: 0, wakeupIntervalMs: 0 };

const OPTICAL_SESSION: TraceEntry[] = [
  entry("note", "note", 0, "set-up: the harness opens the scenario's session (master)"),
  entry("tx", "wake-up", 1, "wake-up byte 1 of 2"),
  entry("tx", "wake-up", 1, "wake-up byte 2 of 2"),
  entry("tx", "packet", 9, "packet toggle=0 seq=0 len=1 | identify"),
  entry("rx", "ack", 1, "ack"),
  entry("rx", "packet", 13, "packet toggle=0 seq=0 len=5 | ok, standard 0 version 2 revision 0"),
  entry("tx", "ack", 1, "ack"),
  entry("note", "note", 0, "set-up done"),
  entry("tx", "packet", 11, "packet toggle=1 seq=0 len=3 | full read BT00"),
  entry("tx", "packet", 11, "packet toggle=1 seq=0 len=3 | full read BT00 (retransmission 1)"),
  entry("rx", "packet", 40, "packet toggle=1 seq=0 len=32 | ok, 29 data byte(s)"),
  entry("note", "note", 0, "set-up: the harness closes the session"),
  entry("tx", "packet", 9, "packet toggle=0 seq=0 len=1 | terminate"),
  entry("rx", "packet", 9, "packet toggle=0 seq=0 len=1 | ok", 1234.5),
];

test("an optical session: requests, of which what the harness sent between its set-up notes is overhead, and bytes each way", () => {
  const f = wireFigures([OPTICAL_SESSION], SLOW);
  assert.equal(f.requests, 4, "the wake-up, identify, the read, terminate; a retransmission is no new request");
  assert.equal(f.overheadRequests, 3);
  assert.equal(f.retransmissions, 1);
  assert.equal(f.bytesSent, 1 + 1 + 9 + 1 + 11 + 11 + 9);
  assert.equal(f.bytesReceived, 1 + 13 + 40 + 9);
  assert.equal(f.lineBoundMs, (43 + 63) * 10);
  assert.equal(f.wallMs, 1234.5);
  assert.deepEqual(f.baudRates, [1000]);
});

test("the request interval counts where it is longer than the exchange's bytes, start to start; a wake-up byte adds its interval", () => {
  const f = wireFigures([OPTICAL_SESSION], { baudRate: 1000, minRequestIntervalMs: 200, wakeupIntervalMs: 50 });
  // wake-up: 2 x (10 + 50); identify: 9+1+13+1 = 24 bytes, 240 ms >
  // 200; read: 11+11+40 = 620 ms; terminate: 18 bytes, 180 ms < 200.
  assert.equal(f.lineBoundMs, 120 + 240 + 620 + 200);
});

test("a negotiated speed counts from its note on, and both speeds are reported", () => {
  const f = wireFigures(
    [
      [
        entry("tx", "packet", 10, "packet toggle=0 seq=0 len=2 | negotiate packet size 64 count 2 baud 2000"),
        entry("rx", "packet", 10, "packet toggle=0 seq=0 len=2 | ok, packet size 64 count 2 baud 2000"),
        entry("note", "note", 0, "line speed now 2000 baud"),
        entry("tx", "packet", 10, "packet toggle=1 seq=0 len=2 | full read BT01"),
      ],
    ],
    SLOW,
  );
  assert.equal(f.lineBoundMs, 200 + 50);
  assert.deepEqual(f.baudRates, [1000, 2000]);
  assert.equal(f.overheadRequests, 0, "a negotiate a step sends itself is the scenario's own");
});

test("a logon the scenario's step sends is its own; the harness's reads of BT00 and BT01 are overhead", () => {
  const f = wireFigures(
    [
      [
        entry("tx", "packet", 9, "packet toggle=0 seq=0 len=1 | identify"),
        entry("tx", "packet", 21, 'packet toggle=1 seq=0 len=13 | logon user id 0 user "OSGPCONF"'),
        entry("note", "note", 0, "set-up: the harness reads BT00 and BT01 (once per run and target)"),
        entry("tx", "packet", 11, "packet toggle=0 seq=0 len=3 | full read BT00"),
        entry("tx", "packet", 11, "packet toggle=1 seq=0 len=3 | full read BT01"),
        entry("note", "note", 0, "set-up done"),
        entry("tx", "packet", 11, "packet toggle=0 seq=0 len=3 | full read BT52"),
      ],
    ],
    SLOW,
  );
  assert.equal(f.requests, 5);
  assert.equal(f.overheadRequests, 2);
});

test("on MEP a request the device refused for its sequence number was spent resynchronising; wall time sums the sessions", () => {
  const mep: TraceEntry[] = [
    entry("note", "note", 0, "advanced key, sequence 0x00000001: full read BT00"),
    entry("tx", "mep", 30, "mep len=28"),
    entry("rx", "mep", 20, "mep message"),
    entry("note", "note", 0, "the device's sequence number is 0x00000010; the next request carries 0x00000011"),
    entry("tx", "mep", 30, "mep len=28"),
    entry("tx", "mep", 30, "mep len=28 (retransmission 1)"),
    entry("rx", "mep", 60, "mep message", 400),
  ];
  const other: TraceEntry[] = [entry("tx", "mep", 30, "mep len=28"), entry("rx", "mep", 20, "mep message", 100)];
  const f = wireFigures([mep, other], { baudRate: 9600, minRequestIntervalMs: 100, wakeupIntervalMs: 50 });
  assert.equal(f.requests, 3);
  assert.equal(f.overheadRequests, 1);
  assert.equal(f.retransmissions, 1);
  assert.equal(f.bytesSent, 120);
  assert.equal(f.bytesReceived, 100);
  assert.equal(f.wallMs, 500);
  // Exchange 1: 50 bytes, 52.1 ms < 100; exchange 2: 120 bytes, 125 ms; the other session's: 50 bytes < 100.
  assert.equal(f.lineBoundMs, Math.round((100 + (120 * 10000) / 9600 + 100) * 10) / 10);
});

test("the run's wire totals: summed per target, this run's lines only, the file used up; none without a line", () => {
  const dir = mkdtempSync(join(tmpdir(), "wire-"));
  assert.deepEqual(collectWireTotals(dir, "2026-01-01T00:00:00.000Z"), {});
  const figures = wireFigures([OPTICAL_SESSION], SLOW);
  const record = (target: string, at: string): WireRecord => ({
    target,
    scenario: "s",
    uri: "f.feature",
    at,
    ...figures,
  });
  writeFileSync(join(dir, WIRE_FILE), `${JSON.stringify(record("optical:/dev/old", "2025-12-31T23:59:59.000Z"))}\n`);
  appendWireRecord(dir, record("optical:/dev/a", "2026-01-01T00:00:01.000Z"));
  appendWireRecord(dir, record("optical:/dev/a", "2026-01-01T00:00:02.000Z"));
  const { wire } = collectWireTotals(dir, "2026-01-01T00:00:00.000Z");
  assert.equal(wire?.length, 1, "a killed run's leftover line is not this run's");
  assert.equal(wire?.[0]?.scenarios, 2);
  assert.equal(wire?.[0]?.requests, 8);
  assert.equal(wire?.[0]?.lineBoundMs, 2 * 1060);
  assert.equal(existsSync(join(dir, WIRE_FILE)), false);

  const md = wireSection(wire).join("\n");
  assert.match(md, /^## Wire/);
  assert.ok(
    md.includes(
      "optical:/dev/a: Wire: 8 requests (6 session overhead) (and 2 retransmission(s)), 86 bytes sent, 126 received, line-bound time 2.12 s at 1000 baud, wall time 2.47 s, ratio W/T 1.16",
    ),
    md,
  );
  assert.deepEqual(wireSection(undefined), []);
});

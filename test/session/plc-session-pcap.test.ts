import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toHex } from "../../harness/bytes/hex";
import { PcapFile } from "../../harness/report/pcap-file";
import { BT01 } from "../../harness/protocol/tables/bt01-manufacturer-identification";
import { captureDatagrams } from "../../harness/transport/datagram-capture";
import { decodePcap } from "../support/pcap-reader";
import { simulatedSession } from "../support/plc-session-bench";

// Frame offsets from the layout: IPv4 after 14 bytes of Ethernet, UDP after 20 of IPv4, payload at 42.
const ip = (f: Uint8Array, at: number) => Array.from(f.subarray(14 + at, 14 + at + 4)).join(".");
const port = (f: Uint8Array, at: number) => (f[34 + at] as number) * 256 + (f[35 + at] as number);

test(
  "a PLC session captured as a scenario captures it: every datagram of the trace is in the pcap, in order, with both addresses",
  { timeout: 5000 },
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), "osgp-plc-pcap-"));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const pcap = new PcapFile(join(dir, "sim-plc", "plc--read.pcap"));
    const start = Date.now();
    const { session } = await simulatedSession(t, { wrap: (e) => captureDatagrams(e, (d) => pcap.add(d)) });
    await session.open();
    await session.readFull(BT01);
    const end = Date.now();

    const records = decodePcap(new Uint8Array(readFileSync(pcap.path))).records;
    const wire = session.trace.entries().filter((e) => e.direction !== "note");
    // Status request and response, then the 0x0C exchange and the resent read.
    assert.equal(records.length, 6);
    assert.equal(pcap.records, 6);
    assert.deepEqual(
      records.map((r) => toHex(r.frame.subarray(42))),
      wire.map((e) => e.hex),
      "the capture and the trace show the same bytes",
    );
    // The in-process network: the harness at 192.0.2.1 on the first free dynamic port, the gateway at 192.0.2.2:1628.
    records.forEach((r, i) => {
      const fromHarness = wire[i]?.direction === "tx";
      const [src, dst] = fromHarness
        ? [
            ["192.0.2.1", 49152],
            ["192.0.2.2", 1628],
          ]
        : [
            ["192.0.2.2", 1628],
            ["192.0.2.1", 49152],
          ];
      assert.deepEqual([ip(r.frame, 12), port(r.frame, 0)], src, `record ${i} source`);
      assert.deepEqual([ip(r.frame, 16), port(r.frame, 2)], dst, `record ${i} destination`);
    });
    const times = records.map((r) => r.tsSec * 1000 + r.tsUsec / 1000);
    for (const [i, ms] of times.entries()) {
      assert.ok(ms >= start && ms <= end + 1, `record ${i} at ${ms}, the session ran ${start}..${end}`);
      if (i > 0) assert.ok(ms >= (times[i - 1] as number), "in the order they passed");
    }
  },
);

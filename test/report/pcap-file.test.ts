import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PcapFile } from "../../harness/report/pcap-file";
import { decodePcap } from "../support/pcap-reader";

// Frame offsets, from the layout: Ethernet 14 bytes, then IPv4 (id at 4, source at 12, destination
// at 16), then UDP (ports at 0 and 2), then the payload at 14 + 20 + 8 = 42.
const IP = 14;
const UDP = 34;
const PAYLOAD = 42;
/** 65535-byte records, less 14 + 20 + 8 header bytes. */
const LARGEST_PAYLOAD = 65493;

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), "osgp-pcap-file-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const u16 = (b: Uint8Array, at: number) => (b[at] as number) * 256 + (b[at + 1] as number);
const ip = (b: Uint8Array, at: number) => Array.from(b.subarray(at, at + 4)).join(".");

const HARNESS = { address: "192.0.2.1", port: 49152 };
const GATEWAY = { address: "192.0.2.2", port: 1628 };

test("the file exists with its 24-byte pcap header as soon as the PcapFile does, in directories it creates", (t) => {
  const wanted = join(tempDir(t), "pcap", "sim-plc", "plc--first.pcap");
  const pcap = new PcapFile(wanted);
  assert.equal(pcap.path, wanted);
  const bytes = readFileSync(wanted);
  assert.equal(bytes.length, 24);
  const read = decodePcap(new Uint8Array(bytes));
  assert.deepEqual(
    [read.versionMajor, read.versionMinor, read.snaplen, read.linkType, read.records.length],
    [2, 4, 65535, 1, 0],
  );
  assert.deepEqual([pcap.records, pcap.unrecorded], [0, 0]);
});

test("each datagram is in the file as soon as it is added: timestamps, addresses, ports and payload as given", (t) => {
  const pcap = new PcapFile(join(tempDir(t), "run.pcap"));
  pcap.add({
    timestampMs: 1_700_000_000_123.456,
    from: HARNESS,
    to: GATEWAY,
    bytes: Uint8Array.of(0x00, 0x14, 0x01, 0x60),
  });
  // Readable mid-run: the first record is on disk before the second is added.
  const midRun = decodePcap(new Uint8Array(readFileSync(pcap.path)));
  assert.equal(midRun.records.length, 1);
  pcap.add({ timestampMs: 1_700_000_001_000, from: GATEWAY, to: HARNESS, bytes: Uint8Array.of(0xab) });
  assert.equal(pcap.records, 2);

  const [first, second] = decodePcap(new Uint8Array(readFileSync(pcap.path))).records;
  assert.ok(first !== undefined && second !== undefined);
  // 1700000000.123456 s: seconds and microseconds apart.
  assert.deepEqual([first.tsSec, first.tsUsec], [1_700_000_000, 123_456]);
  assert.deepEqual([second.tsSec, second.tsUsec], [1_700_000_001, 0]);
  assert.deepEqual(
    [ip(first.frame, IP + 12), ip(first.frame, IP + 16), u16(first.frame, UDP), u16(first.frame, UDP + 2)],
    ["192.0.2.1", "192.0.2.2", 49152, 1628],
  );
  assert.deepEqual(
    [ip(second.frame, IP + 12), ip(second.frame, IP + 16), u16(second.frame, UDP), u16(second.frame, UDP + 2)],
    ["192.0.2.2", "192.0.2.1", 1628, 49152],
  );
  assert.deepEqual(first.frame.subarray(PAYLOAD), Uint8Array.of(0x00, 0x14, 0x01, 0x60));
  assert.deepEqual(second.frame.subarray(PAYLOAD), Uint8Array.of(0xab));
  // The IPv4 identification counts the records, so Wireshark tells two identical datagrams apart.
  assert.deepEqual([u16(first.frame, IP + 4), u16(second.frame, IP + 4)], [0, 1]);
});

test("a name that exists already gets -2, then -3, before the extension; the existing file is left alone", (t) => {
  const dir = tempDir(t);
  const wanted = join(dir, "feature--scenario.pcap");
  writeFileSync(wanted, "not mine");
  const second = new PcapFile(wanted);
  const third = new PcapFile(wanted);
  assert.equal(second.path, join(dir, "feature--scenario-2.pcap"));
  assert.equal(third.path, join(dir, "feature--scenario-3.pcap"));
  assert.equal(readFileSync(wanted, "latin1"), "not mine");
  assert.equal(readFileSync(second.path).length, 24);
  assert.equal(readFileSync(third.path).length, 24);
});

test("a name without an extension gets its suffix at the end", (t) => {
  const dir = tempDir(t);
  const first = new PcapFile(join(dir, "capture"));
  const second = new PcapFile(join(dir, "capture"));
  assert.equal(first.path, join(dir, "capture"));
  assert.equal(second.path, join(dir, "capture-2"));
});

test("a datagram too long for one record is counted as unrecorded and leaves the file as it was; the largest that fits is recorded", (t) => {
  const pcap = new PcapFile(join(tempDir(t), "big.pcap"));
  pcap.add({ timestampMs: 0, from: HARNESS, to: GATEWAY, bytes: new Uint8Array(LARGEST_PAYLOAD + 1) });
  assert.deepEqual([pcap.records, pcap.unrecorded], [0, 1]);
  assert.equal(readFileSync(pcap.path).length, 24, "nothing appended");
  pcap.add({ timestampMs: 0, from: HARNESS, to: GATEWAY, bytes: new Uint8Array(LARGEST_PAYLOAD).fill(0x5a) });
  assert.deepEqual([pcap.records, pcap.unrecorded], [1, 1]);
  const [r] = decodePcap(new Uint8Array(readFileSync(pcap.path))).records;
  assert.equal(r?.origLen, 65535);
  assert.equal(r?.frame.length, 65535, "whole, not cut to the snap length");
});

test("a directory that cannot be created is an error at once, not a capture silently lost", (t) => {
  const dir = tempDir(t);
  const file = join(dir, "plain-file");
  writeFileSync(file, "");
  assert.throws(
    () => new PcapFile(join(file, "sub", "x.pcap")),
    (e: unknown) => (e as NodeJS.ErrnoException).code === "ENOTDIR" || (e as NodeJS.ErrnoException).code === "EEXIST",
  );
  assert.equal(existsSync(join(file, "sub")), false);
});

test("a write that fails (the directory is gone) is counted and explained, never thrown: the receive path must not crash", () => {
  const dir = mkdtempSync(join(tmpdir(), "osgp-pcap-gone-"));
  const pcap = new PcapFile(join(dir, "sub", "x.pcap"));
  rmSync(dir, { recursive: true, force: true });
  pcap.add({
    timestampMs: 1_700_000_000_000,
    from: { address: "192.0.2.1", port: 40000 },
    to: { address: "192.0.2.2", port: 1628 },
    bytes: Uint8Array.of(1, 2, 3),
  });
  assert.deepEqual([pcap.records, pcap.unrecorded], [0, 1]);
  assert.match(pcap.lastError ?? "", /ENOENT/);
});

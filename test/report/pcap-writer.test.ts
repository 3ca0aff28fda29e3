import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { concatBytes } from "../../harness/bytes/byte-arrays";
import { parseHex } from "../../harness/bytes/parse-hex";
import { EncodeError } from "../../harness/errors";
import { internetChecksum, pcapHeader, pcapRecord, udpFrame, MAX_UDP_PAYLOAD } from "../../harness/report/pcap-writer";
import { decodePcap } from "../support/pcap-reader";

test("RFC 1071 section 3's numerical example: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2, checksum 220d", () => {
  assert.equal(internetChecksum(parseHex("00 01 f2 03 f4 f5 f6 f7")), 0xffff - 0xddf2);
  assert.equal(internetChecksum(parseHex("00 01 f2 03 f4 f5 f6 f7")), 0x220d);
  // An odd count is padded with a zero byte (RFC 1071 section 4.1): 0102 + 0300 = 0402, ~0402 = fbfd.
  assert.equal(internetChecksum(parseHex("01 02 03")), 0xfbfd);
});

test("an IPv4 header checksum worked by hand, and the same header out of udpFrame", () => {
  // 4500 0073 0000 4000 4011 [cksum] c0a8 0001 c0a8 00c7 (192.168.0.1 -> 192.168.0.199, UDP, ttl 64):
  // 4500+0073+0000+4000+4011+c0a8+0001+c0a8+00c7 = 2479c; 479c + 2 = 479e; ~479e = b861.
  const header = parseHex("45 00 00 73 00 00 40 00 40 11 00 00 c0 a8 00 01 c0 a8 00 c7");
  assert.equal(internetChecksum(header), 0xb861);
  const withSum = header.slice();
  withSum[10] = 0xb8;
  withSum[11] = 0x61;
  assert.equal(internetChecksum(withSum), 0, "a header holding its checksum sums to zero");

  // total length 0x73 = 115 = 20 + 8 + 87 payload bytes.
  const frame = udpFrame({
    timestampMs: 0,
    srcIp: "192.168.0.1",
    dstIp: "192.168.0.199",
    srcPort: 1628,
    dstPort: 1628,
    payload: new Uint8Array(87),
  });
  assert.deepEqual(frame.subarray(14, 34), withSum);
});

test("a pcap file: global header and one record, byte by byte", () => {
  assert.deepEqual(
    pcapHeader(),
    parseHex(
      "d4 c3 b2 a1" + // magic a1b2c3d4, little-endian
        " 02 00 04 00" + // version 2.4
        " 00 00 00 00 00 00 00 00" + // thiszone, sigfigs
        " ff ff 00 00" + // snaplen 65535
        " 01 00 00 00", // link type 1, Ethernet
    ),
  );

  // 1700000000.123456 s: seconds 0x6553f100, microseconds 123456 = 0x0001e240.
  const record = pcapRecord({
    timestampMs: 1_700_000_000_123.456,
    srcIp: "10.0.0.1",
    dstIp: "10.0.0.2",
    srcPort: 1628,
    dstPort: 1628,
    payload: parseHex("01 02"),
  });
  const expected = concatBytes(
    parseHex("00 f1 53 65  40 e2 01 00  2c 00 00 00  2c 00 00 00"), // ts_sec, ts_usec, incl_len 44, orig_len 44
    parseHex("02 00 00 00 00 02  02 00 00 00 00 01  08 00"), // dst MAC, src MAC, IPv4
    // IPv4: total length 30; 4500+001e+0000+4000+4011+0a00+0001+0a00+0002 = d932, ~d932 = 26cd.
    parseHex("45 00 00 1e  00 00 40 00  40 11 26 cd  0a 00 00 01  0a 00 00 02"),
    // UDP 1628 -> 1628, length 10. Pseudo-header 0a00 0001 0a00 0002 0011 000a plus
    // 065c 065c 000a 0000 0102 sums to 21e2; ~21e2 = de1d.
    parseHex("06 5c 06 5c  00 0a  de 1d"),
    parseHex("01 02"),
  );
  assert.deepEqual(record, expected);
});

test("a UDP checksum that computes to 0 is sent as ffff (RFC 768: 0 means 'none')", () => {
  // As in the record above, the pseudo-header and header words without the payload sum to 20e0
  // (0a00+0001+0a00+0002+0011+000a+065c+065c+000a); the payload word df1f brings the sum to ffff,
  // whose complement is 0.
  const frame = udpFrame({
    timestampMs: 0,
    srcIp: "10.0.0.1",
    dstIp: "10.0.0.2",
    srcPort: 1628,
    dstPort: 1628,
    payload: parseHex("df 1f"),
  });
  assert.deepEqual(frame.subarray(34), parseHex("06 5c 06 5c 00 0a ff ff df 1f"));
});

test("decodePcap reads back what was written: header fields, timestamps, whole frames", () => {
  const payloads = [parseHex("aa"), new Uint8Array(300).fill(7), new Uint8Array(0)];
  const file = concatBytes(
    pcapHeader(),
    ...payloads.map((payload, i) =>
      pcapRecord({
        timestampMs: 1000 * i + 0.5,
        srcIp: "127.0.0.1",
        dstIp: "127.0.0.2",
        srcPort: 40000 + i,
        dstPort: 1628,
        payload,
      }),
    ),
  );
  const read = decodePcap(file);
  assert.deepEqual(
    [read.littleEndian, read.versionMajor, read.versionMinor, read.snaplen, read.linkType],
    [true, 2, 4, 65535, 1],
  );
  assert.equal(read.records.length, 3);
  read.records.forEach((r, i) => {
    const payload = payloads[i] as Uint8Array;
    assert.deepEqual([r.tsSec, r.tsUsec, r.origLen], [i, 500, 42 + payload.length]);
    assert.deepEqual(r.frame.subarray(42), payload);
    assert.equal((r.frame[34] as number) * 256 + (r.frame[35] as number), 40000 + i, "UDP source port");
    assert.equal((r.frame[36] as number) * 256 + (r.frame[37] as number), 1628, "UDP destination port");
  });
});

test("bad addresses, ports, sizes and times are OSGP_ERR_ENCODE_RANGE", () => {
  const base = {
    timestampMs: 0,
    srcIp: "10.0.0.1",
    dstIp: "10.0.0.2",
    srcPort: 1628,
    dstPort: 1628,
    payload: new Uint8Array(1),
  };
  const isRange = (path: string) => (e: unknown) =>
    e instanceof EncodeError && e.code === "OSGP_ERR_ENCODE_RANGE" && e.path === path;
  for (const ip of ["10.0.0", "10.0.0.256", "10.0.0.1.1", "a.b.c.d", "010.0.0.1", ""])
    assert.throws(() => pcapRecord({ ...base, srcIp: ip }), isRange("pcap.srcIp"), ip);
  assert.throws(() => pcapRecord({ ...base, dstPort: 65536 }), isRange("pcap.dstPort"));
  assert.throws(() => pcapRecord({ ...base, timestampMs: -1 }), isRange("pcap.timestampMs"));
  assert.throws(() => pcapRecord({ ...base, timestampMs: Number.NaN }), isRange("pcap.timestampMs"));
  assert.throws(() => pcapRecord({ ...base, srcMac: [1, 2, 3] }), isRange("pcap.srcMac"));
  assert.throws(() => pcapRecord({ ...base, payload: new Uint8Array(MAX_UDP_PAYLOAD + 1) }), isRange("pcap.payload"));
  assert.equal(pcapRecord({ ...base, payload: new Uint8Array(MAX_UDP_PAYLOAD) }).length, 16 + 65535);
});

test("property: IPv4 and UDP checksums verify (a correct header or pseudo-header + datagram sums to zero)", () => {
  const octet = fc.integer({ min: 0, max: 255 });
  const ip = fc.tuple(octet, octet, octet, octet).map((o) => o.join("."));
  fc.assert(
    fc.property(
      ip,
      ip,
      fc.integer({ min: 0, max: 0xffff }),
      fc.integer({ min: 0, max: 0xffff }),
      fc.uint8Array({ maxLength: 200 }),
      (srcIp, dstIp, srcPort, dstPort, payload) => {
        const f = udpFrame({ timestampMs: 0, srcIp, dstIp, srcPort, dstPort, payload });
        assert.equal(internetChecksum(f.subarray(14, 34)), 0);
        const udp = f.subarray(34);
        const pseudo = concatBytes(f.subarray(26, 34), Uint8Array.of(0, 17, udp.length >> 8, udp.length & 0xff));
        assert.equal(internetChecksum(concatBytes(pseudo, udp)), 0);
        assert.notEqual((udp[6] as number) * 256 + (udp[7] as number), 0, "0 would mean 'no checksum'");
      },
    ),
  );
});

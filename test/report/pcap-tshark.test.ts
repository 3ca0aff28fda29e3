import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { concatBytes } from "../../harness/bytes/byte-arrays";
import { parseHex } from "../../harness/bytes/parse-hex";
import { CNIP_PORT, cnipDataPacket, encodeCnipPacket } from "../../harness/link/cnip/cnip-header";
import { encodeLonPdu, type LonPdu } from "../../harness/link/lon/lon-pdu";
import { servicePinPdu } from "../../harness/link/lon/network-management";
import { APDU_CODE_CARRIAGE, osgpRequestBody, osgpResponseBody } from "../../harness/link/lon/osgp-over-lon";
import { pcapHeader, pcapRecord } from "../../harness/report/pcap-writer";
import { skipUnlessInstalled } from "../support/external-tool";

/** A cross-check against Wireshark's own dissectors (packet-cnip.c, packet-lon.c); CI installs tshark. */
const TSHARK_SKIP = skipUnlessInstalled("tshark", ["--version"]);

const UID = parseHex("05 01 23 45 67 89");
const READ_BT23 = parseHex("3f 00 17 00 00 00 00 2c");

const PDUS: LonPdu[] = [
  {
    priority: false,
    altPath: false,
    deltaBacklog: 0,
    address: { format: "unique-id", srcSubnet: 1, srcNode: 5, dstSubnet: 0, uniqueId: UID },
    domain: Uint8Array.of(0x12),
    body: osgpRequestBody(READ_BT23, 5, APDU_CODE_CARRIAGE),
  },
  {
    priority: false,
    altPath: false,
    deltaBacklog: 0,
    address: { format: "subnet-node", srcSubnet: 1, srcNode: 17, dstSubnet: 1, dstNode: 5 },
    domain: Uint8Array.of(0x12),
    body: osgpResponseBody(parseHex("00 00 02 ab cd"), 5, APDU_CODE_CARRIAGE),
  },
  servicePinPdu({ uniqueId: UID, programId: parseHex("9f ff ff 05 00 04 04 01") }),
];

// cnip.type, lon.pdufmt, lon.addrfmt, lon.srcnet, lon.srcnode, lon.dstnet, lon.dstnode, lon.trans_no
// ("" where the dissector shows no such field), written from the PDUs above.
const EXPECTED: (number | "")[][] = [
  [0x01, 1, 3, 1, 5, 0, "", 5],
  [0x01, 1, 2, 1, 17, 1, 5, 5],
  [0x01, 3, 0, 0, 0, 0, "", ""],
];

test("tshark dissects our CN/IP data packets with the fields we encoded", { skip: TSHARK_SKIP }, () => {
  const dir = mkdtempSync(join(tmpdir(), "osgp-pcap-"));
  try {
    const file = join(dir, "cnip.pcap");
    const records = PDUS.map((pdu, i) =>
      pcapRecord({
        timestampMs: 1_700_000_000_000 + 10 * i,
        srcIp: "192.0.2.1",
        dstIp: "192.0.2.2",
        srcPort: CNIP_PORT,
        dstPort: CNIP_PORT,
        payload: encodeCnipPacket(cnipDataPacket({ payload: encodeLonPdu(pdu), sessionId: 1, sequence: i + 1 })),
      }),
    );
    writeFileSync(file, concatBytes(pcapHeader(), ...records));
    const fields = [
      "cnip.type",
      "lon.pdufmt",
      "lon.addrfmt",
      "lon.srcnet",
      "lon.srcnode",
      "lon.dstnet",
      "lon.dstnode",
      "lon.trans_no",
      "frame.protocols",
    ];
    const run = spawnSync(
      "tshark",
      [
        "-r",
        file,
        "-d",
        `udp.port==${CNIP_PORT},cnip`,
        "-T",
        "fields",
        "-E",
        "separator=|",
        ...fields.flatMap((f) => ["-e", f]),
      ],
      { encoding: "utf8" },
    );
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trim().split("\n");
    assert.equal(lines.length, PDUS.length, run.stdout);
    lines.forEach((line, i) => {
      const cols = line.split("|");
      const protocols = cols.pop() ?? "";
      // Hex fields print as 0x.. (width varies between versions), so compare numbers.
      assert.deepEqual(
        cols.map((c) => (c === "" ? "" : Number(c))),
        EXPECTED[i],
        line,
      );
      assert.match(protocols, /^eth:ethertype:ip:udp:cnip:lon/, line);
      assert.doesNotMatch(protocols, /malformed/, line);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

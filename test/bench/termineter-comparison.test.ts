import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Secret } from "../../harness/security/secret";
import { lineSeconds, loggedRequests, secondsOn } from "./simulator-log";
import { compareTables } from "./table-agreement";
import { parseDumpCsv, termineterDump } from "./termineter-client";

const LOG = `simulator ready: optical port on /tmp/x/ttyDevice, profile reference
2026-12-07T16:25:22.722Z optical: identify in state base
2026-12-07T16:25:22.755Z optical: negotiate packet size 512 count 2 baud 9600 in state identified
2026-12-07T16:25:22.844Z optical: security (password redacted) in state session
2026-12-07T16:25:22.844Z optical: access level master
2026-12-07T16:25:22.871Z optical: request 30 00 00 as master -> 00
2026-12-07T16:25:23.045Z optical: request 30 08 02 as master -> 04
2026-12-07T16:25:23.077Z optical: request 3f 00 00 00 00 00 00 13 as master -> 00
2026-12-07T16:25:25.409Z optical: cannot respond: OSGP_ERR_LINK_BUSY: a message is still being sent
2026-12-07T16:25:25.500Z optical: terminate in state session
`;

test("the simulator's log gives each request once, with its time, its table and the meter's answer; other lines are not requests", () => {
  const r = loggedRequests(LOG);
  assert.deepEqual(
    r.map((x) => [x.service, x.tableId, x.code]),
    [
      ["identify", null, null],
      ["negotiate", null, null],
      ["security", null, null],
      ["full read", 0, "00"],
      ["full read", 0x0802, "04"],
      ["partial read", 0, "00"],
      ["terminate", null, null],
    ],
  );
  assert.equal(lineSeconds(r), 2.778);
  // The ET02 read: from its request to the next one.
  assert.equal(
    secondsOn(r, (x) => x.tableId === 0x0802),
    0.032,
  );
  assert.equal(lineSeconds([]), 0);
});

test("dump_tables' CSV: a name may hold commas; a line whose hex is not its stated length is left out", () => {
  const t = parseDumpCsv(
    "0,General Configuration Table,2,ABcd\r\n7,Procedure, Initiate Table,1,00\n8,Procedure Response Table,2,00\n\n",
  );
  assert.deepEqual(
    [...t],
    [
      [0, "abcd"],
      [7, "00"],
    ],
  );
});

test("tables compared: equal, different (from the first differing byte; moving when our own two reads differ), masked, read by one side only", () => {
  const ours = new Map([
    [0, "0102"],
    [1, "aabbccdd"],
    [52, "0a0b0c"],
    [7, "4d**"],
    [3, "ff"],
  ]);
  const again = new Map([
    [0, "0102"],
    [1, "aabbccdd"],
    [52, "0a0b0d"],
    [7, "4d**"],
  ]);
  const theirs = new Map([
    [0, "0102"],
    [1, "aabbeedd"],
    [52, "0a0b0e"],
    [7, "4d4b"],
    [25, "00"],
  ]);
  const a = compareTables(ours, again, theirs);
  assert.deepEqual(a.same, [0]);
  assert.deepEqual(a.masked, [7]);
  assert.deepEqual(a.onlyOurs, [3]);
  assert.deepEqual(a.onlyTheirs, [25]);
  assert.deepEqual(a.differ, [
    { id: 1, offset: 2, ours: "cc dd", theirs: "ee dd", lengths: [4, 4], moving: false },
    { id: 52, offset: 2, ours: "0c", theirs: "0e", lengths: [3, 3], moving: true },
  ]);
  const shorter = compareTables(new Map([[9, "0102"]]), new Map([[9, "0102"]]), new Map([[9, "010203"]]));
  assert.deepEqual(shorter.differ[0], { id: 9, offset: 2, ours: "", theirs: "03", lengths: [2, 3], moving: false });
});

/**
 * A stand-in for termineter that does what its console does with the commands it is given: echoes
 * each `set`, writes a CSV for each `run` of dump_tables, and fails the second run when told to.
 */
const FAKE = `#!/usr/bin/env node
const fs = require("node:fs");
const lines = fs.readFileSync(0, "utf8").split("\\n");
fs.writeFileSync(process.env.HOME + "/seen-commands", lines.join("\\n"));
console.log("  <[ termineter                     v9.8.7");
const opt = {};
let runs = 0;
for (const l of lines) {
  const [cmd, name, value] = l.split(" ");
  if (cmd === "set") { opt[name] = value; console.log("termineter > " + name + " => " + value); }
  if (cmd === "run") {
    runs++;
    if (runs === 2 && process.env.FAKE_FAIL) { console.log("termineter (dump_tables) > [-] Caught C1218NegotiateError: no"); continue; }
    fs.writeFileSync(opt.FILE, opt.LOWER + ",Some Table,2,0a0b\\n" + opt.UPPER + ",Other, Table,1,ff\\n");
    console.log("[*] Successfully copied 2 tables to disk.");
  }
}
`;

test("termineter driven through its console: the password in hex on stdin, one dump_tables run per range, its CSV read back, its log file /dev/null; a failed run is reported", async () => {
  const dir = mkdtempSync(join(tmpdir(), "osgp-fake-termineter-"));
  const exe = join(dir, "termineter");
  writeFileSync(exe, FAKE);
  chmodSync(exe, 0o755);
  const password = Secret.fromText("TEST-PASS", "MK");
  const ranges = [
    { lower: 0, upper: 74 },
    { lower: 2050, upper: 2133 },
  ];
  const home = join(dir, "home");
  const d = await termineterDump(exe, "/dev/ttyTEST", password, ranges, home);
  assert.equal(d.version, "9.8.7");
  assert.deepEqual(d.errors, []);
  assert.deepEqual(
    [...d.tables].sort((a, b) => a[0] - b[0]),
    [
      [0, "0a0b"],
      [74, "ff"],
      [2050, "0a0b"],
      [2133, "ff"],
    ],
  );
  const seen = readFileSync(join(home, "seen-commands"), "utf8").split("\n");
  assert.ok(seen.includes("set SERIAL_CONNECTION /dev/ttyTEST"));
  assert.ok(seen.includes("set PASSWORD 544553542d50415353"), "the password's bytes in hex");
  assert.deepEqual(
    seen.filter((l) => /^(connect|use|run|exit|set (LOWER|UPPER))\b/.test(l)),
    [
      "connect",
      "use dump_tables",
      "set LOWER 0",
      "set UPPER 74",
      "run",
      "set LOWER 2050",
      "set UPPER 2133",
      "run",
      "exit",
    ],
  );
  assert.equal(readlinkSync(join(home, ".termineter", "termineter.log")), "/dev/null");

  process.env.FAKE_FAIL = "1";
  try {
    const failed = await termineterDump(exe, "/dev/ttyTEST", password, ranges, home);
    assert.deepEqual(failed.errors, ["[-] Caught C1218NegotiateError: no"]);
    assert.deepEqual(
      [...failed.tables.keys()].sort((a, b) => a - b),
      [0, 74],
      "a CSV left from an earlier attempt is not read back",
    );
  } finally {
    delete process.env.FAKE_FAIL;
  }
});

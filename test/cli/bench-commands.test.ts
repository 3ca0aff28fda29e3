import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { BIN, ROOT, SIMULATOR_KEYS_TEXT, SOCAT_SKIP, openBench, simulatorPixitFile } from "../support/serial-bench";
import { secretPattern } from "../support/secret-scan";

/** The bench commands as the lab runs them: `osgp-conformance COMMAND ...`, a child process each. */
interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function bench(args: readonly string[], timeoutMs = 60000): Promise<Result> {
  return new Promise((resolve, reject) => {
    // stdin is not a TTY here: a write without --yes must refuse rather than wait for an answer.
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${args.join(" ")} did not finish in ${timeoutMs} ms:\n${stdout}${stderr}`));
    }, timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

const KEY_PATTERNS = Object.values(SIMULATOR_KEYS_TEXT).map((text) => ({
  text,
  hex: secretPattern(Buffer.from(text, "latin1")),
}));

function assertNoKey(output: string): void {
  for (const k of KEY_PATTERNS) {
    assert.ok(!output.includes(k.text), `key text ${k.text.length} characters long printed`);
    assert.ok(!k.hex.test(output), "a key printed as hex");
  }
}

test("identify shows BT01's manufacturer and BT00's declared tables", async () => {
  const r = await bench(["identify", "--target", "sim"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^device\.manufacturer\s+OSGC$/m);
  assert.match(r.stdout, /^data order\s+LSB first$/m);
  const tables = /^tables\s+(.*)$/m.exec(r.stdout)?.[1]?.split(" ") ?? [];
  for (const t of ["BT00", "BT01", "BT52", "ET03"])
    assert.ok(tables.includes(t), `${t} among the declared tables: ${tables.join(" ")}`);
  assert.match(r.stdout, /^procedures\s+.*\bBP10\b/m);
  assert.match(r.stdout, /^writeable\s+.*\bET03\b/m);
  // "OSGC" in ASCII at BT01's first four bytes.
  assert.match(r.stdout, /^\s+0\s+4\s+BT01\.manufacturer\s+4f 53 47 43\s+"OSGC"$/m);
});

test("read BT01 shows its fields with offsets, lengths and hex, and the hex 16 bytes a line", async () => {
  const r = await bench(["read", "BT01", "--trace"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^BT01 \(id 1, 0x0001\): 24 byte\(s\), decoded$/m);
  assert.match(r.stdout, /^\s+4\s+8\s+BT01\.model\s+52 45 46 4d 45 54 45 52\s+"REFMETER"$/m);
  assert.match(r.stdout, /^\s+14\s+1\s+BT01\.fwVersion\s+02\s+2 \(0x2\)$/m);
  assert.match(r.stdout, /^\s+0010  00 00 00 00 12 34 56 78$/m);
  // The trace goes to stderr, with the reader key's logon in it, masked.
  assert.match(r.stderr, /logon/);
  assertNoKey(r.stdout + r.stderr);
});

test("read of a table one response does not carry reads it in parts and says so", async () => {
  const r = await bench(["read", "BT74", "--key", "master"]);
  assert.equal(r.code, 0, r.stderr);
  const parts =
    /^ {2}read in (\d+) parts of up to (\d+) bytes \(a full read was answered rno \(0x09\)\); its length, (\d+) bytes, from BT71$/m.exec(
      r.stdout,
    );
  assert.ok(parts !== null, r.stdout.slice(0, 2000));
  const [requests, chunk, length] = parts.slice(1).map(Number) as [number, number, number];
  assert.equal(requests, Math.ceil(length / chunk));
  assert.match(r.stdout, new RegExp(`^BT74 \\(id 74, 0x004a\\): ${length} byte\\(s\\)`, "m"));
});

test("a table name that is not one is refused before any traffic", async () => {
  const r = await bench(["read", "BT1x", "--trace"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /"BT1x" is not a table name/);
  assert.doesNotMatch(r.stderr, /wake-up|->/, "no frame was sent");
});

test("dump lists every table BT00 declares, refusals with their code, and goes on", async () => {
  const id = await bench(["identify", "--json"]);
  const declared = (JSON.parse(id.stdout) as { identity: { tables: string } }).identity.tables.split(" ");
  const r = await bench(["dump", "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as {
    tables: { table: string; refused?: string; layout?: string }[];
    refused: number;
  };
  assert.deepEqual(
    doc.tables.map((t) => t.table),
    declared,
  );
  // The reader key may not read ET02 (RTC calibration: the simulator PIXIT's device.readerDeniedTable);
  // the dump shows the code and reads on.
  const et02 = doc.tables.find((t) => t.table === "ET02");
  assert.equal(et02?.refused, "isc (0x03)");
  assert.equal(doc.refused, doc.tables.filter((t) => t.refused !== undefined).length);
  assert.ok(
    doc.tables.some((t) => t.layout === "no codec"),
    "tables without a codec are still listed",
  );
  assert.ok(!doc.tables.some((t) => t.refused?.startsWith("rno")), "no table is left out for its length");
  const text = await bench(["dump"]);
  assert.match(text.stdout, /^ET02: read refused, isc \(0x03\)$/m);
  assert.match(text.stdout, /^dump: \d+ table\(s\), \d+ refused, \d+ read in parts$/m);
});

test("dump reads each table once, one too long for one response in parts each within the negotiated size", async () => {
  const r = await bench(["dump", "--key", "master", "--json", "--trace"]);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as {
    tables: { table: string; length?: number; inParts?: { requests: number; whole: boolean; note: string } }[];
    readInParts: number;
  };
  const reads = [...r.stderr.matchAll(/\| (full|partial) read (\w+)(?: offset (\d+) count (\d+))?/g)].map((m) => ({
    service: m[1] as string,
    table: m[2] as string,
    offset: Number(m[3]),
    count: Number(m[4]),
  }));
  const of = (t: string) => reads.filter((x) => x.table === t);
  // BT00: its fixed part, then the rest its dimensions give; BT01 once; neither again in the dump.
  assert.deepEqual(
    of("BT00").map((x) => [x.service, x.offset]),
    [
      ["partial", 0],
      ["partial", 19],
    ],
  );
  assert.deepEqual(
    of("BT01").map((x) => x.service),
    ["full"],
  );
  for (const t of doc.tables)
    assert.ok(of(t.table).filter((x) => x.service === "full").length <= 1, `${t.table} read in full once at most`);
  // C12.18: a packet carries its size less 8 (header, CRC); a read response's data is the message less 4
  // (code, count, checksum). The simulator's PIXIT asks for 64 x 2: 108 bytes.
  const limit = /packet limits now (\d+) bytes x (\d+)/.exec(r.stderr);
  const chunk = Number(limit?.[2]) * (Number(limit?.[1]) - 8) - 4;
  const bt26 = doc.tables.find((t) => t.table === "BT26");
  assert.ok(bt26?.inParts?.whole, JSON.stringify(bt26?.inParts));
  assert.match(bt26.inParts.note, /from BT21/);
  const parts = of("BT26").filter((x) => x.service === "partial");
  assert.equal(parts.length, bt26.inParts.requests);
  let at = 0;
  for (const p of parts) {
    assert.equal(p.offset, at, "the parts follow one another");
    assert.ok(p.count <= chunk, `a part of ${p.count} bytes, within the ${chunk} one response carries`);
    at += p.count;
  }
  assert.equal(at, bt26.length);
  assert.equal(doc.readInParts, doc.tables.filter((t) => t.inParts !== undefined).length);
});

test("write without --yes and without a terminal refuses, sending nothing", async () => {
  const r = await bench(["write", "ET03", "--hex", "41 42", "--trace"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /needs --yes/);
  assert.doesNotMatch(r.stderr, /->/);
});

test("write --yes to ET03 reads the bytes back", async () => {
  const r = await bench(["write", "ET03", "--hex", "42 45 4e 43 48", "--offset", "3", "--yes"]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^ET03: wrote 5 byte\(s\) at offset 3; read back:$/m);
  assert.match(r.stdout, /^\s+0003  42 45 4e 43 48$/m);
});

test("clock --set sets the date and time with BP10 and shows BT52 after", async () => {
  const r = await bench(["clock", "--set", "2025-06-01T12:00:00Z"]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^BP10: completed \(0\)/m);
  assert.match(r.stdout, /^clock: 2025-06-01T12:00:0\d\.000Z$/m);
  assert.match(r.stdout, /^\s+0\s+6\s+BT52\.clock\s+19 06 01 0c 00 0\d/m);
  const bad = await bench(["procedure", "BP10"]);
  assert.equal(bad.code, 1, "BP10 without its parameters is not completed");
  assert.match(bad.stdout, /^BP10: invalid-parameter/m);
});

test("procedure BP10 with parameters given as hex completes", async () => {
  // SET_MASK 0x03 (time and date), LTIME_DATE 2025-06-01 12:00:00 (year - 2000 first), qualifier 0x10 (GMT).
  const r = await bench(["procedure", "BP10", "--params", "03 19 06 01 0c 00 00 10"]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^BP10: completed \(0\) after \d+ BT08 read\(s\)$/m);
  assert.match(r.stdout, /^\s+0\s+2\s+BT08\.procedure\s+0a 00\s+10 \(0xa\)$/m);
  assert.match(r.stdout, /^\s+3\s+1\s+BT08\.resultCode\s+00\s+0 \(0x0\)$/m);
});

test("clock shows a date; --json is one document; no key is printed with any role", async () => {
  const r = await bench(["clock", "--json", "--trace", "--key", "master"]);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as {
    clock: string;
    tables: { table: string; fields: { field: string; offset: number }[] }[];
  };
  assert.ok(!Number.isNaN(Date.parse(doc.clock)), doc.clock);
  assert.deepEqual(
    doc.tables[0]?.fields.map((f) => [f.field, f.offset]),
    [
      ["BT52.clock", 0],
      ["BT52.qualifier", 6],
    ],
  );
  assert.match(r.stderr, /\*\*/, "the logon's password is masked in the trace");
  assertNoKey(r.stdout + r.stderr);
});

test("over a serial port: a write shows in a later read, and is restored", { skip: SOCAT_SKIP }, async () => {
  const b = await openBench();
  try {
    await b.startSimulator();
    const common = ["--target", `optical:${b.harnessEnd}`, "--pixit", simulatorPixitFile(b.dir)];
    const before = await bench(["read", "ET03", "--hex", ...common]);
    assert.equal(before.code, 0, before.stderr);
    const original = /^ET03 ((?:[0-9a-f]{2} ?)+)$/m.exec(before.stdout)?.[1] ?? assert.fail(before.stdout);
    assert.equal(
      (await bench(["write", "ET03", "--hex", "42 45 4e 43 48", "--offset", "0", "--yes", ...common])).code,
      0,
    );
    const after = await bench(["read", "ET03", ...common]);
    assert.match(after.stdout, /ET03\.utilitySerial\s+42 45 4e 43 48 \S\S \S\S \S\S \.\.\.\s+"BENCH/);
    assert.equal((await bench(["write", "ET03", "--hex", original, "--yes", ...common])).code, 0);
    const restored = await bench(["read", "ET03", "--hex", ...common]);
    assert.match(restored.stdout, new RegExp(`^ET03 ${original}$`, "m"));
    assertNoKey(before.stdout + after.stdout + restored.stdout);
  } finally {
    await b.close();
  }
});

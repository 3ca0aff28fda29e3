import { readFileSync } from "node:fs";
import { createInterface } from "node:readline/promises";
import { ConfigError } from "../errors";
import { parseHex } from "../bytes/parse-hex";
import { toHex } from "../bytes/hex";
import { readDeviceDescription, readGeneralConfiguration, identityLines } from "../conformance/device-description";
import { openClient, redactorFor } from "../conformance/open-client";
import type { BenchRole, Link } from "../links/link-contract";
import { linkOf } from "../links/links";
import { runConfig, type RunConfig } from "../conformance/run-config";
import { createTarget } from "../conformance/target";
import { procedureSettings } from "../conformance/poll-pacing";
import { setDateTimeTo } from "../conformance/procedure-calls";
import { Inconclusive } from "../conformance/verdicts";
import { codesNamed } from "../conformance/checks";
import { cachedLengthSource, readWholeTable, type TableInParts } from "../conformance/whole-table-read";
import { decodeGeneralConfiguration, usedTableIds, BT00 } from "../protocol/tables/bt00-general-configuration";
import { BT01 } from "../protocol/tables/bt01-manufacturer-identification";
import { BT52, decodeClock } from "../protocol/tables/bt52-clock";
import { BT08 } from "../protocol/tables/bt08-procedure-response";
import { BT07 } from "../protocol/tables/bt07-procedure-initiate";
import { encodeClockDelta } from "../protocol/procedures/ep16-clock-delta";
import { describeProcedureResult } from "../protocol/procedures/procedure-result-codes";
import { describeResponseCode } from "../protocol/response-codes";
import { parseTableName, tableName, EXTENDED_BASE } from "../protocol/table-id";
import { parseProcedureName, procedureName, MANUFACTURER_PROCEDURE_BASE } from "../protocol/procedure-id";
import { dataOrderName, tableFormatOf, type TableFormat } from "../protocol/table-format";
import { lTimeDateToEpochMs } from "../protocol/types/time-types";
import { formatTableView, viewTable, type TableView } from "../report/field-view";
import { formatTrace, type Trace } from "../session/trace";
import { runProcedure } from "../session/procedure-runner";
import { LogonHoldOff } from "../conformance/logon-hold-off";
import { openThroughHoldOff } from "./bench-hold-off";
import type { TableClient } from "../session/table-client";
import {
  bool,
  commandUsage,
  flagWords,
  int,
  oneOf,
  parseCommand,
  text,
  usageError,
  wrapWords,
  type CommandSpec,
  type Flag,
  type FlagValues,
} from "./flags";

export const BENCH_COMMANDS = ["identify", "read", "dump", "write", "procedure", "clock"] as const;

type Command = (typeof BENCH_COMMANDS)[number];

const ROLES = ["master", "provisioning", "reader", "none", "advanced", "basic"] as const satisfies readonly BenchRole[];

/** The flags every bench command takes. */
const SHARED = {
  target: text("TARGET", "sim"),
  pixit: text("FILE"),
  key: oneOf(ROLES),
  json: bool(),
  hex: bool(),
  trace: bool(),
  "wait-hold-off": bool(),
};

const OFFSET = int("N", 0, 0xffffff);

/** Each command's own positionals and flags (on top of SHARED). */
const SPECS = {
  identify: {
    name: "identify",
    positionals: [],
    flags: {},
    about: "BT01 and BT00 decoded: identity, data order and formats, tables and\nprocedures declared, tables writeable",
  },
  read: {
    name: "read",
    positionals: ["TABLE"],
    flags: { offset: OFFSET, count: OFFSET },
    about:
      "one table (BT01, ET3, 2051, 0x803), field by field, in parts when one response does not\ncarry it; --offset with --count: part of it",
  },
  dump: {
    name: "dump",
    positionals: [],
    flags: {},
    about:
      "every table BT00 declares, each read once, in parts when one response does not carry\nit; a refusal is shown and the dump goes on",
  },
  write: {
    name: "write",
    positionals: ["TABLE"],
    flags: { data: text("H"), file: text("F"), offset: OFFSET, yes: bool() },
    about:
      "its bytes from --hex H (or --data H) or --file F, then reads them back; asks first\non a terminal, and without one refuses unless --yes",
  },
  procedure: {
    name: "procedure",
    positionals: ["PROC"],
    flags: { params: text("HEX") },
    about: "BT07 written, BT08 polled (PROC: BP10, EP16, 2064)",
  },
  clock: {
    name: "clock",
    positionals: [],
    flags: { set: text("ISO"), delta: text("S") },
    about: "BT52; set with BP10, or moved S seconds with the PIXIT's clock.deltaProcedure",
  },
} as const satisfies Record<Command, CommandSpec<Record<string, Flag<unknown>>>>;

export const BENCH_USAGE = [
  `${wrapWords("  bench commands, over any target (default sim), each with", flagWords(SHARED))}:`,
  ...BENCH_COMMANDS.map((c) => commandUsage(SPECS[c])),
  `            --key: the optical port's master, provisioning, reader or none; the MEP port's advanced or
            basic (master and reader map onto them); default: reader to read, master to write;
            --hex: the raw hex only; --trace: the frame trace (keys masked) on stderr; keys never print;
            --wait-hold-off: a session the device refuses for its logon hold-off (PIXIT
            session.logonHoldOff) waits until the hold-off ends, once, then is tried once more`,
].join("\n");

type OwnFlags = (typeof SPECS)["read"]["flags"] &
  (typeof SPECS)["write"]["flags"] &
  (typeof SPECS)["procedure"]["flags"] &
  (typeof SPECS)["clock"]["flags"];
/** A command's own flags are there only for it: the others' are undefined. */
type Values = FlagValues<typeof SHARED> & Partial<FlagValues<OwnFlags>>;

/** What a command prints: text lines (or raw hex lines) and the one JSON document. */
interface Output {
  readonly text: string[];
  readonly hex: string[];
  readonly json: Record<string, unknown>;
}

export async function benchMain(command: Command, argv: readonly string[]): Promise<number> {
  // --hex is both the output switch and write's data: write takes its data as --hex H.
  const args = command === "write" ? renameWriteData(argv) : [...argv];
  const spec = SPECS[command];
  const { values, positionals } = parseCommand<Record<string, Flag<unknown>>>(
    { ...spec, flags: { ...SHARED, ...spec.flags } },
    args,
  ) as { values: Values; positionals: string[] };
  const job = plan(command, positionals, values);
  const config = runConfig(values.target, values.pixit ?? null);
  const role = roleOf(values.key, job.writes, linkOf(config.target.link));
  const redactor = redactorFor(config.pixit);
  const out: Output = { text: [], hex: [], json: { command, target: config.targetText } };
  const print = (o: Output): Promise<void> => {
    const body = values.json ? JSON.stringify(o.json, null, 2) : (values.hex ? o.hex : o.text).join("\n");
    return body === ""
      ? Promise.resolve()
      : new Promise((r) => process.stdout.write(`${redactor.scrub(body)}\n`, () => r()));
  };
  const target = createTarget(config.target, config.pixit);
  let code = 1;
  // A session refused for the logon hold-off and the one opened after the wait: both traces are shown.
  const traces: Trace[] = [];
  try {
    const open = await openThroughHoldOff(
      () => openClient(target, config.pixit, role, redactor, (t) => traces.push(t)),
      new LogonHoldOff(config.pixit.session.logonHoldOff),
      { wait: values["wait-hold-off"], say: (line) => console.error(redactor.scrub(line)) },
    ).catch((e: unknown) => {
      throw e instanceof Inconclusive ? new ConfigError("OSGP_ERR_USAGE", e.message) : e;
    });
    try {
      code = await job.run(open.client, config, out, values.json ? () => undefined : (o) => void print(o));
    } catch (e) {
      out.json.error = e instanceof Error ? e.message : String(e);
      out.text.push(`error: ${out.json.error as string}`);
      code = 1;
    } finally {
      await open.close().catch(() => undefined);
    }
  } finally {
    if (values.trace) for (const t of traces) console.error(formatTrace(t.entries()));
    await target.close();
  }
  // The command exits as soon as it returns: a pipe takes output of more than 64 KiB (a dump's JSON)
  // only as its reader empties it, so the last write is waited for.
  await print(out);
  return code;
}

interface Job {
  readonly writes: boolean;
  /** `flush` prints what is ready so far (dump prints each table as it comes). */
  run(client: TableClient, config: RunConfig, out: Output, flush: (o: Output) => void): Promise<number>;
}

/** Everything checked before any traffic: names, numbers, data, the confirmation of a write. */
function plan(command: Command, positionals: readonly string[], v: Values): Job {
  switch (command) {
    case "identify":
      return { writes: false, run: identify };
    case "dump":
      return { writes: false, run: dump };
    case "read": {
      const id = parseTableName(positionals[0] as string);
      if ((v.offset === undefined) !== (v.count === undefined))
        throw usageError("read takes --offset and --count together");
      const part = v.offset === undefined ? null : { offset: v.offset, count: v.count as number };
      return { writes: false, run: (c, config, out) => read(c, config, id, part, out) };
    }
    case "write": {
      const id = parseTableName(positionals[0] as string);
      if ((v.data === undefined) === (v.file === undefined))
        throw usageError("write takes its bytes from --hex H or --file F (one of them)");
      const data = v.data !== undefined ? parseHex(v.data) : readFileSync(v.file as string);
      if (data.length === 0) throw usageError("write: no bytes to write");
      const offset = v.offset ?? null;
      const ask = v.yes
        ? null
        : `write ${data.length} byte(s) to ${tableName(id)}${offset === null ? "" : ` at offset ${offset}`} on ${v.target}?`;
      if (ask !== null && !process.stdin.isTTY)
        throw usageError("write needs --yes when no terminal can confirm it (stdin is not a TTY)");
      return {
        writes: true,
        run: async (c, _config, out) =>
          ask === null || (await confirm(ask)) ? write(c, id, offset, new Uint8Array(data), out) : declined(out),
      };
    }
    case "procedure": {
      const id = parseProcedureName(positionals[0] as string);
      const params = v.params === undefined ? new Uint8Array(0) : parseHex(v.params);
      return { writes: true, run: (c, config, out) => procedure(c, config, id, () => params, out) };
    }
    case "clock": {
      if (v.set !== undefined && v.delta !== undefined) throw usageError("clock takes --set or --delta, not both");
      if (v.set !== undefined) {
        const at = Date.parse(v.set);
        if (Number.isNaN(at))
          throw usageError(`--set "${v.set}" is not an ISO date and time (e.g. 2026-12-07T10:00:00Z)`);
        return { writes: true, run: (c, config, out) => clockChange(c, config, BP10, () => setDateTimeTo(at), out) };
      }
      if (v.delta !== undefined) {
        const seconds = Number(v.delta);
        if (!Number.isInteger(seconds)) throw usageError(`--delta "${v.delta}" is not a whole number of seconds`);
        return {
          writes: true,
          run: (c, config, out) =>
            clockChange(
              c,
              config,
              deltaProcedureOf(config),
              (ctx) => encodeClockDelta({ deltaSeconds: seconds }, ctx.order),
              out,
            ),
        };
      }
      return { writes: false, run: (c, _config, out) => clockRead(c, out) };
    }
  }
}

const BP10 = 10;

async function contextOf(client: TableClient): Promise<TableFormat> {
  return formatOf(await readGeneralConfiguration(client));
}

function formatOf(bt00: Uint8Array): TableFormat {
  const c = decodeGeneralConfiguration(bt00);
  if (!c.ok) throw new Inconclusive(`BT00 does not decode, so no table can be decoded: ${c.error.message}`);
  return tableFormatOf(c.value);
}

function show(out: Output, view: TableView, bytes: Uint8Array): void {
  out.text.push(formatTableView(view, bytes));
  out.hex.push(`${view.table} ${view.hex}`);
}

async function identify(client: TableClient, _config: RunConfig, out: Output): Promise<number> {
  const d = await readDeviceDescription(client);
  const ctx = d.format;
  const c = d.config;
  const names = (bits: readonly boolean[], base: number, name: (id: number) => string) =>
    bits.flatMap((on, n) => (on ? [name(base + n)] : []));
  const facts = {
    ...identityLines(d),
    "data order": dataOrderName(c.dataOrder),
    "char format": String(c.charFormat),
    "time format": String(c.timeFormat),
    "data access": String(c.dataAccessMethod),
    "id format": c.idFormat,
    "int format": String(c.intFormat),
    "ni formats": `${c.niFormat1}, ${c.niFormat2}`,
    tables: usedTableIds(c).map(tableName).join(" "),
    procedures: [
      ...names(c.stdProcUsed, 0, procedureName),
      ...names(c.mfgProcUsed, MANUFACTURER_PROCEDURE_BASE, procedureName),
    ].join(" "),
    writeable: [...names(c.stdTablesWrite, 0, tableName), ...names(c.mfgTablesWrite, EXTENDED_BASE, tableName)].join(
      " ",
    ),
  };
  const views = [viewTable(BT01, d.bt01, ctx), viewTable(BT00, d.bt00, ctx)];
  out.text.push(...Object.entries(facts).map(([k, v]) => `${k.padEnd(20)}${v}`), "");
  show(out, views[0] as TableView, d.bt01);
  out.text.push("");
  show(out, views[1] as TableView, d.bt00);
  Object.assign(out.json, { identity: facts, tables: views });
  return 0;
}

async function read(
  client: TableClient,
  config: RunConfig,
  id: number,
  part: { offset: number; count: number } | null,
  out: Output,
): Promise<number> {
  const bt00 = await readGeneralConfiguration(client);
  const ctx = formatOf(bt00);
  if (part !== null) {
    const r = await client.readPartial(id, part.offset, part.count);
    if (!("data" in r)) return refused(out, id, r.code);
    const view = viewTable(id, r.data, ctx, part.offset, false);
    show(out, view, r.data);
    out.json.tables = [view];
    return 0;
  }
  const known = new Map([[BT00, bt00]]);
  const r =
    id === BT00
      ? inHand(bt00)
      : await readWholeTable(client, id, ctx, cachedLengthSource(client, known), tooLongCodes(config));
  if (!("data" in r)) return refused(out, id, r.code);
  out.json.tables = [showWhole(out, id, r, ctx)];
  return 0;
}

async function dump(client: TableClient, config: RunConfig, out: Output, flush: (o: Output) => void): Promise<number> {
  const d = await readDeviceDescription(client);
  const ctx = d.format;
  // BT00 and BT01 came with the description, and dimension tables stay for the lengths of the
  // tables they size: every table is read once.
  const known = new Map([
    [BT00, d.bt00],
    [BT01, d.bt01],
  ]);
  const source = cachedLengthSource(client, known);
  const tooLong = tooLongCodes(config);
  const tables: unknown[] = [];
  out.json.tables = tables;
  let refusals = 0;
  let inParts = 0;
  for (const id of usedTableIds(d.config)) {
    // A table at a time, printed as it comes: a link lost mid-dump leaves everything before it on screen.
    const step: Output = { text: [], hex: [], json: {} };
    try {
      const had = known.get(id);
      const r = had !== undefined ? inHand(had) : await readWholeTable(client, id, ctx, source, tooLong);
      if ("data" in r) {
        if (r.whole) known.set(id, r.data);
        if (r.note !== null) inParts++;
        tables.push(showWhole(step, id, r, ctx));
      } else {
        refusals++;
        refused(step, id, r.code);
        tables.push({ table: tableName(id), id, refused: describeResponseCode(r.code) });
      }
    } finally {
      step.text.push("");
      flush(step);
    }
  }
  out.text.push(`dump: ${tables.length} table(s), ${refusals} refused, ${inParts} read in parts`);
  Object.assign(out.json, { refused: refusals, readInParts: inParts });
  return 0;
}

/** How the device says a response would not fit: then the table is read in parts. */
function tooLongCodes(config: RunConfig): number[] {
  return codesNamed(config.pixit.expect.oversizeResponse, "expect.oversizeResponse");
}

function inHand(data: Uint8Array): TableInParts {
  return { data, parts: 1, whole: true, note: null };
}

/** A table read whole (or as far as its end is known), with how it was read when one response did not carry it. */
function showWhole(out: Output, id: number, r: TableInParts, ctx: TableFormat): TableView & Partial<ReadInParts> {
  const view = viewTable(id, r.data, ctx, 0, r.whole);
  show(out, view, r.data);
  if (r.note === null) return view;
  out.text.push(`  ${r.note}`);
  return { ...view, inParts: { requests: r.parts, whole: r.whole, note: r.note } };
}

interface ReadInParts {
  readonly inParts: { readonly requests: number; readonly whole: boolean; readonly note: string };
}

async function write(
  client: TableClient,
  id: number,
  offset: number | null,
  data: Uint8Array,
  out: Output,
): Promise<number> {
  const ctx = await contextOf(client);
  const w = offset === null ? await client.writeFull(id, data) : await client.writePartial(id, offset, data);
  out.json.write = { table: tableName(id), offset, length: data.length, response: describeResponseCode(w.code) };
  if (w.code !== 0) return refused(out, id, w.code, "write");
  out.text.push(
    `${tableName(id)}: wrote ${data.length} byte(s)${offset === null ? "" : ` at offset ${offset}`}; read back:`,
  );
  const back = await client.readPartial(id, offset ?? 0, data.length);
  if (!("data" in back)) return refused(out, id, back.code);
  const view = viewTable(id, back.data, ctx, offset ?? 0, false);
  show(out, view, back.data);
  out.json.readBack = view;
  return 0;
}

async function procedure(
  client: TableClient,
  config: RunConfig,
  id: number,
  params: (c: TableFormat) => Uint8Array,
  out: Output,
): Promise<number> {
  const ctx = await contextOf(client);
  const p = config.pixit.procedures;
  const o = await runProcedure(
    client,
    { procedureId: id, parameters: params(ctx), sequence: p.firstSequence },
    procedureSettings(config.pixit, config.target.link, ctx.order),
  );
  const name = procedureName(id);
  out.json.procedure = { procedure: name, id, status: o.status, polls: o.polls };
  if (o.status === "refused") return refused(out, BT07, o.initiate.code, `${name}: the BT07 write`);
  if (o.status === "mismatch") {
    out.text.push(
      `${name}: BT08 never showed this call in ${o.polls} read(s)${o.bt08 === null ? ` (BT08 read: ${describeResponseCode(o.readCode)})` : ""}`,
    );
    return 1;
  }
  const result = describeProcedureResult(o.result.resultCode);
  Object.assign(out.json.procedure as object, { result, responseData: toHex(o.result.responseData) });
  out.text.push(
    `${name}: ${o.status === "done" ? result : `still "${result}" at the time-out`} after ${o.polls} BT08 read(s)`,
    "",
  );
  const view = viewTable(BT08, o.bt08, ctx);
  show(out, view, o.bt08);
  out.json.tables = [view];
  return o.status === "done" && o.result.resultCode === 0 ? 0 : 1;
}

async function clockRead(client: TableClient, out: Output): Promise<number> {
  const ctx = await contextOf(client);
  return showClock(client, ctx, out);
}

async function showClock(client: TableClient, ctx: TableFormat, out: Output): Promise<number> {
  const r = await client.readFull(BT52);
  if (!("data" in r)) return refused(out, BT52, r.code);
  const c = decodeClock(r.data);
  const at = c.ok && c.value.clock !== null ? new Date(lTimeDateToEpochMs(c.value.clock)).toISOString() : null;
  out.text.push(`clock: ${at ?? "not set, or does not decode"}`);
  const view = viewTable(BT52, r.data, ctx);
  show(out, view, r.data);
  Object.assign(out.json, { clock: at, tables: [view] });
  return at === null ? 1 : 0;
}

async function clockChange(
  client: TableClient,
  config: RunConfig,
  id: number,
  params: (c: TableFormat) => Uint8Array,
  out: Output,
): Promise<number> {
  const code = await procedure(client, config, id, params, out);
  if (code !== 0) return code;
  out.text.push("");
  return showClock(client, await contextOf(client), out);
}

function deltaProcedureOf(config: RunConfig): number {
  const name = config.pixit.clock.deltaProcedure;
  if (name === null)
    throw usageError(
      "the PIXIT's clock.deltaProcedure is null: this device has no procedure that moves the clock by a delta",
    );
  return parseProcedureName(name);
}

function refused(out: Output, id: number, code: number, what = "read"): number {
  out.text.push(`${tableName(id)}: ${what} refused, ${describeResponseCode(code)}`);
  out.hex.push(`${tableName(id)} refused ${code}`);
  out.json.refused = { table: tableName(id), what, code, meaning: describeResponseCode(code) };
  return 1;
}

function declined(out: Output): number {
  out.text.push("write: not confirmed, nothing written");
  out.json.declined = true;
  return 1;
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

/** The least role that does the job, as the link names them (the PLC link has but one key). */
function roleOf(key: BenchRole | undefined, writes: boolean, link: Link): BenchRole {
  return key ?? (writes ? link.adminRole : link.leastKeyedRole);
}

/** write's --hex H is its data; the output switch --hex has no meaning for write's own bytes. */
function renameWriteData(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--hex" && i + 1 < argv.length && !(argv[i + 1] as string).startsWith("--")) out.push("--data");
    else if (a.startsWith("--hex=")) out.push(`--data=${a.slice(6)}`);
    else out.push(a);
  }
  return out;
}

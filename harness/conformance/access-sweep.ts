import { parseHex } from "../bytes/parse-hex";
import { parseProcedureName, procedureName } from "../protocol/procedure-id";
import { describeResponseCode, RESPONSE_CODE } from "../protocol/response-codes";
import { parseTableName, tableName } from "../protocol/table-id";
import {
  isTableUsed,
  isTableWriteable,
  usedTableIds,
  type GeneralConfiguration,
} from "../protocol/tables/bt00-general-configuration";
import { BT07 } from "../protocol/tables/bt07-procedure-initiate";
import { codesNamed } from "./checks";
import type { Pixit } from "./pixit";
import { ConformanceAssertionError, Inconclusive, type Evidence } from "./verdicts";

/**
 * 7.0 swept over every table BT00 declares. For one role, the plan says what each request may get
 * (from the access rules of the guide and the PIXIT only, never from what a device does), and the
 * judge compares the codes a device gave. Pure: access-sweep-run.ts sends the requests.
 *
 * The rules (OPG, the PIXIT's access.* and device.* items):
 *   master (MK)        everything, but what the hardware lock blocks (7.5)
 *   provisioning (PK)  access.provisioning: all-but-keys (MK less the key tables, and no writes of
 *                      the download tables), reader (RK's rights) or disabled (its password refused)
 *   reader (RK)        reads all but the key, calibration and download tables; never writes
 *   none               (no key, or a refused password) reads the open tables only
 *
 * Per table: a 1-byte partial read at offset 0, not a full read. Access is granted per table, so one
 * byte decides it as well as the whole; it fits any link whatever the table's size (a full read of
 * a large table would be answered rno and decide nothing); and where a device wrongly lets a session
 * read a key table, the report holds one byte of it rather than the key. A table that is empty (its
 * length 0, from its layout and the device's dimension tables) has no byte at offset 0: it is read
 * whole, and a granted read may be answered ok with no data or iar (C12.19: nothing to read).
 */
export const SWEEP_ROLES = ["none", "wrong-password", "reader", "provisioning", "master"] as const;
export type SweepRole = (typeof SWEEP_ROLES)[number];

/** The rights a session ends up with. "provisioning" is PK's all-but-keys reading. */
export type SweepRights = "none" | "reader" | "provisioning" | "master";

export interface AccessRules {
  readonly openTables: ReadonlySet<number>;
  readonly keyTables: ReadonlySet<number>;
  readonly calibrationTables: ReadonlySet<number>;
  readonly downloadTables: ReadonlySet<number>;
  /** device.readerDeniedTable, when the PIXIT names one. */
  readonly readerDeniedTable: number | null;
  readonly lock: {
    readonly read: ReadonlySet<number>;
    readonly write: ReadonlySet<number>;
    readonly procedures: ReadonlySet<number>;
  };
  /** device.writeProbeExclude and access.writeExclude. */
  readonly writeExclude: ReadonlySet<number>;
  readonly provisioning: Pixit["access"]["provisioning"];
  readonly procedure: { readonly id: number; readonly parameters: Uint8Array } | null;
  readonly codes: {
    readonly insufficientKey: readonly number[];
    readonly hardwareLock: readonly number[];
    readonly notWriteable: readonly number[];
    readonly wrongPassword: readonly number[];
    /** expect.outOfSequence: how a device answers in a session it has ended. */
    readonly outOfSequence: readonly number[];
  };
}

export function accessRulesOf(pixit: Pixit): AccessRules {
  const tables = (names: readonly string[]) => new Set(names.map(parseTableName));
  const a = pixit.access;
  const lock = pixit.device.hardwareLock;
  return {
    openTables: tables(pixit.device.openTables),
    keyTables: tables(a.keyTables),
    calibrationTables: tables(a.calibrationTables),
    downloadTables: tables(a.downloadTables),
    readerDeniedTable: pixit.device.readerDeniedTable === null ? null : parseTableName(pixit.device.readerDeniedTable),
    lock: {
      read: tables(lock.read),
      write: tables(lock.write),
      procedures: new Set(lock.procedures.map(parseProcedureName)),
    },
    writeExclude: tables([...pixit.device.writeProbeExclude, ...a.writeExclude]),
    provisioning: a.provisioning,
    procedure:
      a.harmlessProcedure === null
        ? null
        : { id: parseProcedureName(a.harmlessProcedure), parameters: parseHex(a.harmlessParameters) },
    codes: {
      insufficientKey: codesNamed(pixit.expect.insufficientKey, "expect.insufficientKey"),
      hardwareLock: codesNamed(pixit.expect.hardwareLock, "expect.hardwareLock"),
      notWriteable: codesNamed(pixit.expect.notWriteable, "expect.notWriteable"),
      wrongPassword: codesNamed(pixit.expect.wrongPassword, "expect.wrongPassword"),
      outOfSequence: codesNamed(pixit.expect.outOfSequence, "expect.outOfSequence"),
    },
  };
}

export type SweepOperation = "security" | "read" | "write" | "procedure";

export interface SweepItem {
  /** "BT03", "BT07 (BP10)", "security service". */
  readonly subject: string;
  readonly operation: SweepOperation;
  /** The table read or written (BT07 for the procedure); null for the security service. */
  readonly tableId: number | null;
  /** Whether the rules grant the request; `codes` are the answers that agree with them. */
  readonly granted: boolean;
  readonly codes: readonly number[];
  /** The rule that decides, as the verdict states it. */
  readonly rule: string;
  /**
   * Writes: where the content written comes from. "session": read in the sweep's own session just
   * before (the rules let it read the table); "master": read with the master key before the sweep.
   */
  readonly contentFrom?: "session" | "master";
  /** Reads: a full read rather than one byte, the table being empty. */
  readonly whole?: true;
}

/** How the sweep's session logs on: with a key, with none, or with a password the device must refuse. */
export type SweepLogon =
  | { readonly kind: "key"; readonly key: "reader" | "provisioning" | "master" }
  | { readonly kind: "none" }
  | { readonly kind: "refused"; readonly password: "wrong" | "provisioning" };

export interface SweepPlan {
  readonly role: SweepRole;
  readonly label: string;
  readonly rights: SweepRights;
  readonly logon: SweepLogon;
  readonly items: readonly SweepItem[];
  /** Writeable tables the sweep does not write, each with the reason. */
  readonly notWritten: readonly string[];
}

const LABELS: Record<SweepRole, string> = {
  none: "a session with no key",
  "wrong-password": "a session after a wrong password",
  reader: "the reader key (RK)",
  provisioning: "the provisioning key (PK)",
  master: "the master key (MK)",
};

const { ok } = RESPONSE_CODE;

/** `empty`: the declared tables whose length is 0, each with what gives that length ("BT21", "ET11"). */
export function planAccessSweep(
  role: SweepRole,
  config: GeneralConfiguration,
  rules: AccessRules,
  empty: ReadonlyMap<number, string> = new Map(),
): SweepPlan {
  const { rights, logon } = sweepLogon(role, rules);
  const label =
    role !== "provisioning" || rules.provisioning === "all-but-keys"
      ? LABELS[role]
      : `${LABELS.provisioning}, ${rules.provisioning === "disabled" ? "disabled" : "with the reader key's rights"} (PIXIT access.provisioning)`;
  const items: SweepItem[] = [];
  if (logon.kind === "refused") {
    const what =
      logon.password === "wrong" ? "a wrong password" : "the provisioning key, which the PIXIT says is disabled,";
    items.push({
      subject: "security service",
      operation: "security",
      tableId: null,
      granted: false,
      codes: rules.codes.wrongPassword,
      rule: `${what} must be refused (PIXIT expect.wrongPassword)`,
    });
  }
  const ids = usedTableIds(config);
  const readGranted = new Map<number, boolean>();
  for (const id of ids) {
    const item = judgedItem(
      tableName(id),
      "read",
      id,
      label,
      readRefusal(rights, id, rules),
      rules.lock.read.has(id) ? "it is under the hardware read lock (device.hardwareLock.read)" : null,
      [ok],
      rules,
    );
    readGranted.set(id, item.granted);
    items.push(emptyTableRead(item, empty.get(id)));
  }
  const notWritten: string[] = [];
  for (const id of ids.filter((x) => isTableWriteable(config, x))) {
    const why = notWrittenBecause(id, rules);
    if (why !== null) {
      notWritten.push(`${tableName(id)}: ${why}`);
      continue;
    }
    const item = judgedItem(
      tableName(id),
      "write",
      id,
      label,
      writeRefusal(rights, id, rules),
      rules.lock.write.has(id) ? "it is under the hardware write lock (device.hardwareLock.write)" : null,
      [ok, ...rules.codes.notWriteable],
      rules,
    );
    items.push({ ...item, contentFrom: readGranted.get(id) === true ? "session" : "master" });
  }
  const p = rules.procedure;
  if (p !== null && isTableUsed(config, BT07)) {
    const refusal = rights === "none" || rights === "reader" ? `${label} may not run procedures` : null;
    const locked = rules.lock.procedures.has(p.id)
      ? `${procedureName(p.id)} is under the hardware lock (device.hardwareLock.procedures)`
      : null;
    items.push(judgedItem(`BT07 (${procedureName(p.id)})`, "procedure", BT07, label, refusal, locked, [ok], rules));
  }
  return {
    role,
    label,
    rights,
    logon,
    items: logon.kind === "refused" ? items.map((i) => noMoreThan(i, rules)) : items,
    notWritten,
  };
}

/** The read of an empty table (`from` gave its length 0; undefined: not known to be empty). */
function emptyTableRead(item: SweepItem, from: string | undefined): SweepItem {
  if (from === undefined) return item;
  const whole = { ...item, whole: true } as const;
  if (!item.granted) return whole;
  return {
    ...whole,
    codes: [ok, RESPONSE_CODE.iar],
    rule: `${item.rule}; it is empty (length 0, from ${from}), so it is read whole and may also be answered iar, nothing to read`,
  };
}

/**
 * After a refused password the rule is an upper bound: no more access than a session with no key.
 * Neither the reference nor C12.18 says what becomes of the session, so a device may also refuse
 * the open tables (isc) or end the session (isss to every later request): that is less access,
 * not a breach. Only a request served beyond the no-key rights is.
 */
function noMoreThan(item: SweepItem, r: AccessRules): SweepItem {
  if (item.operation === "security") return item;
  const codes = [
    ...new Set([...item.codes, ...(item.granted ? r.codes.insufficientKey : []), ...r.codes.outOfSequence]),
  ];
  const rule = item.granted
    ? `${item.rule}, or refuse it: after a refused password a session may have less access than one with no key, never more`
    : item.rule;
  return { ...item, codes, rule };
}

/**
 * The rights a role ends up with, and how its session logs on
 * (the step opens it before planning, so this needs no BT00).
 */
export function sweepLogon(role: SweepRole, rules: AccessRules): { rights: SweepRights; logon: SweepLogon } {
  switch (role) {
    case "none":
      return { rights: "none", logon: { kind: "none" } };
    case "wrong-password":
      return { rights: "none", logon: { kind: "refused", password: "wrong" } };
    case "provisioning":
      if (rules.provisioning === "disabled")
        return { rights: "none", logon: { kind: "refused", password: "provisioning" } };
      return {
        rights: rules.provisioning === "reader" ? "reader" : "provisioning",
        logon: { kind: "key", key: "provisioning" },
      };
    default:
      return { rights: role, logon: { kind: "key", key: role } };
  }
}

/** Why the key level alone refuses a read, or null when it grants it. */
function readRefusal(rights: SweepRights, id: number, r: AccessRules): string | null {
  switch (rights) {
    case "master":
      return null;
    case "provisioning":
      return r.keyTables.has(id) ? "it holds keys (access.keyTables), which only the master key may read" : null;
    case "reader":
      if (r.keyTables.has(id)) return "it holds keys (access.keyTables), which the reader key may not read";
      if (r.calibrationTables.has(id))
        return "it holds calibration data (access.calibrationTables), which the reader key may not read";
      if (r.downloadTables.has(id))
        return "it holds download information (access.downloadTables), which the reader key may not read";
      if (r.readerDeniedTable === id) return "the reader key may not read it (device.readerDeniedTable)";
      return null;
    case "none":
      return r.openTables.has(id) ? null : "without a key only the open tables (device.openTables) may be read";
  }
}

function writeRefusal(rights: SweepRights, id: number, r: AccessRules): string | null {
  switch (rights) {
    case "master":
      return null;
    case "provisioning":
      if (r.keyTables.has(id)) return "it holds keys (access.keyTables), which only the master key may write";
      if (r.downloadTables.has(id))
        return "it is firmware download (access.downloadTables), which the provisioning key may not write";
      return null;
    case "reader":
      return "the reader key may not write";
    case "none":
      return "without a key no table may be written";
  }
}

/**
 * Key tables are not written even with the master key: a device may answer a read of a key with
 * something other than the key (zeros, a mask), and writing that back would replace the key.
 * Download tables are not written either: a write there may start or abort a firmware download.
 */
function notWrittenBecause(id: number, r: AccessRules): string | null {
  if (id === BT07) return "BT07 is written only to start the harmless procedure (access.harmlessProcedure)";
  if (r.writeExclude.has(id)) return "excluded by the PIXIT (device.writeProbeExclude, access.writeExclude)";
  if (r.keyTables.has(id))
    return "it holds keys (access.keyTables): what a read returns may not be the key, so writing it back is not safe";
  if (r.downloadTables.has(id))
    return "it is firmware download (access.downloadTables): a write could start or abort a download";
  return null;
}

/** A request the key may refuse, the lock may refuse, both, or neither; a refusal may carry either reason's codes. */
function judgedItem(
  subject: string,
  operation: SweepOperation,
  tableId: number,
  label: string,
  keyRefusal: string | null,
  lockRefusal: string | null,
  grantedCodes: readonly number[],
  r: AccessRules,
): SweepItem {
  if (keyRefusal === null && lockRefusal === null) {
    return {
      subject,
      operation,
      tableId,
      granted: true,
      codes: grantedCodes,
      rule: `${label} may ${operation === "procedure" ? "run procedures" : `${operation} it`}`,
    };
  }
  const codes = new Set<number>();
  if (keyRefusal !== null) r.codes.insufficientKey.forEach((c) => codes.add(c));
  if (lockRefusal !== null) r.codes.hardwareLock.forEach((c) => codes.add(c));
  const reasons = [keyRefusal, lockRefusal].filter((x): x is string => x !== null);
  return { subject, operation, tableId, granted: false, codes: [...codes], rule: reasons.join("; and ") };
}

/**
 * What one planned request got: a response code (`note`: how it was got, when not by the plan's
 * request alone), or why it was not made (then it decides nothing).
 */
export type ItemOutcome =
  { readonly code: number; readonly response?: Uint8Array; readonly note?: string } | { readonly undecided: string };

export interface SweepJudgement {
  readonly violations: readonly { readonly item: SweepItem; readonly line: string; readonly response?: Uint8Array }[];
  readonly undecided: readonly string[];
  /** Every item with what it got, for the report. */
  readonly table: string;
}

const codeList = (codes: readonly number[]) => codes.map(describeResponseCode).join(" or ");

/**
 * Busy, not ready, data locked: a device answering so has neither granted nor refused the access,
 * so the request decides nothing (unless the PIXIT lists the code for it). isc is not among them:
 * it is the key level's own answer, the very thing judged here.
 */
const NOT_NOW: readonly number[] = [RESPONSE_CODE.bsy, RESPONSE_CODE.dnr, RESPONSE_CODE.dlk];

export function judgeAccessSweep(plan: SweepPlan, outcomes: readonly ItemOutcome[]): SweepJudgement {
  if (outcomes.length !== plan.items.length)
    throw new Error(`the sweep has ${plan.items.length} items but ${outcomes.length} outcomes`);
  const violations: { item: SweepItem; line: string; response?: Uint8Array }[] = [];
  const undecided: string[] = [];
  const rows: string[] = [];
  plan.items.forEach((item, i) => {
    const o = outcomes[i] as ItemOutcome;
    const head = item.operation === "security" ? item.subject : `${item.subject} ${item.operation}`;
    const expected = `${item.granted ? "granted" : "refused"}, ${codeList(item.codes)}`;
    if ("undecided" in o) {
      undecided.push(`${head}: ${o.undecided}`);
      rows.push(`${head.padEnd(24)} expected ${expected}; not decided: ${o.undecided}`);
      return;
    }
    const agrees = item.codes.includes(o.code);
    if (!agrees && NOT_NOW.includes(o.code)) {
      const why = `answered ${describeResponseCode(o.code)}, which says "not now" rather than yes or no`;
      undecided.push(`${head}: ${why}`);
      rows.push(`${head.padEnd(24)} expected ${expected}; not decided: ${why}`);
      return;
    }
    rows.push(
      `${head.padEnd(24)} expected ${expected}; got ${describeResponseCode(o.code)}${o.note === undefined ? "" : ` (${o.note})`}${agrees ? "" : "  <-- VIOLATION"}`,
    );
    if (!agrees) {
      violations.push({
        item,
        line: `${head}: got ${describeResponseCode(o.code)}, allowed ${codeList(item.codes)}; ${item.rule}`,
        ...(o.response === undefined ? {} : { response: o.response }),
      });
    }
  });
  const notWritten = plan.notWritten.map((w) => `not written: ${w}`);
  return {
    violations,
    undecided,
    table: [`${plan.label}: ${plan.items.length} requests`, ...rows, ...notWritten].join("\n"),
  };
}

/** Most responses a FAIL carries as evidence: the message lists every violation; the frames hold the rest. */
const EVIDENCE_LIMIT = 8;

/**
 * FAIL with every violation, each with its table, operation, the code got and the codes allowed;
 * without violations, INCONCLUSIVE when some item could not be decided; else nothing (pass).
 */
export function raiseAccessVerdict(
  plan: SweepPlan,
  j: SweepJudgement,
  evidence: (label: string, bytes: Uint8Array) => Evidence,
): void {
  if (j.violations.length > 0) {
    const lines = j.violations.map((v) => `  ${v.line}`);
    const also =
      j.undecided.length > 0
        ? `\n(and ${j.undecided.length} request(s) not decided:\n${j.undecided.map((u) => `  ${u}`).join("\n")})`
        : "";
    const ev = j.violations
      .filter((v) => v.response !== undefined)
      .slice(0, EVIDENCE_LIMIT)
      .map((v) => evidence(`${v.item.subject} ${v.item.operation} response`, v.response as Uint8Array));
    throw new ConformanceAssertionError(
      `the 7.0 access rules for ${plan.label}: ${j.violations.length} violation(s)\n${lines.join("\n")}${also}`,
      ev,
    );
  }
  if (j.undecided.length > 0) {
    throw new Inconclusive(
      `${plan.label}: no answer broke the 7.0 access rules, but ${j.undecided.length} request(s) could not be decided:\n${j.undecided.map((u) => `  ${u}`).join("\n")}`,
    );
  }
}

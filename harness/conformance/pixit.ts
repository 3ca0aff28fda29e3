import { readFileSync } from "node:fs";
import { ConfigError } from "../errors";
import { Secret } from "../security/secret";
import type { SerialSettings } from "../transport/serial";

/**
 * PIXIT: Protocol Implementation eXtra Information for Testing. Everything the suite needs to know
 * about the device and the bench that the device does not say itself, and every detail the spec
 * leaves open or that we could not confirm. Each item has a default (the best-supported value,
 * its source given in PIXIT_ITEMS) and a lab overrides any subset in a JSON file (--pixit FILE).
 */
export type KeySource = { readonly hex: string } | { readonly text: string } | { readonly hexEnv: string } | { readonly textEnv: string };
export type KeyRole = "master" | "provisioning" | "reader" | "mepAdvanced" | "mepBasic" | "omak";

export interface Pixit {
  readonly serial: SerialSettings;
  readonly link: { readonly identity: number; readonly ackTimeoutMs: number; readonly interCharTimeoutMs: number; readonly retries: number };
  readonly session: {
    readonly responseTimeoutMs: number;
    readonly minRequestIntervalMs: number;
    readonly wakeup: { readonly byte: number; readonly count: number; readonly intervalMs: number };
    readonly negotiate: { readonly packetSize: number; readonly packetCount: number; readonly baudRate: number | null };
    readonly logon: { readonly userId: number; readonly user: string };
  };
  readonly keys: { readonly [R in KeyRole]: KeySource | null };
  readonly mep: {
    readonly responseTimeoutMs: number;
    readonly interByteTimeoutMs: number;
    readonly retries: number;
    readonly minRequestIntervalMs: number;
    readonly encrypt: boolean;
    readonly firstSequence: number;
    readonly sequenceWindow: number;
    readonly icaSequenceJump: number;
  };
  readonly plc: {
    readonly gateway: { readonly host: string; readonly port: number };
    readonly bind: { readonly address: string; readonly port: number };
    readonly local: { readonly subnet: number; readonly node: number };
    readonly domain: string;
    readonly meter: { readonly subnet: number; readonly node: number; readonly uniqueId: string };
    readonly addressing: "subnet-node" | "unique-id";
    readonly responseTimeoutSeconds: number;
    readonly retries: number;
    readonly carriage: "message" | "apdu-code";
    readonly messageCode: number;
    readonly messageLimit: number;
    readonly maxReadData: number;
    readonly maxWriteData: number;
    readonly encrypt: boolean;
    readonly firstSequence: number;
    readonly sequenceWindow: number;
    readonly probeGateway: boolean;
  };
  readonly security: {
    readonly suite: "rc4" | "aes128";
    readonly responseKeystream: "continue" | "rekey";
    readonly aesTagLength: number;
    readonly emptyDigestInput: "one-zero-block" | "zero-state";
    readonly bekVariant: "split-halves" | "first-half-twice";
    readonly rc4EncryptedBytes: "apdu+sequence" | "apdu";
  };
  readonly procedures: {
    readonly resultTimeoutMs: number;
    readonly pollIntervalMs: number;
    readonly firstSequence: number;
    readonly resultWithinMs: number;
    readonly repeatedSequenceRefused: boolean;
  };
  readonly clock: { readonly toleranceSeconds: number; readonly runSeconds: number; readonly deltaProcedure: string | null; readonly deltaSeconds: number; readonly speed: number };
  readonly expect: {
    readonly unknownTable: readonly string[];
    readonly notWriteable: readonly string[];
    readonly insufficientKey: readonly string[];
    readonly hardwareLock: readonly string[];
    readonly badChecksum: readonly string[];
    readonly unknownService: readonly string[];
    readonly outOfSequence: readonly string[];
    readonly wrongPassword: readonly string[];
    readonly repeatedProcedureSequence: readonly string[];
    readonly unknownProcedure: readonly string[];
    readonly oversizeResponse: readonly string[];
  };
  readonly device: {
    readonly scratch: { readonly table: string; readonly offset: number; readonly length: number | null };
    readonly readerDeniedTable: string | null;
    readonly openTables: readonly string[];
    readonly mandatoryTables: readonly string[];
    readonly hardwareLock: { readonly read: readonly string[]; readonly write: readonly string[]; readonly procedures: readonly string[] };
    readonly writeProbeExclude: readonly string[];
    readonly interfaceChangeTable: string | null;
    readonly icaFlag: { readonly byte: number; readonly bit: number };
  };
  readonly steps: { readonly timeoutMs: number };
}

export const PIXIT_DEFAULTS: Pixit = {
  serial: { path: "", baudRate: 9600, dataBits: 8, parity: "none", stopBits: 1, openTimeoutMs: 5000, writeTimeoutMs: 2000 },
  link: { identity: 0, ackTimeoutMs: 2000, interCharTimeoutMs: 500, retries: 3 },
  session: {
    responseTimeoutMs: 2000,
    minRequestIntervalMs: 100,
    wakeup: { byte: 0x55, count: 4, intervalMs: 50 },
    negotiate: { packetSize: 64, packetCount: 2, baudRate: 9600 },
    logon: { userId: 0, user: "OSGPCONF" },
  },
  keys: { master: null, provisioning: null, reader: null, mepAdvanced: null, mepBasic: null, omak: null },
  mep: {
    responseTimeoutMs: 500,
    interByteTimeoutMs: 50,
    retries: 3,
    minRequestIntervalMs: 100,
    encrypt: true,
    firstSequence: 1,
    sequenceWindow: 8,
    icaSequenceJump: 25,
  },
  plc: {
    gateway: { host: "127.0.0.1", port: 1628 },
    bind: { address: "0.0.0.0", port: 0 },
    local: { subnet: 1, node: 1 },
    domain: "01",
    meter: { subnet: 1, node: 11, uniqueId: "4f 53 47 50 00 01" },
    addressing: "subnet-node",
    responseTimeoutSeconds: 3,
    retries: 3,
    carriage: "message",
    messageCode: 0,
    messageLimit: 114,
    maxReadData: 84,
    maxWriteData: 75,
    encrypt: true,
    firstSequence: 1,
    sequenceWindow: 8,
    probeGateway: true,
  },
  security: { suite: "rc4", responseKeystream: "continue", aesTagLength: 8, emptyDigestInput: "one-zero-block", bekVariant: "split-halves", rc4EncryptedBytes: "apdu+sequence" },
  procedures: { resultTimeoutMs: 10000, pollIntervalMs: 200, firstSequence: 5, resultWithinMs: 1000, repeatedSequenceRefused: true },
  clock: { toleranceSeconds: 2, runSeconds: 2, deltaProcedure: "EP16", deltaSeconds: 3600, speed: 1 },
  expect: {
    unknownTable: ["onp", "iar"],
    notWriteable: ["iar", "onp"],
    insufficientKey: ["isc"],
    hardwareLock: ["isc"],
    badChecksum: ["err"],
    unknownService: ["sns"],
    outOfSequence: ["isss"],
    wrongPassword: ["err", "isc"],
    repeatedProcedureSequence: ["onp"],
    unknownProcedure: ["unrecognized"],
    oversizeResponse: ["rno", "onp"],
  },
  device: {
    scratch: { table: "ET03", offset: 0, length: null },
    readerDeniedTable: "ET02",
    openTables: ["BT00", "BT01", "ET03"],
    mandatoryTables: ["BT00", "BT01", "BT03", "BT07", "BT08", "BT52"],
    hardwareLock: { read: [], write: [], procedures: [] },
    writeProbeExclude: ["BT07"],
    interfaceChangeTable: "ET42",
    icaFlag: { byte: 0, bit: 0 },
  },
  steps: { timeoutMs: 60000 },
};

/**
 * Every item, what it means and where its default comes from ("[ESP]" = hendrikb/esphome-osgp-meter,
 * "[C12.18]" = nominal C12.18 values not checked against the standard's text, "[OPG]"/"[MEP]" = the
 * OSGP Alliance guides, "[ours]" = our choice). `osgp-conformance pixit` prints this table.
 */
export const PIXIT_ITEMS: Readonly<Record<string, string>> = {
  "serial.path": "serial device of the optical probe (also given as --target optical:PATH) [bench]",
  "serial.baudRate": "line speed before negotiation: 9600 [ESP, C12.18]",
  "serial.dataBits": "8 [ESP: 9600 8N1]",
  "serial.parity": "none [ESP]",
  "serial.stopBits": "1 [ESP]",
  "serial.openTimeoutMs": "time allowed to open the port before OSGP_ERR_PORT_OPEN [ours]",
  "serial.writeTimeoutMs": "time allowed for one write to drain before OSGP_ERR_PORT_WRITE [ours]",
  "link.identity": "C12.18 identity byte in every packet: 0x00 [ESP, termineter]",
  "link.ackTimeoutMs": "wait for ACK/NAK before retransmitting: 2000 ms, the C12.18 response time-out [C12.18; ESP uses 500]",
  "link.interCharTimeoutMs": "longest gap inside one packet: 500 ms [C12.18; ESP uses 50]",
  "link.retries": "retransmissions of an unacknowledged packet: 3 [C12.18, ESP]",
  "session.responseTimeoutMs": "from the device's ACK of a request to its response: 2000 ms [C12.18]",
  "session.minRequestIntervalMs": "least time between two requests: 100 ms [ESP]",
  "session.wakeup.byte": "wake-up byte sent before identification: 0x55 [ESP, NES meters]",
  "session.wakeup.count": "number of wake-up bytes: 4 [ESP]",
  "session.wakeup.intervalMs": "gap between wake-up bytes: 50 ms [ESP]",
  "session.negotiate.packetSize": "packet size asked for, header and CRC included: 64 [ESP]",
  "session.negotiate.packetCount": "packets per message asked for: 2 [ESP]",
  "session.negotiate.baudRate": "baud rate asked for in the negotiation, or null to ask none: 9600 [ESP]",
  "session.logon.userId": "C12.18 logon user id (NES meters do not check it) [OPG]",
  "session.logon.user": "C12.18 logon user name, up to 10 characters [ours]",
  "keys.master": "MK, the unique key: {hex}|{text}|{hexEnv}|{textEnv}; null means scenarios that need it are inconclusive [bench]",
  "keys.provisioning": "PK, the provisioning key [bench]",
  "keys.reader": "RK, the read-only key [bench]",
  "keys.mepAdvanced": "MAK, the MEP advanced key (16 bytes used) [bench]",
  "keys.mepBasic": "MBK, the MEP basic key (16 bytes used) [bench]",
  "keys.omak": "OMAK, the 12-byte PLC key of 7.1; on MEP only used to check that the port refuses it [bench]",
  "mep.responseTimeoutMs": "MEP: from the request to the response's two length bytes: 500 ms [MEP]",
  "mep.interByteTimeoutMs": "MEP: longest gap inside a message: 50 ms [MEP]",
  "mep.retries": "MEP: retransmissions of the identical bytes after a response time-out: 3 [ours, as C12.18]",
  "mep.minRequestIntervalMs": "MEP: least time between two requests: 100 ms [MEP]",
  "mep.encrypt": "encrypt requests (MEP lets each message choose; the device answers in kind) [MEP]",
  "mep.firstSequence": "sequence number of the first request, before the device has told its own (9.7) [MEP]",
  "mep.sequenceWindow": "how far ahead of its last number the device accepts a sequence number: 8 [MEP]",
  "mep.icaSequenceJump": "how far an interface change moves the device's sequence number on: 25 (6.8) [MEP]",
  "plc.gateway.host": "the CN/IP gateway's host name or IPv4 address (also given as --target plc:HOST:PORT) [bench]",
  "plc.gateway.port": "the gateway's UDP port: 1628, the ISO/IEC 14908-4 port [WS-CNIP]",
  "plc.bind.address": "local address the harness's UDP socket binds: 0.0.0.0 (the system picks the interface) [ours]",
  "plc.bind.port": "local UDP port, 0 for any free one; some gateways only answer a configured port [bench]",
  "plc.local.subnet": "the harness's own ISO/IEC 14908-1 subnet, as the gateway's channel knows it [bench]",
  "plc.local.node": "the harness's own 14908-1 node number, 1..127 [bench]",
  "plc.domain": "the 14908-1 domain id of the meters, hex, 0/1/3/6 bytes: 01 (the built-in simulator's) [bench]",
  "plc.meter.subnet": "subnet of the meter under test [bench]",
  "plc.meter.node": "node of the meter under test, 1..127: 11 (the built-in simulator's first meter) [bench]",
  "plc.meter.uniqueId": "the meter's 48-bit unique (Neuron) id, 6 bytes hex, used by clause 5 and by unique-id addressing [bench]",
  "plc.addressing": "how requests reach the meter: subnet-node (14908-1 format 2a) or unique-id (format 3) [ours]",
  "plc.responseTimeoutSeconds": "the 14908-1 transmit timer: how long one attempt waits for its response, in seconds (PLC takes seconds) [ours]",
  "plc.retries": "retries of a request after its first attempt; a retry resends the same 14908-1 PDU (in a new CN/IP packet; the last two attempts on the alternate path) [ours, as the 14908-1 reference stack]",
  "plc.carriage": "how an OSGP message rides in a 14908-1 request/response SPDU: message (the data of an application message of code plc.messageCode) or apdu-code (its bytes are the APDU, its code the APDU's first byte; cannot carry an encrypted request whose first byte reads as NM/ND/NV) [ours; apdu-code inferred, OSGP-REFERENCE link layer C]",
  "plc.messageCode": "the 14908-1 application-message code (0..63) of the message carriage: 0, no source names OSGP's [ours]",
  "plc.messageLimit": "longest OSGP message (APDU, sequence number and digest) on PLC: 114 bytes (9.2) [JN-slides]",
  "plc.maxReadData": "table data asked for in one read over PLC: 84 bytes (9.2, 'typical read') [JN-slides]",
  "plc.maxWriteData": "table data written in one partial write over PLC: 75 bytes (9.2, 'typical write') [JN-slides]",
  "plc.encrypt": "encrypt PLC requests with the OMAK's RC4 keystream [ours, as MEP]",
  "plc.firstSequence": "sequence number of the first PLC request, before the meter has told its own (9.7) [ours]",
  "plc.sequenceWindow": "how far ahead of its last number the meter accepts one on PLC: 8, as on MEP (open question 11) [inferred from MEP]",
  "plc.probeGateway": "send a CN/IP status request when a PLC session opens, so an absent gateway is reported at once [ours]",
  "security.suite": "security suite in force: rc4 (OSGP-RC4-PSK) or aes128 (the PROVISIONAL AES-128-CCM profile; the real framing is not public) [MEP, ours]",
  "security.responseKeystream": "continue: a response continues the request's RC4 keystream (MEP); rekey: fresh RC4 keyed with the response digest [MEP]",
  "security.aesTagLength": "tag length of the provisional AES profile, bytes [ours]",
  "security.emptyDigestInput": "digest of an empty message: one-zero-block (vendor C code) or zero-state (two public implementations) [MEP, TT, F5]",
  "security.rc4EncryptedBytes": "which request bytes RC4 covers: apdu+sequence (MEP, and our default for PLC) or apdu (sequence number in clear) [MEP]",
  "security.bekVariant": "base encryption key from the OMAK: split-halves (bytes 0..5 and 6..11, the paper's diagram) or first-half-twice (one public implementation) [JN-slides, F5]",
  "procedures.resultTimeoutMs": "how long BT08 may say 'accepted, not completed' before a slow procedure fails (9.13.2) [ours]",
  "procedures.pollIntervalMs": "gap between two reads of BT08 [ours]",
  "procedures.firstSequence": "first procedure sequence number of a session; MEP clients use 5..9 [MEP]",
  "procedures.resultWithinMs": "9.13.1: a procedure's result appears in BT08 within 1 s [MEP]",
  "procedures.repeatedSequenceRefused": "a BT07 write repeating the previous sequence number is refused (0x04) [MEP]",
  "clock.toleranceSeconds": "allowed difference between an expected and a read clock [ours]",
  "clock.runSeconds": "how long (device seconds) the clock-runs scenario waits between two reads [ours]",
  "clock.speed": "device seconds per real second: 1 for every real meter; the built-in simulator runs faster (its PIXIT says 10) so that intervals and schedules pass quickly [ours]",
  "clock.deltaProcedure": "procedure that moves the clock by a delta (8.3.2), or null if the device has none: EP16 [MEP, OPG]",
  "clock.deltaSeconds": "delta used by the 8.3.2 scenarios; EP16's parameter is read as INT32 seconds (unconfirmed) [ours]",
  "expect.unknownTable": "codes allowed for a table the device does not have: onp or iar [C12.18 meanings; MEP 'table operation not possible']",
  "expect.notWriteable": "codes allowed for a write to a table BT00 declares not writeable, with the master key: iar or onp [C12.18]",
  "expect.insufficientKey": "codes allowed when the key level is too low: isc [C12.18, OPG]",
  "expect.hardwareLock": "codes allowed for access the hardware lock blocks (7.5): isc [OPG, MEP]",
  "expect.badChecksum": "codes allowed for a write whose data checksum is wrong: err [ours, from C12.18's meaning of err]",
  "expect.unknownService": "codes allowed for a service code C12.18 does not define: sns [C12.18]",
  "expect.outOfSequence": "codes allowed for a table service before logon: isss [C12.18]",
  "expect.wrongPassword": "codes allowed for the security service with a wrong password: err or isc [termineter, ours]",
  "expect.repeatedProcedureSequence": "codes allowed for a BT07 write repeating the previous sequence number: onp [MEP]",
  "expect.oversizeResponse": "codes allowed for a read whose response would not fit one PLC message (9.2): rno (renegotiate) or onp [ours, from C12.18's meanings]",
  "expect.unknownProcedure": "BT08 results allowed for a procedure the device does not have: unrecognized (6) [C12.19]",
  "device.scratch.table": "a table the suite may write and restores afterwards: ET03, the utility serial [OPG]",
  "device.scratch.offset": "first byte of the scratch area [bench]",
  "device.scratch.length": "length of the scratch area, or null for the rest of the table [bench]",
  "device.readerDeniedTable": "a table the read-only key may not read (keys, calibration, download info), or null: ET02 RTC calibration [OPG]",
  "device.openTables": "tables readable without any password: BT00, BT01, ET03 [OPG]",
  "device.mandatoryTables": "tables every device must declare in BT00 [ours, from Annex A and clause 8.3]",
  "device.hardwareLock.read": "tables the device's hardware lock blocks for reading (7.5) [bench, country-specific]",
  "device.hardwareLock.write": "tables the hardware lock blocks for writing [bench]",
  "device.hardwareLock.procedures": "procedures the hardware lock blocks [bench]",
  "device.writeProbeExclude": "tables the A.1 writeable-bitmap check must never write, even with their own content: BT07 (would start a procedure) [ours]",
  "device.interfaceChangeTable": "a table whose change is an interface change (6.8), or null when the suite may not cause one: ET42, the interface definition [MEP]",
  "device.icaFlag.byte": "byte of BT03's manufacturer status that holds the Interface Change Alarm [ours; manufacturer-defined]",
  "device.icaFlag.bit": "bit of that byte [ours; manufacturer-defined]",
  "steps.timeoutMs": "longest a single Gherkin step may take [ours]",
};

/** Items whose value is one of a few words. */
const ENUMS: Readonly<Record<string, readonly string[]>> = {
  "serial.parity": ["none", "even", "odd"],
  "security.suite": ["rc4", "aes128"],
  "security.responseKeystream": ["continue", "rekey"],
  "plc.addressing": ["subnet-node", "unique-id"],
  "plc.carriage": ["message", "apdu-code"],
  "security.emptyDigestInput": ["one-zero-block", "zero-state"],
  "security.bekVariant": ["split-halves", "first-half-twice"],
  "security.rc4EncryptedBytes": ["apdu+sequence", "apdu"],
};

/** Paths whose value may be null although the default is not (and vice versa). */
const NULLABLE = new Set([
  "session.negotiate.baudRate",
  "keys.master",
  "keys.provisioning",
  "keys.reader",
  "keys.mepAdvanced",
  "keys.mepBasic",
  "keys.omak",
  "clock.deltaProcedure",
  "device.readerDeniedTable",
  "device.scratch.length",
  "device.interfaceChangeTable",
]);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Reads a PIXIT file and lays it over `base`. Unknown items and wrong types are errors, with the item's path. */
export function loadPixit(file: string | null, base: Pixit = PIXIT_DEFAULTS): Pixit {
  if (file === null) return base;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new ConfigError("OSGP_ERR_PIXIT", `cannot read PIXIT file ${file}: ${(e as Error).message}`);
  }
  let json: Json;
  try {
    json = JSON.parse(text) as Json;
  } catch (e) {
    throw new ConfigError("OSGP_ERR_PIXIT", `PIXIT file ${file} is not JSON: ${(e as Error).message}`);
  }
  return overlayPixit(base, json, file);
}

export function overlayPixit(base: Pixit, overlay: unknown, origin = "PIXIT"): Pixit {
  return merge(base as unknown as Json, overlay as Json, "", origin) as unknown as Pixit;
}

function merge(base: Json, over: Json, path: string, origin: string): Json {
  const fail = (why: string): never => {
    throw new ConfigError("OSGP_ERR_PIXIT", `${origin}: ${path || "(top level)"} ${why}`, { path });
  };
  if (NULLABLE.has(path) && over === null) return null;
  if (path.startsWith("keys.")) return checkKeySource(over, fail);
  if (isObject(base) || (NULLABLE.has(path) && base === null && isObject(over))) {
    if (!isObject(over)) return fail("must be an object");
    const out: { [k: string]: Json } = { ...(isObject(base) ? base : {}) };
    for (const [k, v] of Object.entries(over)) {
      const p = path ? `${path}.${k}` : k;
      if (isObject(base) && !(k in base)) fail(`has an unknown item "${k}" (see osgp-conformance pixit)`);
      out[k] = merge(isObject(base) ? (base[k] as Json) : null, v, p, origin);
    }
    return out;
  }
  if (Array.isArray(base)) {
    if (!Array.isArray(over) || !over.every((x) => typeof x === "string")) fail("must be a list of strings");
    return over;
  }
  const expected = base === null ? (NULLABLE.has(path) ? "number" : "null") : typeof base;
  if (typeof over !== expected) fail(`must be a ${expected}${NULLABLE.has(path) ? " or null" : ""}, not ${JSON.stringify(over)}`);
  const words = ENUMS[path];
  if (words !== undefined && !words.includes(over as string)) fail(`must be one of ${words.join(", ")}, not ${JSON.stringify(over)}`);
  return over;
}

function checkKeySource(v: Json, fail: (why: string) => never): Json {
  if (v === null) return null;
  const kinds = ["hex", "text", "hexEnv", "textEnv"];
  if (!isObject(v) || Object.keys(v).length !== 1 || !kinds.includes(Object.keys(v)[0] as string) || typeof Object.values(v)[0] !== "string") {
    fail(`must be null or one of {"hex": ...}, {"text": ...}, {"hexEnv": VAR}, {"textEnv": VAR}`);
  }
  return v;
}

function isObject(v: Json | undefined): v is { [k: string]: Json } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The key for a role, or null when the PIXIT gives none (or names an unset environment variable). */
export function keyFor(pixit: Pixit, role: KeyRole): Secret | null {
  const src = pixit.keys[role];
  if (src === null) return null;
  const label = { master: "MK", provisioning: "PK", reader: "RK", mepAdvanced: "MAK", mepBasic: "MBK", omak: "OMAK" }[role];
  if ("hex" in src) return Secret.fromHex(src.hex, label);
  if ("text" in src) return Secret.fromText(src.text, label);
  const name = "hexEnv" in src ? src.hexEnv : src.textEnv;
  const value = process.env[name];
  if (value === undefined || value === "") return null;
  return "hexEnv" in src ? Secret.fromHex(value, label) : Secret.fromText(value, label);
}

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
  readonly link: {
    readonly identity: number;
    readonly ackTimeoutMs: number;
    readonly interCharTimeoutMs: number;
    readonly retries: number;
    readonly deadAfterFailures: number;
    readonly deadProbeIntervalSeconds: number;
  };
  readonly session: {
    readonly responseTimeoutMs: number;
    readonly minRequestIntervalMs: number;
    readonly wakeup: { readonly byte: number; readonly count: number; readonly intervalMs: number };
    readonly negotiate: { readonly packetSize: number; readonly packetCount: number; readonly baudRate: number | null };
    readonly logon: { readonly userId: number; readonly user: string };
    readonly identifyInSession: "restart" | "refuse" | "either";
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
    readonly timingMarginMs: number;
    readonly segmentSize: number;
    readonly segmentGapMinMs: number;
    readonly alertIntervalMs: number;
    readonly longReadTable: string;
    readonly longReadCount: number;
    readonly retransmissionAnswers: readonly string[];
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
  /** 7.0 optical-port access rights, as the access sweep (access-sweep.ts) expects them. */
  readonly access: {
    readonly provisioning: "all-but-keys" | "reader" | "disabled";
    readonly keyTables: readonly string[];
    readonly calibrationTables: readonly string[];
    readonly downloadTables: readonly string[];
    readonly writeExclude: readonly string[];
    readonly harmlessProcedure: string | null;
    readonly harmlessParameters: string;
  };
  readonly steps: { readonly timeoutMs: number };
  readonly billing: {
    readonly sources: { readonly forwardActive: number; readonly reverseActive: number; readonly totalActive: number };
    readonly loadTime: string;
    readonly growthWh: number;
    readonly growthWaitMaxSeconds: number;
    readonly selfReadTime: string | null;
    readonly leadSeconds: number;
    readonly lagSeconds: number;
    readonly badParameters: readonly string[];
    readonly demand: {
      readonly testIntervalMinutes: number | null;
      readonly refusedConfiguration: readonly string[];
      readonly maximumStamp: "interval-end" | "interval-start";
    };
  };
  readonly records: {
    readonly leadSeconds: number;
    readonly refusedWrite: readonly string[];
    readonly historyList: number;
    readonly unreadAlarmFlag: { readonly table: string; readonly byte: number; readonly bit: number };
    readonly criticalFlag: { readonly table: string; readonly byte: number; readonly bit: number };
  };
  readonly mepMbus: {
    readonly refusedWrite: readonly string[];
    readonly badRequest: readonly string[];
    readonly simulatorBench: boolean;
    readonly absentAddress: number;
    readonly unknownMepRequestCode: number;
    readonly uplinkFromClient: boolean;
  };
  readonly control: {
    readonly contactorProcedure: string;
    readonly relayProcedure: string;
    readonly testModeProcedure: string;
    readonly clearAlarmsProcedure: string;
    readonly clearStatusFlagsProcedure: string;
    readonly icsField: string;
    readonly rejectedValue: readonly string[];
    readonly badRequest: readonly string[];
    readonly loadImportsAt: string;
    readonly simulatorBench: boolean;
  };
  readonly pending: {
    readonly table: string;
    readonly refusedCodes: readonly string[];
    readonly notPendingResults: readonly string[];
    readonly pastActivation: "activate" | "refuse";
  };
  readonly vci: {
    readonly refusedCodes: readonly string[];
    readonly fixed: readonly string[];
    readonly meter: readonly string[];
    readonly host: readonly string[];
    readonly values: readonly string[];
  };
  readonly tou: { readonly refusedCodes: readonly string[] };
  readonly fuzz: {
    readonly budgetSeconds: number;
    readonly maxCases: number;
    readonly seed: number;
    readonly sessionRenewalSeconds: number;
    readonly settleMs: number;
    readonly healthTable: string;
    readonly staticTables: readonly string[];
    readonly malformedRequest: readonly string[];
    readonly trailingBytes: readonly string[];
    readonly procedureWrite: readonly string[];
    readonly transactionWrite: readonly string[];
  };
}

export const PIXIT_DEFAULTS: Pixit = {
  serial: { path: "", baudRate: 9600, dataBits: 8, parity: "none", stopBits: 1, openTimeoutMs: 5000, writeTimeoutMs: 2000 },
  link: { identity: 0, ackTimeoutMs: 2000, interCharTimeoutMs: 500, retries: 3, deadAfterFailures: 3, deadProbeIntervalSeconds: 60 },
  session: {
    responseTimeoutMs: 2000,
    minRequestIntervalMs: 100,
    wakeup: { byte: 0x55, count: 4, intervalMs: 50 },
    negotiate: { packetSize: 64, packetCount: 2, baudRate: 9600 },
    logon: { userId: 0, user: "OSGPCONF" },
    identifyInSession: "either",
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
    timingMarginMs: 20,
    segmentSize: 117,
    segmentGapMinMs: 10,
    alertIntervalMs: 1000,
    longReadTable: "BT23",
    longReadCount: 200,
    retransmissionAnswers: ["same-response", "sequence-error"],
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
  access: {
    provisioning: "all-but-keys",
    keyTables: [],
    calibrationTables: ["ET02"],
    downloadTables: [],
    writeExclude: ["ET52"],
    harmlessProcedure: "BP10",
    harmlessParameters: "00 00 00 00 00 00 00 00",
  },
  steps: { timeoutMs: 60000 },
  billing: {
    sources: { forwardActive: 0, reverseActive: 1, totalActive: 4 },
    loadTime: "any",
    growthWh: 3,
    growthWaitMaxSeconds: 120,
    selfReadTime: "00:00:00",
    leadSeconds: 5,
    lagSeconds: 3,
    badParameters: ["invalid-parameter"],
    demand: { testIntervalMinutes: 1, refusedConfiguration: ["onp", "iar"], maximumStamp: "interval-end" },
  },
  records: {
    leadSeconds: 5,
    refusedWrite: ["err", "iar"],
    historyList: 8,
    unreadAlarmFlag: { table: "ET73", byte: 0, bit: 0 },
    criticalFlag: { table: "ET73", byte: 0, bit: 1 },
  },
  mepMbus: { refusedWrite: ["onp", "iar"], badRequest: ["invalid-parameter", "conflict"], simulatorBench: false, absentAddress: 250, unknownMepRequestCode: 0x7f, uplinkFromClient: true },
  control: {
    contactorProcedure: "EP30",
    relayProcedure: "EP05",
    testModeProcedure: "BP06",
    clearAlarmsProcedure: "BP08",
    clearStatusFlagsProcedure: "BP07",
    icsField: "ET54.80.0",
    rejectedValue: ["err", "onp", "iar"],
    badRequest: ["invalid-parameter", "conflict"],
    loadImportsAt: "any",
    simulatorBench: false,
  },
  pending: { table: "BT54", refusedCodes: ["onp", "iar", "err"], notPendingResults: ["invalid-parameter", "conflict"], pastActivation: "activate" },
  vci: {
    refusedCodes: ["iar"],
    fixed: ["BT01.0", "ET47.0", "ET48.0"],
    meter: ["ET47.8", "ET48.7"],
    host: ["ET03.0", "BT54.0", "ET47.1"],
    values: ["BT00.0=02", "ET47.0=01", "ET48.0=01"],
  },
  tou: { refusedCodes: ["onp", "iar", "err"] },
  fuzz: {
    budgetSeconds: 60,
    maxCases: 100000,
    seed: 1,
    sessionRenewalSeconds: 540,
    settleMs: 200,
    healthTable: "BT01",
    staticTables: ["BT00", "BT01"],
    malformedRequest: ["err", "sns", "iar", "onp"],
    trailingBytes: ["err", "ok"],
    procedureWrite: ["ok", "onp", "iar", "err"],
    transactionWrite: ["ok", "iar", "onp", "err"],
  },
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
  "link.deadAfterFailures": "every link (optical, MEP, PLC): after this many exchanges in a row end with no ACK, no answer or a port error, the link is lost and later scenarios are inconclusive at once, without traffic; any answer resets the count; 0: never [ours]",
  "link.deadProbeIntervalSeconds": "while the link is lost, at most one scenario per this many seconds probes it (one attempt, no retransmission); an answer makes it usable again [ours]",
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
  "session.identifyInSession": "what Identification does inside a logged-on session: restart (ok, back to the identified state: a table read then gets expect.outOfSequence), refuse (expect.outOfSequence, the session goes on), or either; the reference does not settle it [ours; C12.18 state model, unconfirmed]",
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
  "mep.timingMarginMs": "MEP link checks over a serial line or pty: allowance for the bench's own latency (a USB adapter's latency timer, the pty, the scheduler) added to the response time and the inter-byte time before a delay is a breach: 20 ms [ours]",
  "mep.segmentSize": "MEP: a response frame longer than this many bytes, its length field included, comes in segments of at most this size: 117 [MEP; whether the 2 length bytes count is not stated: a device counting the payload only needs 119]",
  "mep.segmentGapMinMs": "MEP link checks: the least silence taken for the gap between two segments; the MEP guide's server leaves 25 ms, a pty or a UART's jitter far less than 10 [ours]",
  "mep.alertIntervalMs": "MEP: while alerts pend the device sends 00 00 this often; the alert scenario listens for two intervals: 1000 ms [MEP]",
  "mep.longReadTable": "MEP link checks: the table of the read whose response must be segmented (longer than mep.segmentSize): BT23, the MEP guide's own example table [MEP]",
  "mep.longReadCount": "bytes of that read, from offset 0: 200, a 213-byte response frame [ours]",
  "mep.retransmissionAnswers": "MEP: what a request sent again byte for byte (a retransmission after a lost response) may be answered with: same-response (the first response again) and/or sequence-error (0x0C, as for any replay, 9.7). The guide's retransmission rule and its replay rule do not say which; both by default [MEP, ambiguous]",
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
  "access.provisioning":
    "what the provisioning key (PK) may do on the optical port: all-but-keys (what the master key may, except read or write the access.keyTables and write the access.downloadTables), reader (the reader key's rights) or disabled (ET04 turned it off: its password is refused as a wrong one and the session gets no key's rights). The guide's one line is ambiguous ('PK = no key read/write, no firmware download, may be disabled via ET04'); all-but-keys is its plainest reading, unconfirmed [OPG, ambiguous]",
  "access.keyTables": "tables that hold keys: only the master key may read or write them. The guide names none, so none by default [OPG; bench]",
  "access.calibrationTables": "tables of calibration data, which the reader key may not read (device.readerDeniedTable counts too): ET02, RTC calibration [OPG]",
  "access.downloadTables": "tables of firmware download information: the reader key may not read them, the provisioning key may not write them. 9.12's tables are not public, so none by default [OPG; bench]",
  "access.writeExclude":
    "writeable tables the 7.0 access sweep never writes, besides device.writeProbeExclude (BT07 is only ever written with access.harmlessProcedure): ET52, whose own content could run its last transaction again (9.10 checks its access); list here any table whose content changes on its own or whose write has side effects [ours]",
  "access.harmlessProcedure":
    "procedure the 7.0 access sweep starts (a BT07 write) to see which keys may run procedures, or null to write no BT07: BP10 with the parameters of access.harmlessParameters, which set nothing [C12.19 BP10, ours]",
  "access.harmlessParameters":
    "that procedure's parameters, hex: 8 zero bytes, BP10's SET_MASK 0 (neither time, date nor qualifier is set), then a zero date-time and qualifier; a device answers 'completed' or 'invalid parameter', and changes nothing either way [C12.19]",
  "steps.timeoutMs": "longest a single Gherkin step may take [ours]",
  "billing.sources.forwardActive": "BT22/BT27 source id of forward (import) active energy and power: 0 [ESP]",
  "billing.sources.reverseActive": "source id of reverse (export) active energy and power: 1 [ESP]",
  "billing.sources.totalActive": "source id of the total (import + export) active energy of 8.4.2: 4 [ours, PROVISIONAL: no source gives NES's id]",
  "billing.loadTime": "device time of day (hh:mm:ss, UTC) at which the bench load draws power, where the scenarios that need the registers to grow or a demand to build set the clock (and restore it); any: the bench load always flows, the clock stays [bench; the simulator's load peaks in the evening]",
  "billing.growthWh": "growth of the registers (Wh) the 8.4/8.4.3 scenarios wait for, at the present load BT28 shows, before they compare: 3 [ours]",
  "billing.growthWaitMaxSeconds": "longest wait (device seconds) for that growth; a load too small to reach it makes the scenario inconclusive [ours]",
  "billing.selfReadTime": "device time of day (UTC) of the daily self-read (8.4.1): 00:00:00, midnight of the meter's clock; null: the device has no daily schedule of its own [ours; BT21 REG_FUNC2 says whether it has one]",
  "billing.leadSeconds": "how many device seconds before a demand interval end or a self-read time the scenarios set the clock: enough for BP10 to complete and for a first reading [ours]",
  "billing.lagSeconds": "how many device seconds after that instant the scenarios read again [ours]",
  "billing.badParameters": "BT08 results allowed for BP09 with parameters it cannot take (no action asked, the reserved bit set, a wrong length): invalid-parameter [C12.19]",
  "billing.demand.testIntervalMinutes": "demand interval the 8.15 scenarios configure in ET40 (block demand, restored afterwards) so that intervals end every few minutes; null: keep the device's own configuration [ours]",
  "billing.demand.refusedConfiguration": "codes allowed for an ET40 write the device cannot use (an interval that does not divide the hour, sub-intervals that do not divide it, an unknown or repeated source): onp or iar [ours, from C12.18's meanings; ET40's layout is PROVISIONAL]",
  "billing.demand.maximumStamp": "which end of its interval a maximum demand's time stamp (BT23 EVENT_TIME) gives: interval-end or interval-start [ours; C12.19 does not say]",
  "records.leadSeconds": "how many device seconds before a load-profile interval boundary the scenarios set the clock, so the interval closes while they wait: enough for BP10 to complete [ours]",
  "records.refusedWrite": "codes allowed for a write of an invalid value to a load-profile or history-log table (ET21, ET57, BT73, ET72): err or iar [ours, from C12.18's meanings]",
  "records.historyList": "BP04/BP05 LIST number of the history log (BT74): 8 [one vendor's C12.19 meters; PROVISIONAL]",
  "records.unreadAlarmFlag.table": "table holding the load-profile unread-entries alarm of 8.5.3: ET73 [ours, PROVISIONAL]",
  "records.unreadAlarmFlag.byte": "byte of that table holding the flag [ours]",
  "records.unreadAlarmFlag.bit": "bit of that byte [ours]",
  "records.criticalFlag.table": "table holding the critical-event flag of 8.12.1: ET73 [ours, PROVISIONAL]",
  "records.criticalFlag.byte": "byte of that table holding the flag [ours]",
  "records.criticalFlag.bit": "bit of that byte [ours]",
  "mepMbus.refusedWrite": "codes allowed for a refused write of ET13, ET18, ET31, ET50 or ET51 (an address in use, a cut entry, a schedule out of range, a past one-time read...): onp or iar [ours, from C12.18's meanings; the layouts are PROVISIONAL]",
  "mepMbus.badRequest": "BT08 results allowed for EP17, EP19 or EP39 with parameters the device cannot take (no such device or channel, unknown action or kind): invalid-parameter or conflict [ours, from C12.19's result meanings]",
  "mepMbus.simulatorBench": "the device is the built-in simulator, whose bench procedure EP95 (not OSGP) cuts the power, unplugs M-Bus devices and sets the MEP device's alarms; false: the scenarios that need those hands-on actions are not applicable [ours]",
  "mepMbus.absentAddress": "an M-Bus primary address (1..250) at which no device on the bench answers: the 8.18.4 scenario installs a device there [bench]",
  "mepMbus.unknownMepRequestCode": "an on-demand request code the MEP device does not know, so that it refuses the request (8.17.1.2) [bench; the simulated device knows 0x01 and 0x02]",
  "mepMbus.uplinkFromClient": "the device accepts uplink postings (EP39 kinds 2-6) from the harness's link as from a MEP device; false: 8.17.2.3-8.17.2.5 are not applicable [ours]",
  "control.contactorProcedure": "procedure that opens, closes and arms the load contactor (8.10.4): EP30, one UINT8 action 0 open, 1 close, 2 arm [ours, PROVISIONAL: no source names it]",
  "control.relayProcedure": "procedure that switches a control relay (8.11.3): EP05, UINT8 relay, UINT8 command 0 off, 1 on, 2/3 off/on after the random delay [ours, PROVISIONAL]",
  "control.testModeProcedure": "procedure that enters and leaves test mode (8.16): BP06, C12.19 Change End Device Mode [C12.19]",
  "control.clearAlarmsProcedure": "procedure that clears the latched alarms (8.6): BP08, C12.19 Clear Manufacturer Status Flags [C12.19]",
  "control.clearStatusFlagsProcedure": "procedure that clears BT03's latched standard status flags: BP07, C12.19 Clear Standard Status Flags [C12.19]",
  "control.icsField": "the interface compatibility setting's ICA NAK bit (8.19), as a 6.6 field reference TABLE.OFFSET.BIT: ET54.80.0 [ours, PROVISIONAL: OSGP-REFERENCE 6.8 names ET42/ET54 and bit 0, not the offset]",
  "control.rejectedValue": "codes allowed for a write of a control, display or power-quality table holding a value out of range (a zero ratio, an unknown source id, a sag above the swell): err, onp or iar [ours, from C12.18's meanings; the layouts are PROVISIONAL]",
  "control.badRequest": "BT08 results allowed for a contactor, relay, test-mode or clear-alarms procedure with parameters it cannot take (unknown action or relay, wrong length, a mode the device does not have): invalid-parameter or conflict [C12.19's result meanings]",
  "control.loadImportsAt": "device time of day (hh:mm:ss, UTC) at which the bench load imports power, for the scenarios that need consumption (load limit, prepaid, delta alerts, test registers), which set the clock there and restore it; any: the bench load always imports [bench; the simulator's load imports in the evening]",
  "control.simulatorBench": "the device is the built-in simulator, whose bench procedure EP94 (not OSGP) presses the contactor's button and makes self-tests fail; false: the scenarios that need those hands-on actions are not applicable [ours]",
  "pending.table": "the table the 6.3 scenarios write pending versions of (its own content, so activating changes nothing): BT54, the calendar (pending id 4150) [OPG]",
  "pending.refusedCodes": "codes allowed for a pending write whose PED is impossible (month 13, the empty PED, event code 3) or shorter than a PED: onp, iar or err [ours, from C12.18's meanings]",
  "pending.notPendingResults": "BT08 results allowed for BP13/BP15 naming a table with nothing pending: invalid-parameter or conflict [ours, from C12.19's result meanings]",
  "pending.pastActivation": "what a pending write whose absolute time has passed does: activate (at once) or refuse (one of pending.refusedCodes) [ours; OPG does not say]",
  "vci.refusedCodes": "codes allowed for a write changing an F (fixed) or M (meter-controlled) field (6.4): iar [ours, from C12.18's meaning of iar]",
  "vci.fixed": "F fields the 6.4 scenarios try to change, as 6.6 field references TABLE.OFFSET: BT01 (identification) and the version bytes of our ET47/ET48 layouts [OPG; ET47/ET48 PROVISIONAL]",
  "vci.meter": "M fields the 6.4 scenarios try to change: the status bytes of our ET47/ET48 layouts [ours, PROVISIONAL]",
  "vci.host": "H fields a write of their own value must be accepted in: ET03 (utility serial), BT54 (calendar), ET47's mode [OPG; ET47 PROVISIONAL]",
  "vci.values": "fields with a hard-coded value (6.5), as TABLE.OFFSET=HEX: BT00.0 (LSB first, ASCII) and the version bytes of our ET47/ET48 layouts [OPG; ET47/ET48 PROVISIONAL]",
  "tou.refusedCodes": "codes allowed for a write of BT54, ET47 or ET48 whose content the device cannot take (a month 13 date, a period of 0, a tier switch at 25:00, an unknown mode): onp, iar or err [ours, from C12.18's meanings]",
  "fuzz.budgetSeconds": "how long one fuzz campaign scenario generates cases (shrinking and the reproduction run come after) [ours]",
  "fuzz.maxCases": "most cases one fuzz campaign scenario runs, whatever its budget [ours]",
  "fuzz.seed": "seed of the fuzz campaign scenarios: the same seed replays the same cases [ours]",
  "fuzz.sessionRenewalSeconds": "a campaign logs off and on again once its session is this old: before the optical port's 600 s session time-out [ours, OPG]",
  "fuzz.settleMs": "quiet time after a malformed frame before the health check's request [ours]",
  "fuzz.healthTable": "the known-good read after every anomaly: a table whose content never changes (compared with the campaign's first read) [ours]",
  "fuzz.staticTables": "tables whose content never changes on its own: a write to them that was refused must leave them as they were [ours]",
  "fuzz.malformedRequest": "codes allowed for a request cut short, with an overlong count, or otherwise undecodable [ours, from C12.18's meaning of err]",
  "fuzz.trailingBytes": "codes allowed for a well-formed request followed by extra bytes: err, or the request served [ours]",
  "fuzz.procedureWrite": "codes allowed for a BT07 write of an unknown procedure or with reserved selector bits; BT08 then reports the result [ours, C12.19]",
  "fuzz.transactionWrite": "codes allowed for a malformed ET52 image (9.10) [ours]",
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
  "pending.pastActivation": ["activate", "refuse"],
  "billing.demand.maximumStamp": ["interval-end", "interval-start"],
  "access.provisioning": ["all-but-keys", "reader", "disabled"],
  "session.identifyInSession": ["restart", "refuse", "either"],
};

/** Paths whose value may be null although the default is not (and vice versa). */
const NULLABLE = new Set([
  "billing.selfReadTime",
  "billing.demand.testIntervalMinutes",
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
  "access.harmlessProcedure",
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
    throw new ConfigError("OSGP_ERR_PIXIT", `PIXIT file ${file} is not JSON: ${jsonSyntaxProblem((e as Error).message, text)}`);
  }
  return overlayPixit(base, json, file);
}

/**
 * JSON.parse's complaint without the piece of the file it quotes ('Unexpected token 'S', ..."text":
 * SIM-MASTER"... is not valid JSON'), which in a PIXIT file may be a key, and with where the
 * problem is.
 */
function jsonSyntaxProblem(message: string, text: string): string {
  const words =
    message
      .replace(/,?\s*(\.\.\.)?"[\s\S]*"(\.\.\.)?\s+is not valid JSON$/, "")
      .replace(/(Unexpected token) '[\s\S]+?'/, "$1")
      .replace(/ at position \d+.*$/, "")
      .replace(/ in JSON$/, "")
      .trim() || "not valid JSON";
  const at = /at position (\d+)/.exec(message);
  if (at === null) return words;
  const before = text.slice(0, Number(at[1])).split("\n");
  return `${words} at line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
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

import { item, key, nullable, oneOf, type PixitGroup } from "./pixit-item";

/**
 * Every PIXIT item, declared once: its default, what it means, where the default comes from, and
 * (by the constructor) what a lab may set it to. Sources: "ESP" = hendrikb/esphome-osgp-meter,
 * "C12.18" = nominal C12.18 values not checked against the standard's text, "OPG"/"MEP" = the OSGP
 * Alliance guides, "bench" = the lab's own, "ours" = our choice. A new item goes here and nowhere
 * else: the Pixit type, the defaults, the checks of a PIXIT file, pixit.schema.json and the README's
 * table (`npm run docs`) follow. The order is the README's.
 */
export const PIXIT_DECLARATION = {
  serial: {
    path: item("", "serial device of the optical probe (also given as --target optical:PATH)", "bench"),
    baudRate: item(9600, "line speed before negotiation: 9600", "ESP, C12.18"),
    dataBits: oneOf([7, 8], 8, "data bits per character, 7 or 8: 8", "ESP: 9600 8N1"),
    parity: oneOf(["none", "even", "odd"], "none", "parity, none, even or odd: none", "ESP"),
    stopBits: oneOf([1, 2], 1, "stop bits per character, 1 or 2: 1", "ESP"),
    openTimeoutMs: item(5000, "time allowed to open the port before OSGP_ERR_PORT_OPEN", "ours"),
    writeTimeoutMs: item(2000, "time allowed for one write to drain before OSGP_ERR_PORT_WRITE", "ours"),
  },
  link: {
    identity: item(0, "C12.18 identity byte in every packet: 0x00", "ESP, termineter"),
    ackTimeoutMs: item(
      2000,
      "wait for ACK/NAK before retransmitting: 2000 ms, the C12.18 response time-out",
      "C12.18; ESP uses 500",
    ),
    interCharTimeoutMs: item(500, "longest gap inside one packet: 500 ms", "C12.18; ESP uses 50"),
    retries: item(3, "retransmissions of an unacknowledged packet: 3", "C12.18, ESP"),
    deadAfterFailures: item(
      3,
      "every link (optical, MEP, PLC): after this many exchanges in a row end with no ACK, no answer or a port error, the link is lost and later scenarios are inconclusive at once, without traffic; any answer resets the count; 0: never",
      "ours",
    ),
    deadProbeIntervalSeconds: item(
      60,
      "while the link is lost, at most one scenario per this many seconds probes it (one attempt, no retransmission); an answer makes it usable again",
      "ours",
    ),
  },
  session: {
    responseTimeoutMs: item(2000, "from the device's ACK of a request to its response: 2000 ms", "C12.18"),
    minRequestIntervalMs: item(100, "least time between two requests: 100 ms", "ESP"),
    wakeup: {
      byte: item(0x55, "wake-up byte sent before identification: 0x55", "ESP, NES meters"),
      count: item(4, "number of wake-up bytes: 4", "ESP"),
      intervalMs: item(50, "gap between wake-up bytes: 50 ms", "ESP"),
    },
    negotiate: {
      packetSize: item(64, "packet size asked for, header and CRC included: 64", "ESP"),
      packetCount: item(2, "packets per message asked for: 2", "ESP"),
      baudRate: nullable("number", 9600, "baud rate asked for in the negotiation, or null to ask none: 9600", "ESP"),
    },
    logon: {
      userId: item(0, "C12.18 logon user id (NES meters do not check it)", "OPG"),
      user: item("OSGPCONF", "C12.18 logon user name, up to 10 characters", "ours"),
    },
    identifyInSession: oneOf(
      ["restart", "refuse", "either"],
      "either",
      "what Identification does inside a logged-on session: restart (ok, back to the identified state: a table read then gets expect.outOfSequence), refuse (expect.outOfSequence, the session goes on), or either; the reference does not settle it",
      "ours; C12.18 state model, unconfirmed",
    ),
    channelTrafficTimeoutSeconds: item(
      6,
      "the device ends a session silent this long (C12.18's channel traffic time-out): a session kept between scenarios is renewed while at least 1 s of it is left, whatever sessionReuse.maxIdleSeconds says",
      "C12.18",
    ),
    logonHoldOff: {
      seconds: item(
        300,
        "after the device refuses a new session with one of session.logonHoldOff.codes, no session opens on the target for this long: the scenario refused is inconclusive, saying until when, and the next one waits out what is left once, then opens its session; a clean-up that needs a session waits the same way first; a bench command stops with OSGP_ERR_LOGON_HOLD_OFF, or waits once with --wait-hold-off. NES meters hold off new optical sessions after too many (ET51's optical hold-off, 300 s by default)",
        "OPG",
      ),
      codes: item(
        ["bsy"],
        "response codes (mnemonic or number) by which the device refuses identification, negotiate, logon or security for its hold-off rather than for a fault: bsy, device busy, by default",
        "ours; OPG names the hold-off, not its code",
      ),
    },
  },
  sessionReuse: {
    enabled: item(
      true,
      "on a real link (serial port, PLC gateway), one session serves consecutive scenarios that use the same key, as a lab would keep its probe logged on (on the optical port, one that asks for another key too: Logoff, then Logon and Security on the same channel; a device that refuses gets a fresh session); a scenario tagged @fresh-session, one that sends raw requests or ends other than pass or not applicable, and one on the built-in simulator (a fresh meter per scenario) always start and end their own; false: a session per scenario",
      "ours",
    ),
    maxIdleSeconds: item(
      4,
      "a kept session silent longer than this (from its last bytes on the line) is closed and a new one opened: under the C12.18 channel traffic time-out (session.channelTrafficTimeoutSeconds), after which a meter ends a silent session; a session the device ended all the same is opened again at the next scenario's first request, when the device's answer proves that request was not executed",
      "C12.18 (6 s), ours",
    ),
    maxAgeSeconds: item(
      540,
      "a kept session older than this is renewed: before the 600 s optical session limit of NES meters",
      "NES meters, ours",
    ),
  },
  keys: {
    master: key(
      "MK, the unique key: {hex}|{text}|{hexEnv}|{textEnv}; null means scenarios that need it are inconclusive",
      "bench",
    ),
    provisioning: key("PK, the provisioning key", "bench"),
    reader: key("RK, the read-only key", "bench"),
    mepAdvanced: key("MAK, the MEP advanced key (16 bytes used)", "bench"),
    mepBasic: key("MBK, the MEP basic key (16 bytes used)", "bench"),
    omak: key("OMAK, the 12-byte PLC key of 7.1; on MEP only used to check that the port refuses it", "bench"),
  },
  mep: {
    responseTimeoutMs: item(500, "MEP: from the request to the response's two length bytes: 500 ms", "MEP"),
    interByteTimeoutMs: item(50, "MEP: longest gap inside a message: 50 ms", "MEP"),
    retries: item(3, "MEP: retransmissions of the identical bytes after a response time-out: 3", "ours, as C12.18"),
    minRequestIntervalMs: item(100, "MEP: least time between two requests: 100 ms", "MEP"),
    encrypt: item(true, "encrypt requests (MEP lets each message choose; the device answers in kind)", "MEP"),
    firstSequence: item(1, "sequence number of the first request, before the device has told its own (9.7)", "MEP"),
    sequenceWindow: item(8, "how far ahead of its last number the device accepts a sequence number: 8", "MEP"),
    icaSequenceJump: item(25, "how far an interface change moves the device's sequence number on: 25 (6.8)", "MEP"),
    timingMarginMs: item(
      20,
      "MEP link checks over a serial line or pty: allowance for the bench's own latency (a USB adapter's latency timer, the pty, the scheduler) added to the response time and the inter-byte time before a delay is a breach: 20 ms",
      "ours",
    ),
    segmentSize: item(
      117,
      "MEP: a response frame longer than this many bytes, its length field included, comes in segments of at most this size: 117",
      "MEP; whether the 2 length bytes count is not stated: a device counting the payload only needs 119",
    ),
    segmentGapMinMs: item(
      10,
      "MEP link checks: the least silence taken for the gap between two segments; the MEP guide's server leaves 25 ms, a pty or a UART's jitter far less than 10",
      "ours",
    ),
    alertIntervalMs: item(
      1000,
      "MEP: while alerts pend the device sends 00 00 this often; the alert scenario listens for two intervals: 1000 ms",
      "MEP",
    ),
    longReadTable: item(
      "BT23",
      "MEP link checks: the table of the read whose response must be segmented (longer than mep.segmentSize): BT23, the MEP guide's own example table",
      "MEP",
    ),
    longReadCount: item(200, "bytes of that read, from offset 0: 200, a 213-byte response frame", "ours"),
    retransmissionAnswers: item(
      ["same-response", "sequence-error"],
      "MEP: what a request sent again byte for byte (a retransmission after a lost response) may be answered with: same-response (the first response again) and/or sequence-error (0x0C, as for any replay, 9.7). The guide's retransmission rule and its replay rule do not say which; both by default",
      "MEP, ambiguous",
    ),
  },
  plc: {
    gateway: {
      host: item(
        "127.0.0.1",
        "the CN/IP gateway's host name or IPv4 address (also given as --target plc:HOST:PORT)",
        "bench",
      ),
      port: item(
        1628,
        "the gateway's UDP port: 1628, the ISO/IEC 14908-4 port",
        "Wireshark's CN/IP dissector (packet-cnip.c)",
      ),
    },
    bind: {
      address: item(
        "0.0.0.0",
        "local address the harness's UDP socket binds: 0.0.0.0 (the system picks the interface)",
        "ours",
      ),
      port: item(0, "local UDP port, 0 for any free one; some gateways only answer a configured port", "bench"),
    },
    local: {
      subnet: item(1, "the harness's own ISO/IEC 14908-1 subnet, as the gateway's channel knows it", "bench"),
      node: item(1, "the harness's own 14908-1 node number, 1..127", "bench"),
    },
    domain: item(
      "01",
      "the 14908-1 domain id of the meters, hex, 0/1/3/6 bytes: 01 (the built-in simulator's)",
      "bench",
    ),
    meter: {
      subnet: item(1, "subnet of the meter under test", "bench"),
      node: item(11, "node of the meter under test, 1..127: 11 (the built-in simulator's first meter)", "bench"),
      uniqueId: item(
        "4f 53 47 50 00 01",
        "the meter's 48-bit unique (Neuron) id, 6 bytes hex, used by clause 5 and by unique-id addressing",
        "bench",
      ),
    },
    addressing: oneOf(
      ["subnet-node", "unique-id"],
      "subnet-node",
      "how requests reach the meter: subnet-node (14908-1 format 2a) or unique-id (format 3)",
      "ours",
    ),
    responseTimeoutSeconds: item(
      3,
      "the 14908-1 transmit timer: how long one attempt waits for its response, in seconds (PLC takes seconds)",
      "ours",
    ),
    retries: item(
      3,
      "retries of a request after its first attempt; a retry resends the same 14908-1 PDU (in a new CN/IP packet; the last two attempts on the alternate path)",
      "ours, as the 14908-1 reference stack",
    ),
    receiveTimerMs: nullable(
      "number",
      null,
      "the meter's 14908-1 receive timer (ms): how long it keeps a transaction's receive record to answer a retry from; a repeat answered 0x0C (replay refused) within it FAILs clause 4; null: unknown, a 0x0C to a repeat counts as the request not executed again",
      "bench: set in the meter's 14908-1 domain configuration",
    ),
    carriage: oneOf(
      ["message", "apdu-code"],
      "message",
      "how an OSGP message rides in a 14908-1 request/response SPDU: message (the data of an application message of code plc.messageCode) or apdu-code (its bytes are the APDU, its code the APDU's first byte; cannot carry an encrypted request whose first byte reads as NM/ND/NV)",
      "ours; apdu-code inferred from the 14908-1 APDU code ranges",
    ),
    messageCode: item(
      0,
      "the 14908-1 application-message code (0..63) of the message carriage: 0, no source names OSGP's",
      "ours",
    ),
    messageLimit: item(
      114,
      "longest OSGP message (APDU, sequence number and digest) on PLC: 114 bytes (9.2)",
      "Jovanovic and Neves, Practical cryptanalysis of the Open Smart Grid Protocol (FSE 2015)",
    ),
    maxReadData: item(
      84,
      "table data asked for in one read over PLC: 84 bytes (9.2, 'typical read')",
      "Jovanovic and Neves, Practical cryptanalysis of the Open Smart Grid Protocol (FSE 2015)",
    ),
    maxWriteData: item(
      75,
      "table data written in one partial write over PLC: 75 bytes (9.2, 'typical write')",
      "Jovanovic and Neves, Practical cryptanalysis of the Open Smart Grid Protocol (FSE 2015)",
    ),
    encrypt: item(true, "encrypt PLC requests with the OMAK's RC4 keystream", "ours, as MEP"),
    firstSequence: item(1, "sequence number of the first PLC request, before the meter has told its own (9.7)", "ours"),
    sequenceWindow: item(
      8,
      "how far ahead of its last number the meter accepts one on PLC: 8, as on MEP (nothing public states it for PLC)",
      "inferred from MEP",
    ),
    probeGateway: item(
      true,
      "send a CN/IP status request when a PLC session opens, so an absent gateway is reported at once",
      "ours",
    ),
  },
  security: {
    suite: oneOf(
      ["rc4", "aes128"],
      "rc4",
      "security suite the harness speaks: rc4 (OSGP-RC4-PSK) or aes128 (the PROVISIONAL AES-128-CCM profile; the real framing is not public); must agree with the PICS's 7.4/aes-mode, which says what the device runs",
      "MEP, ours",
    ),
    responseKeystream: oneOf(
      ["continue", "rekey"],
      "continue",
      "continue: a response continues the request's RC4 keystream (MEP); rekey: fresh RC4 keyed with the response digest",
      "MEP",
    ),
    aesTagLength: item(8, "tag length of the provisional AES profile, bytes", "ours"),
    emptyDigestInput: oneOf(
      ["one-zero-block", "zero-state"],
      "one-zero-block",
      "digest of an empty message: one-zero-block (vendor C code) or zero-state (two public implementations)",
      "MEP, TT, F5",
    ),
    rc4EncryptedBytes: oneOf(
      ["apdu+sequence", "apdu"],
      "apdu+sequence",
      "which request bytes RC4 covers: apdu+sequence (MEP, and our default for PLC) or apdu (sequence number in clear)",
      "MEP",
    ),
    bekVariant: oneOf(
      ["split-halves", "first-half-twice"],
      "split-halves",
      "base encryption key from the OMAK: split-halves (bytes 0..5 and 6..11, as Jovanovic and Neves draw it) or first-half-twice (one public implementation)",
      "Jovanovic and Neves (FSE 2015); f5aaff/practice",
    ),
  },
  procedures: {
    resultTimeoutMs: item(
      10000,
      "how long BT08 may say 'accepted, not completed' before a slow procedure fails (9.13.2)",
      "ours",
    ),
    pollIntervalMs: item(200, "gap between two reads of BT08", "ours"),
    firstSequence: item(5, "first procedure sequence number of a session; MEP clients use 5..9", "MEP"),
    resultWithinMs: item(1000, "9.13.1: a procedure's result appears in BT08 within 1 s", "MEP"),
  },
  clock: {
    toleranceSeconds: item(2, "allowed difference between an expected and a read clock", "ours"),
    reactionSeconds: item(
      5,
      "how many device seconds after its clock passes a trigger (a one-time or scheduled read, a calendar switch, a load limit's duration, test mode's time-out, a load-profile interval's end, the daily self-read, the periodic self-test, the end of a power-quality event) the device may take to show the effect in its tables; the scenarios read them again until its clock is past that and only then fail: 5",
      "ours",
    ),
    runSeconds: item(
      5,
      "how long (device seconds) the clock-runs scenario waits between two reads: more than clock.toleranceSeconds, or a stopped clock passes",
      "ours",
    ),
    speed: item(
      1,
      "device seconds per real second: 1 for every real meter; the built-in simulator runs faster (its PIXIT says 10) so that intervals and schedules pass quickly",
      "ours",
    ),
    deltaProcedure: nullable(
      "string",
      "EP16",
      "procedure that moves the clock by a delta (8.3.2), or null if the device has none: EP16",
      "MEP, OPG",
    ),
    deltaSeconds: item(
      3600,
      "delta used by the 8.3.2 scenarios; EP16's parameter is read as INT32 seconds (unconfirmed)",
      "ours",
    ),
  },
  expect: {
    unknownTable: item(
      ["onp", "iar"],
      "codes allowed for a table the device does not have: onp or iar",
      "C12.18 meanings; MEP 'table operation not possible'",
    ),
    notWriteable: item(
      ["iar", "onp"],
      "codes allowed for a write to a table BT00 declares not writeable, with the master key: iar or onp",
      "C12.18",
    ),
    insufficientKey: item(["isc"], "codes allowed when the key level is too low: isc", "C12.18, OPG"),
    hardwareLock: item(["isc"], "codes allowed for access the hardware lock blocks (7.5): isc", "OPG, MEP"),
    badChecksum: item(
      ["err"],
      "codes allowed for a write whose data checksum is wrong: err",
      "ours, from C12.18's meaning of err",
    ),
    unknownService: item(["sns"], "codes allowed for a service code C12.18 does not define: sns", "C12.18"),
    outOfSequence: item(["isss"], "codes allowed for a table service before logon: isss", "C12.18"),
    wrongPassword: item(
      ["err", "isc"],
      "codes allowed for the security service with a wrong password: err or isc",
      "termineter, ours",
    ),
    repeatedProcedureSequence: item(
      ["onp"],
      "codes allowed for a BT07 write repeating the previous sequence number: onp",
      "MEP",
    ),
    oversizeResponse: item(
      ["rno", "onp"],
      "codes allowed for a read whose response would not fit one PLC message (9.2): rno (renegotiate) or onp",
      "ours, from C12.18's meanings",
    ),
    unknownProcedure: item(
      ["unrecognized"],
      "BT08 results allowed for a procedure the device does not have: unrecognized (6)",
      "C12.19",
    ),
  },
  device: {
    scratch: {
      table: item("ET03", "a table the suite may write and restores afterwards: ET03, the utility serial", "OPG"),
      offset: item(0, "first byte of the scratch area", "bench"),
      length: nullable("number", null, "length of the scratch area, or null for the rest of the table", "bench"),
    },
    readerDeniedTable: nullable(
      "string",
      "ET02",
      "a table the read-only key may not read (keys, calibration, download info), or null (that scenario is then inconclusive): ET02 RTC calibration",
      "OPG",
    ),
    openTables: item(["BT00", "BT01", "ET03"], "tables readable without any password: BT00, BT01, ET03", "OPG"),
    mandatoryTables: item(
      ["BT00", "BT01", "BT03", "BT07", "BT08", "BT52"],
      "tables every device must declare in BT00",
      "ours, from Annex A and clause 8.3",
    ),
    hardwareLock: {
      read: item(
        [],
        "tables the device's hardware lock blocks for reading (7.5; empty where PICS 7.5/read-lock holds: inconclusive)",
        "bench, country-specific",
      ),
      write: item([], "tables the hardware lock blocks for writing", "bench"),
      procedures: item([], "procedures the hardware lock blocks", "bench"),
    },
    writeProbeExclude: item(
      ["BT07"],
      "tables the A.1 writeable-bitmap check must never write, even with their own content: BT07 (would start a procedure)",
      "ours",
    ),
    interfaceChangeTable: nullable(
      "string",
      "ET42",
      "a table whose change is an interface change (6.8), or null when the suite may not cause one (where the PICS has 6.8, its scenarios are then inconclusive): ET42, the interface definition",
      "MEP",
    ),
    interfaceChangeOffset: item(
      0,
      "byte of device.interfaceChangeTable whose bit 0 the 6.8, 8.19 and 9.1 scenarios flip to cause an interface change (put back afterwards): one the device accepts a change of",
      "bench; ET42's layout is the manufacturer's",
    ),
    icaFlag: {
      byte: item(
        0,
        "byte of BT03's manufacturer status that holds the Interface Change Alarm",
        "ours; manufacturer-defined",
      ),
      bit: item(0, "bit of that byte", "ours; manufacturer-defined"),
    },
  },
  access: {
    provisioning: oneOf(
      ["all-but-keys", "reader", "disabled"],
      "all-but-keys",
      "what the provisioning key (PK) may do on the optical port: all-but-keys (what the master key may, except read or write the access.keyTables and write the access.downloadTables), reader (the reader key's rights) or disabled (ET04 turned it off: its password is refused as a wrong one and the session gets no key's rights). The guide's one line is ambiguous ('PK = no key read/write, no firmware download, may be disabled via ET04'); all-but-keys is its plainest reading, unconfirmed",
      "OPG, ambiguous",
    ),
    keyTables: item(
      [],
      "tables that hold keys: only the master key may read or write them. The guide names none, so none by default",
      "OPG; bench",
    ),
    calibrationTables: item(
      ["ET02"],
      "tables of calibration data, which the reader key may not read (device.readerDeniedTable counts too): ET02, RTC calibration",
      "OPG",
    ),
    downloadTables: item(
      [],
      "tables of firmware download information: the reader key may not read them, the provisioning key may not write them. 9.12's tables are not public, so none by default",
      "OPG; bench",
    ),
    writeExclude: item(
      ["ET52"],
      "writeable tables the 7.0 access sweep never writes, besides device.writeProbeExclude (BT07 is only ever written with access.harmlessProcedure): ET52, whose own content could run its last transaction again (9.10 checks its access); list here any table whose content changes on its own or whose write has side effects",
      "ours",
    ),
    harmlessProcedure: nullable(
      "string",
      "BP10",
      "procedure the 7.0 access sweep starts (a BT07 write) to see which keys may run procedures, or null to write no BT07: BP10 with the parameters of access.harmlessParameters, which set nothing",
      "C12.19 BP10, ours",
    ),
    harmlessParameters: item(
      "00 00 00 00 00 00 00 00",
      "that procedure's parameters, hex: 8 zero bytes, BP10's SET_MASK 0 (neither time, date nor qualifier is set), then a zero date-time and qualifier; a device answers 'completed' or 'invalid parameter', and changes nothing either way",
      "C12.19",
    ),
  },
  steps: {
    timeoutMs: item(60000, "longest a single Gherkin step may take", "ours"),
  },
  billing: {
    sources: {
      forwardActive: item(0, "BT22/BT27 source id of forward (import) active energy and power: 0", "ESP"),
      reverseActive: item(1, "source id of reverse (export) active energy and power: 1", "ESP"),
      totalActive: item(
        4,
        "source id of the total (import + export) active energy of 8.4.2: 4",
        "ours, PROVISIONAL: no source gives NES's id",
      ),
    },
    loadTime: item(
      "any",
      "device time of day (hh:mm:ss, UTC) at which the bench load draws power, where the scenarios that need the registers to grow or a demand to build set the clock (and restore it); any: the bench load always flows, the clock stays",
      "bench; the simulator's load peaks in the evening",
    ),
    growthWh: item(
      3,
      "growth of the registers (Wh) the 8.4/8.4.3 scenarios wait for, at the present load BT28 shows, before they compare: 3",
      "ours",
    ),
    growthWaitMaxSeconds: item(
      120,
      "longest wait (device seconds) for that growth; a load too small to reach it makes the scenario inconclusive",
      "ours",
    ),
    selfReadTime: nullable(
      "string",
      "00:00:00",
      "device time of day (UTC) of the daily self-read (8.4.1): 00:00:00, midnight of the meter's clock; null: the device has no daily schedule of its own",
      "ours; BT21 REG_FUNC2 says whether it has one",
    ),
    leadSeconds: item(
      5,
      "how many device seconds before a demand interval end or a self-read time the scenarios set the clock: enough for BP10 to complete and for a first reading",
      "ours",
    ),
    lagSeconds: item(3, "how many device seconds after a demand interval end the scenarios read again", "ours"),
    badParameters: item(
      ["invalid-parameter"],
      "BT08 results allowed for BP09 with parameters it cannot take (no action asked, the reserved bit set, a wrong length): invalid-parameter",
      "C12.19",
    ),
    reservedParameters: oneOf(
      ["refuse", "ignore"],
      "refuse",
      "what BP09 does with its reserved bit 7 set or a byte after its ACTION_FLAG: refuse (one of billing.badParameters, nothing changed); ignore: it may instead do what the action bits ask, and nothing else, and answer completed",
      "ours: C12.19's reading of a set filler bit is not in our sources, and 9.0 lets a device ignore a surplus",
    ),
    demand: {
      testIntervalMinutes: nullable(
        "number",
        1,
        "demand interval the 8.15 scenarios configure in ET40 (block demand, restored afterwards) so that intervals end every few minutes; null: keep the device's own configuration",
        "ours",
      ),
      refusedConfiguration: item(
        ["onp", "iar"],
        "codes allowed for an ET40 write the device cannot use (an interval that does not divide the hour, sub-intervals that do not divide it, an unknown or repeated source): onp or iar",
        "ours, from C12.18's meanings; ET40's layout is PROVISIONAL",
      ),
      maximumStamp: oneOf(
        ["interval-end", "interval-start"],
        "interval-end",
        "which end of its interval a maximum demand's time stamp (BT23 EVENT_TIME) gives: interval-end or interval-start",
        "ours; C12.19 does not say",
      ),
    },
  },
  records: {
    leadSeconds: item(
      5,
      "how many device seconds before a load-profile interval boundary the scenarios set the clock, so the interval closes while they wait: enough for BP10 to complete",
      "ours",
    ),
    refusedWrite: item(
      ["err", "iar"],
      "codes allowed for a write of an invalid value to a load-profile or history-log table (ET21, ET57, BT73, ET72): err or iar",
      "ours, from C12.18's meanings",
    ),
    historyList: item(
      8,
      "BP04/BP05 LIST number of the history log (BT74): 8",
      "one vendor's C12.19 meters; PROVISIONAL",
    ),
    unreadAlarmFlag: {
      table: item("ET73", "table holding the load-profile unread-entries alarm of 8.5.3: ET73", "ours, PROVISIONAL"),
      byte: item(0, "byte of that table holding the flag", "ours"),
      bit: item(0, "bit of that byte", "ours"),
    },
    criticalFlag: {
      table: item("ET73", "table holding the critical-event flag of 8.12.1: ET73", "ours, PROVISIONAL"),
      byte: item(0, "byte of that table holding the flag", "ours"),
      bit: item(1, "bit of that byte", "ours"),
    },
  },
  mepMbus: {
    refusedWrite: item(
      ["onp", "iar"],
      "codes allowed for a refused write of ET13, ET18, ET31, ET50 or ET51 (an address in use, a cut entry, a schedule out of range, a past one-time read...): onp or iar",
      "ours, from C12.18's meanings; the layouts are PROVISIONAL",
    ),
    badRequest: item(
      ["invalid-parameter", "conflict"],
      "BT08 results allowed for EP17, EP19 or EP39 with parameters the device cannot take (no such device or channel, unknown action or kind): invalid-parameter or conflict",
      "ours, from C12.19's result meanings",
    ),
    simulatorBench: item(
      false,
      "the device is the built-in simulator, whose bench procedure EP95 (not OSGP) cuts the power, unplugs M-Bus devices and sets the MEP device's alarms; false: the scenarios that need those hands-on actions are inconclusive (to be checked by hand)",
      "ours",
    ),
    absentAddress: item(
      250,
      "an M-Bus primary address (1..250) at which no device on the bench answers: the 8.18.4 scenario installs a device there",
      "bench",
    ),
    unknownMepRequestCode: item(
      0x7f,
      "an on-demand request code the MEP device does not know, so that it refuses the request (8.17.1.2)",
      "bench; the simulated device knows 0x01 and 0x02",
    ),
    discoveryChannel: oneOf(
      ["any-free", "lowest-free"],
      "any-free",
      "which free channel a bus scan (8.18.2) installs a device it finds on: any-free (any channel no device held) or lowest-free (the lowest of them, which 8.18.2 then checks)",
      "ours: the spec does not say which free channel",
    ),
  },
  control: {
    contactorProcedure: item(
      "EP30",
      "procedure that opens, closes and arms the load contactor (8.10.4): EP30, one UINT8 action 0 open, 1 close, 2 arm",
      "ours, PROVISIONAL: no source names it",
    ),
    relayProcedure: item(
      "EP05",
      "procedure that switches a control relay (8.11.3): EP05, UINT8 relay, UINT8 command 0 off, 1 on, 2/3 off/on after the random delay",
      "ours, PROVISIONAL",
    ),
    testModeProcedure: item(
      "BP06",
      "procedure that enters and leaves test mode (8.16): BP06, C12.19 Change End Device Mode",
      "C12.19",
    ),
    clearAlarmsProcedure: item(
      "BP08",
      "procedure that clears the latched alarms (8.6): BP08, C12.19 Clear Manufacturer Status Flags",
      "C12.19",
    ),
    clearStatusFlagsProcedure: item(
      "BP07",
      "procedure that clears BT03's latched standard status flags: BP07, C12.19 Clear Standard Status Flags",
      "C12.19",
    ),
    icsField: item(
      "ET54.80.0",
      "the interface compatibility setting's ICA NAK bit (8.19), as a 6.6 field reference TABLE.OFFSET.BIT: ET54.80.0",
      "ours, PROVISIONAL: what is known of ETSI TS 104 001 6.8 names ET42/ET54 and bit 0, not the offset",
    ),
    icsReservedBits: item(
      0xfe,
      "bits of that byte the vendor states are reserved, as a mask (0xFE: all but the ICA NAK bit): 8.19 sets them and expects the write refused (a control.rejectedValue code) or them reading back clear; 0: none, that scenario is inconclusive",
      "ours: the spec names bit 0 only",
    ),
    rejectedValue: item(
      ["err", "onp", "iar"],
      "codes allowed for a write of a control, display or power-quality table holding a value out of range (a zero ratio, an unknown source id, a sag above the swell): err, onp or iar",
      "ours, from C12.18's meanings; the layouts are PROVISIONAL",
    ),
    badRequest: item(
      ["invalid-parameter", "conflict"],
      "BT08 results allowed for a contactor, relay, test-mode or clear-alarms procedure with parameters it cannot take (unknown action or relay, wrong length, a mode the device does not have): invalid-parameter or conflict",
      "C12.19's result meanings",
    ),
    loadImportsAt: item(
      "any",
      "device time of day (hh:mm:ss, UTC) at which the bench load imports power, for the scenarios that need consumption (load limit, prepaid, delta alerts, test registers), which set the clock there and restore it; any: the bench load always imports",
      "bench; the simulator's load imports in the evening",
    ),
    simulatorBench: item(
      false,
      "the device is the built-in simulator, whose bench procedure EP94 (not OSGP) presses the contactor's button and makes self-tests fail; false: the scenarios that need those hands-on actions are inconclusive (to be checked by hand)",
      "ours",
    ),
    testModeTimeoutSeconds: item(
      1,
      "test-mode timeout (s) the 8.16 scenario writes to ET55 before it waits for test mode to end by itself: one the device keeps; 1",
      "ours: the spec gives no range; the shortest ET55 takes in our PROVISIONAL layout",
    ),
    limits: {
      maxPowerW: item(
        1_000_000,
        "highest ET30 power threshold (W) the device keeps (8.10.1.1); the 8.10 scenarios write it and expect one more refused: 1000000",
        "ours, PROVISIONAL: the spec gives no range; the reference meter's",
      ),
      maxCurrentCentiA: item(
        20_000,
        "highest ET30 current threshold (0.01 A) the device keeps (8.10.1.2); one more must be refused: 20000 (200 A)",
        "ours, PROVISIONAL: the spec gives no range; the reference meter's",
      ),
      minDurationSeconds: item(
        1,
        "shortest ET30 duration (s) the device keeps; one less must be refused: 1",
        "ours, PROVISIONAL: the spec gives no range; the reference meter's",
      ),
      maxDurationSeconds: item(
        3600,
        "longest ET30 duration (s) the device keeps; one more must be refused: 3600",
        "ours, PROVISIONAL: the spec gives no range; the reference meter's",
      ),
      relayWindowMaxSeconds: item(
        3600,
        "longest ET05 randomisation window (s) the device keeps (8.11.1); one more must be refused: 3600",
        "ours, PROVISIONAL: the spec gives no range; the reference meter's",
      ),
      relayModeMax: item(
        1,
        "highest ET05 relay mode the device has (0 remote only, 1 also by the calendar of ET61); one more must be refused: 1",
        "ours, PROVISIONAL: ET05's layout is ours",
      ),
    },
  },
  pending: {
    table: item(
      "BT54",
      "the table the 6.3 scenarios write pending versions of (its own content, so activating changes nothing): BT54, the calendar (pending id 4150)",
      "OPG",
    ),
    refusedCodes: item(
      ["onp", "iar", "err"],
      "codes allowed for a pending write whose PED is impossible (month 13, the empty PED, event code 3) or shorter than a PED: onp, iar or err",
      "ours, from C12.18's meanings",
    ),
    notPendingResults: item(
      ["invalid-parameter", "conflict"],
      "BT08 results allowed for BP13/BP15 naming a table with nothing pending: invalid-parameter or conflict",
      "ours, from C12.19's result meanings",
    ),
    activationCount: oneOf(
      ["unstated", "still-pending"],
      "unstated",
      "what BT04's number of pending activations counts: still-pending (the records still pending, which 6.3 then checks); unstated: it is not judged",
      "ours: OPG names the field but not what it counts",
    ),
  },
  vci: {
    refusedCodes: item(
      ["iar"],
      "codes allowed for a write changing an F (fixed) or M (meter-controlled) field (6.4): iar",
      "ours, from C12.18's meaning of iar",
    ),
    fixed: item(
      ["BT01.0"],
      "F fields the 6.4 scenarios try to change, as 6.6 field references TABLE.OFFSET: BT01 (identification). The sources give no layout of ET47/ET48: a lab adds their fields from its meter's",
      "OPG",
    ),
    meter: item(
      [],
      "M fields the 6.4 scenarios try to change, as TABLE.OFFSET: none by default (empty: that scenario is inconclusive), as the only ones the harness knows are in its own PROVISIONAL ET47/ET48 layouts, which only the built-in simulator's PIXIT names",
      "bench",
    ),
    host: item(
      ["ET03.0", "BT54.0"],
      "H fields a write of their own value must be accepted in: ET03 (utility serial), BT54 (calendar)",
      "OPG",
    ),
    values: item(
      ["BT00.0=02"],
      "fields with a hard-coded value (6.5), as TABLE.OFFSET=HEX: BT00.0 (the data order and character set the vendor states; 02 is OSGP's LSB first, ASCII)",
      "OPG",
    ),
  },
  tou: {
    leadSeconds: item(
      2,
      "how many device seconds before a calendar boundary (a tier switch, a season's start, an override's end) the scenarios set the clock, so that they see the state before it: enough for BP10 to complete and BT55 to be read (a slow link needs more; BT55 read at or past the boundary leaves the step inconclusive)",
      "ours",
    ),
    refusedCodes: item(
      ["onp", "iar", "err"],
      "codes allowed for a write of BT54, ET47 or ET48 whose content the device cannot take (a month 13 date, a period of 0, a tier switch at 25:00, an unknown mode): onp, iar or err",
      "ours, from C12.18's meanings",
    ),
  },
  layouts: {
    confirmed: item(
      [],
      "the tables (ET07, BT55, ...) whose layout the vendor confirms is the suite's own PROVISIONAL one (each codec in harness/protocol/tables/ gives it; a feature tagged @provisional-layout-ET07 is judged on it): a FAIL of such a scenario stands only if every table it is tagged with is listed here, else it is inconclusive, saying what would have failed",
      "bench; the public sources name these tables, not their layouts",
    ),
  },
  fuzz: {
    budgetSeconds: item(
      60,
      "how long one fuzz campaign scenario generates cases (shrinking and the reproduction run come after)",
      "ours",
    ),
    maxCases: item(100000, "most cases one fuzz campaign scenario runs, whatever its budget", "ours"),
    seed: item(1, "seed of the fuzz campaign scenarios: the same seed replays the same cases", "ours"),
    sessionRenewalSeconds: item(
      540,
      "a campaign logs off and on again once its session is this old: before the optical port's 600 s session time-out",
      "ours, OPG",
    ),
    settleMs: item(200, "quiet time after a malformed frame before the health check's request", "ours"),
    healthTable: item(
      "BT01",
      "the known-good read after every anomaly: a table whose content never changes (compared with the campaign's first read)",
      "ours",
    ),
    staticTables: item(
      ["BT00", "BT01"],
      "tables whose content never changes on its own: a write to them that was refused must leave them as they were",
      "ours",
    ),
    malformedRequest: item(
      ["err", "sns", "iar", "onp"],
      "codes allowed for a request cut short, with an overlong count, or otherwise undecodable",
      "ours, from C12.18's meaning of err",
    ),
    trailingBytes: item(
      ["err", "ok"],
      "codes allowed for a well-formed request followed by extra bytes: err, or the request served",
      "ours",
    ),
    procedureWrite: item(
      ["ok", "onp", "iar", "err"],
      "codes allowed for a BT07 write of an unknown procedure or with reserved selector bits; BT08 then reports the result",
      "ours, C12.19",
    ),
    transactionWrite: item(["ok", "iar", "onp", "err"], "codes allowed for a malformed ET52 image (9.10)", "ours"),
  },
} satisfies PixitGroup;

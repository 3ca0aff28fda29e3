import { RESPONSE_CODE } from "../protocol/response-codes";
import { decodeTableRequest, type TableCodecOptions, type TableRequest } from "../protocol/table-requests";
import { encodeReadResponse, encodeWriteResponse } from "../protocol/table-responses";
import { BT01, encodeManufacturerIdentification } from "../protocol/tables/bt01-manufacturer-identification";
import { BT03, encodeEndDeviceModeStatus, emptyMode } from "../protocol/tables/bt03-end-device-mode-status";
import { BT07 } from "../protocol/tables/bt07-procedure-initiate";
import { BT08 } from "../protocol/tables/bt08-procedure-response";
import { ET03, encodeUtilityInformation } from "../protocol/tables/et03-utility-information";
import { atLeast, type AccessLevel, type HardwareLock } from "./access-levels";
import type { DefectName, DefectSet } from "./defects";
import { clearDataProcedure } from "./procedures/clear-data";
import { clockDeltaProcedure } from "./procedures/clock-delta";
import { ProcedureEngine, type SimProcedure } from "./procedures/procedure-engine";
import { setDateTimeProcedure } from "./procedures/set-date-time";
import type { MeterProfile } from "./profiles";
import { ET02 } from "../protocol/tables/et02-rtc-calibration";
import { ET42 } from "../protocol/tables/et42-interface-definition";
import { DEFAULT_START_TIME_MS, SimClock, type TickSource } from "./sim-clock";
import { computedTable, protectedRangeChanged, storedTable, type SimTable, type VciRange } from "./sim-table";
import { clockTable, type ClockQualifierState } from "./tables/clock-table";
import { generalConfiguration, generalConfigurationTable } from "./tables/general-configuration-table";
import { ET53_SIZE, TransactionEngine } from "./transaction-engine";
import { InterfaceState, type SecurityModeName } from "./interface-state";
import { ET52, ET53 } from "../protocol/transactions";
import { ET04 } from "../protocol/tables/et04-system-information";
import { bytesEqual } from "../bytes/byte-arrays";
import type { DeviceContext } from "./device-function";
import { DeviceStatus } from "./device-model/device-status";
import { EventLog } from "./device-model/event-log";
import { MeterActions } from "./device-model/meter-actions";
import { MeteringModel } from "./device-model/metering-model";
import { FUNCTION_GROUPS } from "./functions/function-groups";
import { now } from "../transport/timers";

/** ET42's layout is the manufacturer's: 32 opaque bytes here. */
const ET42_SIZE = 32;
/** A request inside a transaction answers into ET53, not onto a link, so only ET53's size limits it. */
const TRANSACTION_RESPONSE_LIMIT = ET53_SIZE;

/**
 * The reference meter's application: its tables and procedures, and the table services of
 * 9.3-9.6 with the access rules of 7.0, the hardware lock of 7.5 and the write rules of 9.0.
 * It knows nothing of links: a port hands it a request APDU and the caller's access level, and
 * sends back the response APDU it returns.
 *
 * Answers, in the order checked: a code that is no table service -> sns; a request that does not
 * decode -> err; a table it does not have
 * -> onp; the hardware lock -> isc; a key level too low -> isc; a write to a table that is not
 * writeable, or a partial write of BT07 -> iar; a write changing an F or M byte (6.4) -> iar; a pending
 * write shorter than its PED (6.3) -> onp; a response longer than the negotiated limits allow -> rno.
 * Reads past the end are padded with zeros; the surplus of a write past the end is ignored.
 */
export interface MeterOptions {
  readonly profile: MeterProfile;
  readonly defects?: Iterable<DefectName>;
  readonly startTimeMs?: number;
  readonly clockSpeed?: number;
  readonly ticks?: TickSource;
  /** Replaces the profile's hardware lock (7.5): table ids to refuse reading or writing, procedure ids to refuse. */
  readonly hardwareLock?: MeterProfile["hardwareLock"];
  /** Replaces the profile's security mode (7.4). */
  readonly securityMode?: SecurityModeName;
}

export class ReferenceMeter {
  readonly profile: MeterProfile;
  readonly clock: SimClock;
  readonly defects: DefectSet;
  private readonly tables = new Map<number, SimTable>();
  private readonly engine: ProcedureEngine;
  private readonly lock: HardwareLock;
  private readonly transactions: TransactionEngine;
  /** IDT version, security mode, key usage, the Interface Change Alarm (6.8, 7.4). */
  readonly interface: InterfaceState;
  /** What the device functions of clause 8 share (device-function.ts). */
  readonly context: DeviceContext;

  constructor(opts: MeterOptions) {
    const ticks = opts.ticks ?? now;
    this.profile = opts.profile;
    this.transactions = new TransactionEngine(opts.profile.dataOrder);
    this.defects = new Set(opts.defects ?? []);
    this.clock = new SimClock(opts.startTimeMs ?? DEFAULT_START_TIME_MS, opts.clockSpeed ?? 1, ticks);
    const p = this.profile;
    const lock = opts.hardwareLock ?? p.hardwareLock;
    this.lock = { read: new Set(lock.read), write: new Set(lock.write), procedures: new Set(lock.procedures) };

    this.interface = new InterfaceState(opts.securityMode ?? p.securityMode, this.defects);
    const status = new DeviceStatus();
    this.context = {
      profile: p,
      clock: this.clock,
      ticks,
      defects: this.defects,
      metering: new MeteringModel(this.clock, p.load),
      events: new EventLog(this.clock, p.eventLogCapacity),
      actions: new MeterActions(),
      status,
      interface: this.interface,
      dataOrder: p.dataOrder,
    };
    const functions = FUNCTION_GROUPS.map((group) => group(this.context));
    const qualifier: ClockQualifierState = { dst: 0, dstApplied: 0 };
    const procedures: SimProcedure[] = [setDateTimeProcedure(this.clock, qualifier, this.defects)];
    if (p.features.clockDelta)
      procedures.push(clockDeltaProcedure(this.clock, p.dataOrder, p.clockDeltaDurationMs, this.defects));
    if (p.features.clearData) procedures.push(clearDataProcedure());
    for (const f of functions) procedures.push(...f.procedures);
    this.engine = new ProcedureEngine(new Map(procedures.map((x) => [x.id, x])), {
      dataOrder: p.dataOrder,
      maxProcParamLength: p.maxProcParamLength,
      maxRespDataLength: p.maxRespDataLength,
      defects: this.defects,
      ticks,
    });

    const bt01 = encodeManufacturerIdentification(p.identity, "bcd");
    if (this.defects.has("bt01-serial-not-bcd")) bt01[bt01.length - 1] = 0x1a;
    const et03 = encodeUtilityInformation({ utilitySerial: p.utilitySerial, remainder: new Uint8Array(0) });
    const tables: SimTable[] = [
      { ...storedTable(BT01, bt01, "none", null), vci: [{ offset: 0, length: bt01.length, vci: "F" }] },
      computedTable(BT03, "reader", () =>
        encodeEndDeviceModeStatus(
          {
            mode: {
              ...emptyMode(),
              metering: status.testMode ? 0 : 1,
              test: status.testMode ? 1 : 0,
              meterShop: status.meterShopMode ? 1 : 0,
            },
            standardStatus: status.standard(),
            standardStatus2: 0,
            manufacturerStatus: this.interface.manufacturerStatus(p.dims.mfgStatus),
          },
          p.dataOrder,
        ),
      ),
      {
        id: BT07,
        readLevel: "reader",
        writeLevel: "provisioning",
        image: () => this.engine.bt07Image(),
        write: () => RESPONSE_CODE.ok,
      },
      computedTable(BT08, "reader", () => this.engine.bt08Image()),
      clockTable(this.clock, qualifier, this.defects),
      { ...storedTable(ET03, et03, "none", "provisioning"), vci: [{ offset: 0, length: et03.length, vci: "H" }] },
    ];
    // RTC calibration: the reader key may not read it; the provisioning
    // key may write it, as it may every table but keys and download (7.0).
    if (p.features.rtcCalibration)
      tables.push(storedTable(ET02, Uint8Array.of(0x00, 0x00, 0x10, 0x27, 0, 0, 0, 0), "provisioning", "provisioning"));
    if (p.features.mepTables) tables.push(...this.mepTables());
    for (const f of functions) tables.push(...f.tables);
    const config = () =>
      generalConfiguration(p, [...this.tables.values()], [...this.engine.procedures.keys()], this.defects);
    for (const t of [generalConfigurationTable(config), ...tables]) {
      if (this.tables.has(t.id)) throw new Error(`two functions of the reference meter define table ${t.id}`);
      this.tables.set(t.id, t);
    }
  }

  /**
   * ET04 (computed from the interface state), ET42 (whose change is an interface change),
   * ET52 (transaction requests; readers may write it, each request then runs at their level) and
   * ET53 (transaction responses). ET54, which also carries the key usage, is the control group's:
   * its compatibility setting (8.19) is mandatory, so every profile has it.
   */
  private mepTables(): SimTable[] {
    // Not a key table, so the provisioning key may write it (7.0); on MEP only the MAK reaches that level.
    const et42 = storedTable(ET42, new Uint8Array(ET42_SIZE), "reader", "provisioning");
    return [
      computedTable(ET04, "reader", () => this.interface.et04(this.context.dataOrder)),
      {
        ...et42,
        write: (offset, data) => {
          const before = et42.image();
          const code = et42.write(offset, data);
          if (!bytesEqual(before, et42.image())) this.interface.interfaceChanged();
          return code;
        },
      },
      {
        id: ET52,
        readLevel: "reader",
        writeLevel: "reader",
        image: () => this.transactions.requests.slice(),
        write: () => RESPONSE_CODE.iar,
      },
      computedTable(ET53, "reader", () => this.transactions.responses.slice()),
    ];
  }

  /** A client logged on: per-session state (the procedure sequence history) starts afresh. */
  startSession(): void {
    this.engine.newSession();
  }

  /** One table-service APDU in, its response APDU out. */
  serve(apdu: Uint8Array, level: AccessLevel, codec: TableCodecOptions, maxResponseLength: number): Uint8Array {
    // Time-driven functions (intervals, schedules, pending activations) catch up before any request sees them.
    this.context.metering.advance();
    let decoded = decodeTableRequest(apdu, codec);
    if (
      !decoded.ok &&
      decoded.error.code === "OSGP_ERR_DATA_CHECKSUM" &&
      this.defects.has("accepts-bad-write-checksum")
    ) {
      decoded = decodeTableRequest(apdu.subarray(0, apdu.length - 1), { checksum: false });
    }
    if (!decoded.ok) {
      // A code that names no service is "service not supported"; a known one cut short is an error.
      if (decoded.error.code === "OSGP_ERR_UNKNOWN_CODE")
        return this.error(this.defects.has("unknown-service-wrong-code") ? RESPONSE_CODE.err : RESPONSE_CODE.sns);
      return this.error(RESPONSE_CODE.err);
    }
    const req = decoded.value;
    return req.service === "full-read" || req.service === "partial-read"
      ? this.read(req, level, codec, maxResponseLength)
      : this.write(req, level);
  }

  private read(
    req: Extract<TableRequest, { service: "full-read" | "partial-read" }>,
    level: AccessLevel,
    codec: TableCodecOptions,
    maxResponseLength: number,
  ): Uint8Array {
    const table = this.tables.get(req.tableId);
    if (table === undefined) return this.unknownTable();
    const readLevel = level === "none" && this.defects.has("open-access-without-key") ? "master" : level;
    const refusal = this.lockOrLevel(this.lock.read.has(table.id), readLevel, table.readLevel);
    if (refusal !== null) return refusal;
    const image = table.image();
    let data: Uint8Array;
    if (req.service === "full-read") {
      data = this.defects.has("full-read-truncated") ? image.subarray(0, image.length - 1) : image;
    } else {
      const offset = req.offset + (this.defects.has("partial-read-off-by-one") ? 1 : 0);
      if (offset + req.count > image.length && this.defects.has("no-zero-padding"))
        return this.error(RESPONSE_CODE.onp);
      data = new Uint8Array(req.count);
      // A pending table answers its PED first; the offset counts from the data after it (6.3).
      const head = Math.min(table.pedSize ?? 0, req.count);
      data.set(image.subarray(0, head));
      data.set(image.subarray(Math.min(head + offset, image.length), Math.min(offset + req.count, image.length)), head);
    }
    if (1 + 2 + data.length + (codec.checksum ? 1 : 0) > maxResponseLength) return this.error(RESPONSE_CODE.rno);
    const response = encodeReadResponse({ code: 0, data }, codec);
    const last = response.length - 1;
    if (this.defects.has("bad-read-checksum") && codec.checksum) response[last] = (response[last] as number) ^ 0x5a;
    return response;
  }

  private write(
    req: Extract<TableRequest, { service: "full-write" | "partial-write" }>,
    level: AccessLevel,
  ): Uint8Array {
    const table = this.tables.get(req.tableId);
    if (table === undefined) return this.unknownTable();
    const required = table.writeLevel ?? "master";
    const effective = this.defects.has("reader-can-write") && level === "reader" ? "provisioning" : level;
    const refusal = this.lockOrLevel(this.lock.write.has(table.id), effective, required);
    if (refusal !== null) return refusal;
    if (table.writeLevel === null) return this.error(RESPONSE_CODE.iar);
    const image = table.image();
    const size = image.length;
    const head = table.pedSize ?? 0;
    const offset =
      req.service === "partial-write" ? req.offset + (this.defects.has("partial-write-wrong-offset") ? 1 : 0) : 0;
    if (req.service === "full-write" && req.data.length > size && this.defects.has("write-surplus-refused"))
      return this.error(RESPONSE_CODE.onp);
    // A pending write carries its whole PED before any data (6.3).
    if (req.data.length < head) return this.error(RESPONSE_CODE.onp);
    // 9.0: bytes beyond the end of the table are ignored; a shorter write changes only its bytes.
    const data = req.data.subarray(0, head + Math.max(0, size - head - offset));
    if (table.id === ET52) {
      // The requests inside a transaction have no data checksum (the MEP/OSGP secured format).
      const serve = (apdu: Uint8Array) => this.serve(apdu, level, { checksum: false }, TRANSACTION_RESPONSE_LIMIT);
      return encodeWriteResponse({
        code: this.transactions.write(
          Math.min(offset, size),
          data,
          serve,
          !this.defects.has("transaction-duplicate-executed"),
        ),
      });
    }
    // C12.19 starts a procedure by a full write of BT07 only; a partial write cannot start one.
    if (table.id === BT07)
      return req.service === "full-write" ? this.initiateProcedure(data, level) : this.error(RESPONSE_CODE.iar);
    // A write that starts past the end is all surplus (no bytes
    // left); clamp its offset, as set() throws beyond the end.
    const at = Math.min(offset, size - head);
    const touched = protectedRangeChanged(table, at, data.subarray(head), image.subarray(head));
    if (touched !== undefined && !this.vciDefectAllows(touched)) return this.error(RESPONSE_CODE.iar);
    return encodeWriteResponse({ code: table.write(at, data) });
  }

  /** 6.4: F and M bytes are not the host's to write, unless a defect says otherwise. */
  private vciDefectAllows(range: VciRange): boolean {
    return this.defects.has(range.vci === "F" ? "fixed-field-write-accepted" : "meter-field-writable");
  }

  private initiateProcedure(bt07: Uint8Array, level: AccessLevel): Uint8Array {
    const id = this.engine.procedureOf(bt07);
    const proc = id === null ? undefined : this.engine.procedures.get(id);
    if (id !== null) {
      const refusal = this.lockOrLevel(this.lock.procedures.has(id), level, proc?.level ?? "provisioning");
      if (refusal !== null) return refusal;
    }
    const code = this.engine.initiate(bt07);
    return code === RESPONSE_CODE.ok ? encodeWriteResponse({ code }) : this.error(code);
  }

  private lockOrLevel(locked: boolean, level: AccessLevel, required: AccessLevel): Uint8Array | null {
    if (locked && !this.defects.has("ignores-hardware-lock")) {
      return this.error(this.defects.has("hardware-lock-wrong-code") ? RESPONSE_CODE.err : RESPONSE_CODE.isc);
    }
    return atLeast(level, required) ? null : this.error(RESPONSE_CODE.isc);
  }

  private unknownTable(): Uint8Array {
    return this.error(this.defects.has("unknown-table-wrong-code") ? RESPONSE_CODE.err : RESPONSE_CODE.onp);
  }

  /** An error response: the code alone (9.9), unless a defect adds a stray byte. */
  error(code: number): Uint8Array {
    return this.defects.has("error-response-with-data") ? Uint8Array.of(code, 0x00) : Uint8Array.of(code);
  }
}

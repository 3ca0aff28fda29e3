import type { ByteOrder } from "../../../bytes/cursor";
import { EP39, MEP_REQUEST_CODE } from "../../../protocol/procedures/ep39-post-mep-data";
import { encodeProcedureResponse } from "../../../protocol/tables/bt08-procedure-response";
import { REQUEST_STATE, type OnDemandRequest } from "../../../protocol/tables/et15-on-demand-requests";
import { encodeInboundData } from "../../../protocol/tables/et50-mep-inbound-data-space";
import { ET59_RESPONSE_DATA_SIZE, ET59_SIZE } from "../../../protocol/tables/et59-mep-procedure-response";
import { encodeMep2ProcedureResponse } from "../../../protocol/tables/et85-mep2-procedure-response";
import { POSTING_KIND } from "../../../protocol/tables/et74-mep-extended-log";
import { epochMsToLTimeDate, type LTimeDate } from "../../../protocol/types/time-types";
import type { DefectSet } from "../../defects";
import type { MepDeviceSide, MepMailbox } from "./mep-mailbox";
import type { Timeline } from "./timeline";

/**
 * The MEP device the simulator attaches to its meter (8.17): an add-on module with one register
 * (units growing one per second of physical time) and a set of alarm bits the bench (EP95) sets.
 * It polls the meter every second and answers an alert within 0.5 s (our choice). It answers the
 * meter's scheduled read requests and the head end's on-demand requests by staging its data in
 * ET50 and running EP39 on the meter, reading the result in ET59 (and ET85, MEP2), as a MEP
 * client does. Request codes: 0x01 read register (4 bytes register, 1 byte status), 0x02 read
 * status (UINT16 alarms); any other is refused.
 */
const POLL_MS = 1000;
const ALERT_MS = 500;
const START_REGISTER = 500_000;

export class SimulatedMepDevice implements MepDeviceSide {
  readonly pollMs = POLL_MS;
  readonly alertMs = ALERT_MS;
  alarms = 0;
  private sequence = 0;
  private lastResponse: { et59: Uint8Array; postedAt: LTimeDate } | null = null;

  constructor(
    private readonly mailbox: MepMailbox,
    private readonly timeline: Timeline,
    private readonly defects: DefectSet,
    private readonly order: ByteOrder,
  ) {
    mailbox.device = this;
  }

  take(kind: number, request: OnDemandRequest, _data: Uint8Array, clockMs: number): number {
    if (kind === POSTING_KIND.data) return REQUEST_STATE.done;
    const answer = this.answer(request.type);
    if (answer === null)
      return this.defects.has("mep-unsupported-request-done") ? REQUEST_STATE.done : REQUEST_STATE.failed;
    if (this.defects.has("mep-on-demand-response-lost")) return REQUEST_STATE.done;
    this.postUp(POSTING_KIND.onDemandResponse, request.requestId, answer, clockMs);
    return REQUEST_STATE.done;
  }

  /** The meter asks for the scheduled read (ET51's interval): the device answers at once. */
  scheduledRead(clockMs: number): void {
    this.postUp(POSTING_KIND.scheduledRead, 0, this.register(), clockMs);
  }

  et59Image(): Uint8Array {
    this.timeline.settle();
    return this.lastResponse?.et59.slice() ?? new Uint8Array(ET59_SIZE);
  }

  et85Image(): Uint8Array {
    this.timeline.settle();
    const r = this.lastResponse;
    return encodeMep2ProcedureResponse(r?.et59 ?? new Uint8Array(ET59_SIZE), r?.postedAt ?? null);
  }

  private answer(code: number): Uint8Array | null {
    if (code === MEP_REQUEST_CODE.readRegister) return this.register();
    if (code === MEP_REQUEST_CODE.readStatus) return Uint8Array.of(this.alarms & 0xff, this.alarms >> 8);
    return null;
  }

  private register(): Uint8Array {
    const value = START_REGISTER + Math.floor(this.timeline.current() / 1000);
    return Uint8Array.of(
      value & 0xff,
      (value >> 8) & 0xff,
      (value >> 16) & 0xff,
      value >>> 24,
      this.alarms === 0 ? 0 : 1,
    );
  }

  /** Stages `data` in ET50 and runs EP39 as a MEP client: the result lands in ET59/ET85. */
  private postUp(kind: number, requestId: number, data: Uint8Array, clockMs: number): void {
    this.mailbox.staging = encodeInboundData(data, this.mailbox.dims.mepDataSize);
    this.sequence = this.sequence >= 254 ? 5 : Math.max(5, this.sequence + 1);
    const r = this.mailbox.post({ direction: "up", kind, requestId, alarms: this.alarms }, clockMs);
    const responseData = new Uint8Array(ET59_RESPONSE_DATA_SIZE);
    if (r.responseData !== undefined) responseData.set(r.responseData);
    this.lastResponse = {
      et59: encodeProcedureResponse(
        { procedureId: EP39, selector: 0, sequence: this.sequence, resultCode: r.resultCode, responseData },
        this.order,
      ),
      postedAt: epochMsToLTimeDate(clockMs),
    };
  }
}

import type { ByteOrder } from "../../../bytes/cursor";
import { bytesEqual } from "../../../bytes/byte-arrays";
import { RESPONSE_CODE } from "../../../protocol/response-codes";
import {
  ALL_METERS_GROUP,
  decodeOneTimeRequest,
  encodeOneTimeLogEntry,
  encodeOneTimeRequest,
  ET31,
  ET31_HEADER_SIZE,
  ET31_REQUEST_SIZE,
  et31EntrySize,
  NO_ANSWER,
  ONE_TIME_OUTCOME,
  ONE_TIME_STATE,
  READ_REGISTERS,
  type OneTimeLogEntry,
  type OneTimeRequest,
} from "../../../protocol/tables/et31-one-time-read-log";
import type { MfgDimension } from "../../../protocol/tables/et11-mfg-dimension";
import { epochMsToLTimeDate, type STimeDate } from "../../../protocol/types/time-types";
import type { DefectSet } from "../../defects";
import type { MeteringModel, MeteringStep } from "../../device-model/metering-model";
import type { SimTable } from "../../sim-table";
import type { GroupMembership } from "./group-membership";
import type { MbusChannels } from "./mbus-channels";
import type { PowerSupply } from "./power";
import { RingLog } from "./ring-log";
import type { Timeline } from "./timeline";

/**
 * One-time reads (8.13, ET31 PROVISIONAL): the head end writes a request (bytes 0-8) and the meter
 * carries it out once, at the step that reaches its time, reading the energy registers and/or the
 * M-Bus devices it names (8.18.1.3). A request addressed to a group the meter is not in (8.14) is
 * ignored and logged as such. A write that changes the request is refused (onp) when it names no
 * time or a time already past, asks for nothing, or names a channel the meter does not have; one
 * that changes the meter's bytes after the request (state, log) is refused with iar (6.4, M
 * fields); one that changes nothing is taken and does nothing.
 */
const EMPTY_REQUEST: OneTimeRequest = { requestId: 0, groupId: 0, readAt: null, what: 0 };

export class OneTimeReads {
  private request = EMPTY_REQUEST;
  private state: number = ONE_TIME_STATE.none;
  private readonly ring: RingLog<OneTimeLogEntry>;

  constructor(
    private readonly dims: MfgDimension,
    private readonly timeline: Timeline,
    private readonly groups: GroupMembership | null,
    private readonly mbus: MbusChannels | null,
    private readonly power: PowerSupply,
    private readonly defects: DefectSet,
    metering: MeteringModel,
    private readonly order: ByteOrder,
  ) {
    this.ring = new RingLog(dims.et31Entries);
    metering.onStep((step) => this.onStep(step));
  }

  table(): SimTable {
    return {
      id: ET31,
      readLevel: "reader",
      writeLevel: "provisioning",
      image: () => this.image(),
      write: (offset, data) => this.write(offset, data),
    };
  }

  private write(offset: number, data: Uint8Array): number {
    this.timeline.settle();
    // Past the request the bytes are the meter's (state and log): they may only be written as they are (6.4).
    const image = this.image();
    const beyond = Math.max(0, ET31_REQUEST_SIZE - offset);
    if (data.subarray(beyond).some((b, i) => b !== image[offset + beyond + i])) return RESPONSE_CODE.iar;
    const current = encodeOneTimeRequest(this.request, this.order);
    const bytes = current.slice();
    bytes.set(data.subarray(0, beyond), Math.min(offset, ET31_REQUEST_SIZE));
    if (bytesEqual(bytes, current)) return RESPONSE_CODE.ok;
    const d = decodeOneTimeRequest(bytes, this.order);
    if (!d.ok) return RESPONSE_CODE.onp;
    const q = d.value;
    const nowMs = this.timeline.clockAt(this.timeline.now());
    if (q.requestId === 0) {
      if (this.state === ONE_TIME_STATE.armed) this.state = ONE_TIME_STATE.cancelled;
      this.request = q;
      return RESPONSE_CODE.ok;
    }
    const channelBits = ((1 << (this.mbus?.count ?? 0)) - 1) << 1;
    if (
      q.readAt === null ||
      msOf(q.readAt) <= nowMs ||
      q.what === 0 ||
      (q.what & ~(READ_REGISTERS | channelBits)) !== 0
    )
      return RESPONSE_CODE.onp;
    this.request = q;
    const member = q.groupId === 0 || q.groupId === ALL_METERS_GROUP || (this.groups?.isMember(q.groupId) ?? false);
    if (member || this.defects.has("group-request-non-member-executed")) {
      this.state = ONE_TIME_STATE.armed;
    } else {
      this.state = ONE_TIME_STATE.ignored;
      this.log(q, ONE_TIME_OUTCOME.ignored, nowMs, 0, 0, []);
    }
    return RESPONSE_CODE.ok;
  }

  private onStep(step: MeteringStep): void {
    const q = this.request;
    if (q.readAt === null) return;
    const at = msOf(q.readAt);
    const again = this.defects.has("one-time-read-executed-twice") && this.state === ONE_TIME_STATE.executed;
    const due =
      (this.state === ONE_TIME_STATE.armed || again) && (again ? at <= step.toMs : step.fromMs < at && at <= step.toMs);
    if (!due) return;
    this.timeline.settle(this.timeline.elapsedAt(step.toMs));
    const values = Array.from({ length: this.mbus?.count ?? 0 }, (_, i) => this.mbusValue(i + 1, q.what, step.toMs));
    const r = step.registers;
    this.log(
      q,
      ONE_TIME_OUTCOME.executed,
      step.toMs,
      (q.what & READ_REGISTERS) !== 0 ? r.activeImportWh : 0,
      (q.what & READ_REGISTERS) !== 0 ? r.activeExportWh : 0,
      values,
    );
    this.state = ONE_TIME_STATE.executed;
  }

  private mbusValue(channel: number, what: number, clockMs: number): number {
    const m = this.mbus;
    if (m === null || (what & (1 << channel)) === 0 || this.defects.has("mbus-one-time-read-ignored")) return 0;
    if (!this.power.isOn() || !m.isInstalled(channel)) return NO_ANSWER;
    return m.read(channel, true, clockMs, this.timeline.elapsedAt(clockMs)).value ?? NO_ANSWER;
  }

  private log(
    q: OneTimeRequest,
    outcome: number,
    clockMs: number,
    importWh: number,
    exportWh: number,
    mbus: number[],
  ): void {
    const channels = this.mbus?.count ?? 0;
    const values = Array.from({ length: channels }, (_, i) => mbus[i] ?? 0);
    this.ring.push(() => ({
      requestId: q.requestId,
      groupId: q.groupId,
      what: q.what,
      outcome,
      at: epochMsToLTimeDate(clockMs),
      importWh: importWh >>> 0,
      exportWh: exportWh >>> 0,
      mbus: values,
    }));
  }

  private image(): Uint8Array {
    this.timeline.settle();
    const size = et31EntrySize(this.dims.mbusChannels);
    const out = new Uint8Array(ET31_HEADER_SIZE + this.ring.capacity * size);
    out.set(encodeOneTimeRequest(this.request, this.order));
    out.set([this.state, this.ring.valid, this.ring.newest], ET31_REQUEST_SIZE);
    this.ring.raw().forEach((e, i) => {
      if (e !== undefined) out.set(encodeOneTimeLogEntry(e, this.order), ET31_HEADER_SIZE + i * size);
    });
    return out;
  }
}

function msOf(t: STimeDate): number {
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute);
}

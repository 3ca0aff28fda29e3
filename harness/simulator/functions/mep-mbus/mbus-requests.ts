import {
  decodeOnDemandMbusRequest,
  encodeOnDemandMbusResult,
  EP19,
  ON_DEMAND_TYPE,
} from "../../../protocol/procedures/ep19-on-demand-mbus-request";
import { PROCEDURE_RESULT } from "../../../protocol/procedures/procedure-result-codes";
import { EMPTY_REQUEST, REQUEST_STATE, type OnDemandRequest } from "../../../protocol/tables/et15-on-demand-requests";
import { epochMsToLTimeDate } from "../../../protocol/types/time-types";
import type { DefectSet } from "../../defects";
import type { SimProcedure, SimProcedureResult } from "../../procedures/procedure-engine";
import type { MbusAdditionalConfigs } from "./mbus-additional-config";
import { DEFAULT_SCHEDULE, type MbusChannels } from "./mbus-channels";
import type { PowerSupply } from "./power";
import type { Timeline } from "./timeline";

/**
 * On-demand M-Bus requests (8.18.1.1, 8.18.2, 8.18.1.4): EP19 posts a read of a channel or a scan
 * of the bus; it runs for a while (an M-Bus exchange takes seconds), during which BT08 says
 * "accepted, not completed"; ET15 shows each request's state. A power cut interrupts what is
 * running; when power returns, an interrupted read is retried as often as ET34 allows for its
 * channel, an interrupted scan always.
 */
export const READ_DURATION_MS = 800;
export const SCAN_DURATION_MS = 500;
const FINAL: readonly number[] = [REQUEST_STATE.done, REQUEST_STATE.failed, REQUEST_STATE.abandoned];

interface Running extends OnDemandRequest {
  /** Bumped when the request is interrupted or replaced, so that a stale completion does nothing. */
  readonly generation: number;
}

export class MbusRequests {
  /** Channel 1..N at index 0..N-1, the bus scan at index N. */
  private readonly entries: Running[];

  constructor(
    private readonly channels: MbusChannels,
    private readonly additional: MbusAdditionalConfigs,
    private readonly timeline: Timeline,
    private readonly power: PowerSupply,
    private readonly defects: DefectSet,
  ) {
    this.entries = Array.from({ length: channels.count + 1 }, () => ({ ...EMPTY_REQUEST, generation: 0 }));
    power.onCut((clockMs) => this.interruptAll(clockMs));
    power.onRestore((clockMs) => this.retryAll(clockMs));
  }

  procedure(): SimProcedure {
    return { id: EP19, level: "provisioning", run: (parameters) => this.post(parameters) };
  }

  et15Entries(): OnDemandRequest[] {
    this.timeline.settle();
    return this.entries.map(({ generation: _, ...e }) => e);
  }

  private post(parameters: Uint8Array): SimProcedureResult {
    this.timeline.settle();
    const d = decodeOnDemandMbusRequest(parameters);
    if (!d.ok) return { resultCode: PROCEDURE_RESULT["invalid-parameter"] };
    const { channel, type, requestId } = d.value;
    const scan = type === ON_DEMAND_TYPE.busScan;
    if (type > ON_DEMAND_TYPE.busScan || (scan ? channel !== 0 : channel < 1 || channel > this.channels.count))
      return { resultCode: PROCEDURE_RESULT["invalid-parameter"] };
    const index = scan ? this.channels.count : channel - 1;
    const current = this.entries[index] as Running;
    if (!scan && !this.channels.isInstalled(channel)) return { resultCode: PROCEDURE_RESULT.conflict };
    if (!FINAL.includes(current.state) && current.state !== REQUEST_STATE.none)
      return { resultCode: PROCEDURE_RESULT.conflict };
    const clockMs = this.timeline.clockAt(this.timeline.now());
    this.entries[index] = {
      requestId,
      type,
      state: REQUEST_STATE.pending,
      count: scan ? 0 : 1,
      postedAt: epochMsToLTimeDate(clockMs),
      finishedAt: null,
      generation: current.generation + 1,
    };
    if (this.power.isOn()) {
      this.start(index);
      this.power.strikeIfArmed();
    } else {
      this.interrupt(index, clockMs);
    }
    return this.live(index);
  }

  /** BT08 follows the request: "accepted, not completed" until it has finished, one way or the other. */
  private live(index: number): SimProcedureResult {
    const entry = () => {
      this.timeline.settle();
      return this.entries[index] as Running;
    };
    return {
      get resultCode() {
        return FINAL.includes(entry().state) ? PROCEDURE_RESULT.completed : PROCEDURE_RESULT.incomplete;
      },
      get responseData() {
        const e = entry();
        return encodeOnDemandMbusResult({ requestId: e.requestId, state: e.state, count: e.count });
      },
    };
  }

  private start(index: number): void {
    const generation = (this.entries[index] as Running).generation;
    const scan = index === this.channels.count;
    this.timeline.after(scan ? SCAN_DURATION_MS : READ_DURATION_MS, (clockMs) => {
      const e = this.entries[index] as Running;
      if (e.generation !== generation || e.state !== REQUEST_STATE.pending) return;
      if (scan) this.finish(index, REQUEST_STATE.done, clockMs, this.scan(clockMs));
      else
        this.finish(
          index,
          this.read(index + 1, e.type, clockMs) ? REQUEST_STATE.done : REQUEST_STATE.failed,
          clockMs,
          e.count,
        );
    });
  }

  private read(channel: number, type: number, clockMs: number): boolean {
    const billing = type === ON_DEMAND_TYPE.billingRead && !this.defects.has("mbus-on-demand-never-posted");
    return this.channels.read(channel, billing, clockMs, this.timeline.current()).value !== null;
  }

  /** Every plugged device whose address no channel holds is installed on a free channel (8.18.2). */
  private scan(clockMs: number): number {
    let installed = 0;
    for (const device of this.channels.bus.plugged()) {
      if (this.channels.channelOfAddress(device.address) !== null) continue;
      const target = this.defects.has("mbus-discovery-occupied-channel") ? 1 : this.channels.lowestFreeChannel();
      if (target === null) break;
      this.channels.install(
        target,
        { schedule: DEFAULT_SCHEDULE, address: device.address, installed: true, identity: device.identity },
        clockMs,
        this.timeline.current(),
        true,
      );
      installed++;
    }
    return installed;
  }

  private finish(index: number, state: number, clockMs: number, count: number): void {
    const e = this.entries[index] as Running;
    this.entries[index] = { ...e, state, count, finishedAt: epochMsToLTimeDate(clockMs) };
  }

  private interruptAll(clockMs: number): void {
    this.entries.forEach((e, i) => {
      if (e.state === REQUEST_STATE.pending) this.interrupt(i, clockMs);
    });
  }

  private interrupt(index: number, clockMs: number): void {
    const e = this.entries[index] as Running;
    const scan = index === this.channels.count;
    if (!scan && this.defects.has("mbus-outage-read-reported-complete")) {
      // The defect: the broken-off read is reported as a complete one, with what it had.
      this.read(index + 1, e.type, clockMs);
      this.finish(index, REQUEST_STATE.done, clockMs, e.count);
      return;
    }
    this.entries[index] = { ...e, state: REQUEST_STATE.interrupted, generation: e.generation + 1 };
    if (!scan) this.channels.markInterrupted(index + 1, clockMs);
  }

  private retryAll(clockMs: number): void {
    this.entries.forEach((e, i) => {
      if (e.state !== REQUEST_STATE.interrupted) return;
      const scan = i === this.channels.count;
      // e.count is the attempts made so far; a scan starts again whatever happened to it.
      if (!scan && e.count > this.additional.outageRetries(i + 1)) {
        this.finish(i, REQUEST_STATE.abandoned, clockMs, e.count);
        return;
      }
      this.entries[i] = { ...e, state: REQUEST_STATE.pending, count: scan ? e.count : e.count + 1 };
      this.start(i);
    });
  }
}

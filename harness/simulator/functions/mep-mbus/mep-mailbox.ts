import type { ByteOrder } from "../../../bytes/cursor";
import {
  decodePostMepData,
  encodePostingSequence,
  EP39,
  type MepPostingParameters,
} from "../../../protocol/procedures/ep39-post-mep-data";
import { PROCEDURE_RESULT } from "../../../protocol/procedures/procedure-result-codes";
import { EMPTY_REQUEST, REQUEST_STATE, type OnDemandRequest } from "../../../protocol/tables/et15-on-demand-requests";
import { decodeInboundData } from "../../../protocol/tables/et50-mep-inbound-data-space";
import {
  MEP_CONFIGURATION_DEFAULTS,
  MEP_FLAG,
  type MepDeviceConfiguration,
} from "../../../protocol/tables/et51-mep-device-configuration";
import { POSTING_KIND } from "../../../protocol/tables/et74-mep-extended-log";
import type { MfgDimension } from "../../../protocol/tables/et11-mfg-dimension";
import { epochMsToLTimeDate } from "../../../protocol/types/time-types";
import type { DefectSet } from "../../defects";
import type { SimProcedure, SimProcedureResult } from "../../procedures/procedure-engine";
import type { MepPostings } from "./mep-postings";
import type { Timeline } from "./timeline";

/**
 * The meter's side of its MEP port (8.17), PROVISIONAL as EP39 is: the ET51 configuration, the
 * ET50 staging area, and one downlink slot per kind (ET15's MEP entries) that the head end fills
 * with EP39 and the MEP device empties. Non-urgent data waits for the device's next regular poll
 * (8.17.1.1); an on-demand request alerts the device, which takes it at once (8.17.1.2); a request
 * the device has not taken within ET51's on-demand timeout fails. Uplink postings (EP39 kinds
 * 2-6, from the device or from a client acting as one) go to MepPostings.
 */
export interface MepDeviceSide {
  /** The device's regular poll period, ms of physical time. */
  readonly pollMs: number;
  /** How long the device takes to answer the meter's alert. */
  readonly alertMs: number;
  /** Takes the request in slot `slot`; returns the state it leaves the request in. */
  take(kind: number, request: OnDemandRequest, data: Uint8Array, clockMs: number): number;
}

const NO_DATA = new Uint8Array(0);

export class MepMailbox {
  config: MepDeviceConfiguration = MEP_CONFIGURATION_DEFAULTS;
  staging: Uint8Array;
  /** Index 0: non-urgent data; 1: on-demand request. */
  readonly slots: OnDemandRequest[] = [EMPTY_REQUEST, EMPTY_REQUEST];
  private readonly slotData: Uint8Array[] = [NO_DATA, NO_DATA];
  device: MepDeviceSide | null = null;

  constructor(
    readonly dims: MfgDimension,
    readonly postings: MepPostings,
    private readonly timeline: Timeline,
    private readonly defects: DefectSet,
    readonly order: ByteOrder,
  ) {
    this.staging = new Uint8Array(1 + dims.mepDataSize);
  }

  get enabled(): boolean {
    return (this.config.flags & MEP_FLAG.disabled) === 0;
  }

  stagedData(): Uint8Array {
    const d = decodeInboundData(this.staging);
    return d.ok ? d.value : NO_DATA;
  }

  procedure(): SimProcedure {
    return {
      id: EP39,
      level: "provisioning",
      run: (parameters) => {
        this.timeline.settle();
        const d = decodePostMepData(parameters, this.order);
        return d.ok ? this.post(d.value) : { resultCode: PROCEDURE_RESULT["invalid-parameter"] };
      },
    };
  }

  /** One EP39 posting, from the head end or from a MEP device; answers the procedure's result. */
  post(p: MepPostingParameters, clockMs = this.timeline.clockAt(this.timeline.current())): SimProcedureResult {
    if (!this.enabled) return { resultCode: PROCEDURE_RESULT.conflict };
    if (p.direction === "down") return this.postDown(p.kind, p.requestId, p.data, clockMs);
    if (p.kind === POSTING_KIND.alarmsOnly && p.alarms === 0)
      return { resultCode: PROCEDURE_RESULT["invalid-parameter"] };
    const sequence = this.postings.add(
      { kind: p.kind, requestId: p.requestId, alarms: p.alarms, staged: this.stagedData() },
      clockMs,
    );
    if (p.kind === POSTING_KIND.onDemandResponse) this.answered(p.requestId, clockMs);
    return { resultCode: PROCEDURE_RESULT.completed, responseData: encodePostingSequence(sequence, this.order) };
  }

  /** Resets the device (ET51 bit 3): what it had not taken is dropped. */
  reset(clockMs: number): void {
    this.slots.forEach((s, i) => {
      if (s.state === REQUEST_STATE.pending) this.finish(i, REQUEST_STATE.failed, clockMs);
    });
  }

  private postDown(kind: number, requestId: number, data: Uint8Array, clockMs: number): SimProcedureResult {
    if (data.length > this.dims.mepDataSize || (kind === POSTING_KIND.onDemandRequest && data.length === 0))
      return { resultCode: PROCEDURE_RESULT["invalid-parameter"] };
    if (this.slots[kind]?.state === REQUEST_STATE.pending) return { resultCode: PROCEDURE_RESULT.conflict };
    const type = kind === POSTING_KIND.onDemandRequest ? (data[0] as number) : 0;
    this.slots[kind] = {
      requestId,
      type,
      state: REQUEST_STATE.pending,
      count: data.length,
      postedAt: epochMsToLTimeDate(clockMs),
      finishedAt: null,
    };
    this.slotData[kind] = data.slice();
    const device = this.device;
    if (device !== null) {
      const now = this.timeline.current();
      const delay = kind === POSTING_KIND.onDemandRequest ? device.alertMs : device.pollMs - (now % device.pollMs);
      const posted = this.slots[kind];
      this.timeline.after(delay, (at) => {
        if (this.slots[kind] !== posted || !this.enabled) return;
        if (kind === POSTING_KIND.data && this.defects.has("mep-non-urgent-never-read")) return;
        const state = device.take(kind, posted as OnDemandRequest, this.slotData[kind] as Uint8Array, at);
        if (this.slots[kind] === posted) this.finish(kind, state, at);
      });
    }
    if (kind === POSTING_KIND.onDemandRequest) {
      const posted = this.slots[kind];
      this.timeline.after(this.config.onDemandTimeoutS * 1000, (at) => {
        if (this.slots[kind] === posted) this.finish(kind, REQUEST_STATE.failed, at);
      });
    }
    return { resultCode: PROCEDURE_RESULT.completed, responseData: Uint8Array.of(0, 0) };
  }

  private answered(requestId: number, clockMs: number): void {
    const s = this.slots[POSTING_KIND.onDemandRequest] as OnDemandRequest;
    if (s.state === REQUEST_STATE.pending && s.requestId === requestId)
      this.finish(POSTING_KIND.onDemandRequest, REQUEST_STATE.done, clockMs);
  }

  private finish(kind: number, state: number, clockMs: number): void {
    const s = this.slots[kind] as OnDemandRequest;
    this.slots[kind] = { ...s, state, finishedAt: epochMsToLTimeDate(clockMs) };
  }
}

import { RESPONSE_CODE } from "../../../protocol/response-codes";
import {
  decodeMbusDataTypes,
  encodeMbusDataTypes,
  ET57,
  ET57_FIELDS,
  POLL_RATES_ALLOWED,
  type MbusChannelType,
} from "../../../protocol/tables/et57-mbus-data-types";
import type { DeviceContext } from "../../device-function";
import type { MeteringStep } from "../../device-model/metering-model";
import type { SimTable } from "../../sim-table";
import { laidOver } from "./field-writes";
import { IntervalRecorder } from "./interval-recorder";
import { IntervalSampler } from "./interval-sampler";

/**
 * Load-profile data set 2 (8.5.2): the M-Bus channels, sampled every poll rate (ET57, 8.5.2.2) at
 * whole multiples of it in UTC (8.5.2.3), each value the index of an M-Bus meter (UINT32, litres:
 * DIF 0x04 = 32-bit integer, VIF 0x13 = volume in 10^-3 m³). The two meters behind the channels
 * (gas, water) are simulated here with a steady flow over the time that really passes, so their
 * indexes only grow, whatever the clock does. A new poll rate restarts the data set.
 */
export const MBUS_DIMENSIONS = { blocks: 4, intervalsPerBlock: 24 } as const;
export const MBUS_DEFAULT_POLL_MINUTES = 60;
const UINT32_MAX = 0xffffffff;

interface MbusMeter {
  readonly type: MbusChannelType;
  readonly litresPerHour: number;
  index: number;
}

export class MbusLoadProfile {
  readonly recorder: IntervalRecorder;
  private readonly meters: MbusMeter[] = [
    { type: { device: 1, dif: 0x04, vif: 0x13 }, litresPerHour: 180, index: 1_250_000 },
    { type: { device: 2, dif: 0x04, vif: 0x13 }, litresPerHour: 24, index: 86_000 },
  ];
  private readonly sampler: IntervalSampler;
  private pollMinutes = MBUS_DEFAULT_POLL_MINUTES;
  /** The rate intervals really close at: the poll rate, unless a defect keeps the first one. */
  private samplingMinutes = MBUS_DEFAULT_POLL_MINUTES;

  constructor(private readonly ctx: DeviceContext) {
    this.recorder = new IntervalRecorder({ ...MBUS_DIMENSIONS, channels: this.meters.length });
    this.sampler = new IntervalSampler(
      this.recorder,
      {
        intervalMs: () => this.samplingMinutes * 60_000,
        readings: () => this.readings(),
        mode: "reading",
        maxValue: UINT32_MAX,
        testMode: () => ctx.status.testMode,
        flagsClockSets: true,
      },
      ctx.clock.nowMs(),
      this.readings(),
    );
    ctx.metering.onStep((s) => this.flow(s));
    ctx.metering.onStep((s) => this.sampler.onStep(s));
    ctx.metering.onClockJump((from, to) => this.sampler.onJump(from, to));
  }

  get channels(): number {
    return this.meters.length;
  }

  get pollRateMinutes(): number {
    return this.pollMinutes;
  }

  readings(): number[] {
    return this.meters.map((m) => Math.floor(m.index));
  }

  /** ET57: the poll rate is written by the head end; the channel descriptions are the meter's. */
  table(): SimTable {
    const image = () =>
      encodeMbusDataTypes({
        pollRateMinutes: this.pollMinutes,
        channels: this.meters.map((m, i) =>
          i === 1 && this.ctx.defects.has("mbus-lp-data-type-wrong") ? { ...m.type, dif: 0x02 } : m.type,
        ),
      });
    const fields = [
      { offset: ET57_FIELDS.pollRateMinutes, size: 1 },
      { offset: ET57_FIELDS.channels, size: image().length - ET57_FIELDS.channels },
    ];
    return {
      id: ET57,
      readLevel: "reader",
      writeLevel: "provisioning",
      image,
      write: (offset, data) => {
        const before = image();
        const patched = laidOver(before, offset, data, fields);
        if (patched === null) return RESPONSE_CODE.err;
        const d = decodeMbusDataTypes(patched, this.meters.length);
        if (!d.ok || !POLL_RATES_ALLOWED.includes(d.value.pollRateMinutes)) return RESPONSE_CODE.err;
        if (patched.subarray(ET57_FIELDS.channels).some((b, i) => b !== before[ET57_FIELDS.channels + i]))
          return RESPONSE_CODE.err;
        this.setPollRate(d.value.pollRateMinutes);
        return RESPONSE_CODE.ok;
      },
    };
  }

  private setPollRate(minutes: number): void {
    if (minutes === this.pollMinutes) return;
    this.pollMinutes = minutes;
    if (this.ctx.defects.has("mbus-lp-poll-rate-ignored")) return;
    this.samplingMinutes = minutes;
    this.sampler.restart(this.ctx.clock.nowMs(), this.readings());
  }

  private flow(step: MeteringStep): void {
    for (const m of this.meters) m.index += (m.litresPerHour * (step.toMs - step.fromMs)) / 3_600_000;
  }
}

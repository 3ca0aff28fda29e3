import { RESPONSE_CODE } from "../../../protocol/response-codes";
import {
  decodeLoadProfileConfiguration,
  encodeLoadProfileConfiguration,
  ET21,
  ET21_FIELDS,
  INTERVAL_MINUTES_ALLOWED,
  type LoadProfileConfiguration,
} from "../../../protocol/tables/et21-load-profile-configuration";
import { ET66, encodeLoadProfileSources } from "../../../protocol/tables/et66-load-profile-sources";
import type { DeviceContext } from "../../device-function";
import type { MeteringStep } from "../../device-model/metering-model";
import { computedTable, type SimTable } from "../../sim-table";
import { ChannelChangeLog } from "./channel-change-log";
import { defaultSources, energySources, type EnergySource } from "./energy-sources";
import { byteFields, laidOver } from "./field-writes";
import { IntervalRecorder } from "./interval-recorder";
import { IntervalSampler } from "./interval-sampler";

/**
 * Load-profile data set 1 (8.5, 8.5.1): the electricity channels. Its configuration is ET21
 * (interval length, the unread-entries alarm threshold of 8.5.3, a source per channel); a change
 * of interval or sources restarts the data set and is logged to ET75. Values are UINT16 Wh (varh)
 * per interval; block-end readings are the registers, INT32.
 */
export const PRIMARY_DIMENSIONS = { blocks: 8, intervalsPerBlock: 24 } as const;
export const PRIMARY_DEFAULT_INTERVAL_MINUTES = 15;
const UINT16_MAX = 0xffff;

export class PrimaryLoadProfile {
  readonly sources: readonly EnergySource[];
  readonly recorder: IntervalRecorder;
  readonly changes: ChannelChangeLog;
  private readonly sampler: IntervalSampler;
  private config: LoadProfileConfiguration;
  private lastStep: MeteringStep | null = null;

  constructor(private readonly ctx: DeviceContext) {
    this.sources = energySources(ctx.profile.load.tiers);
    const sources = defaultSources(ctx.profile.load.phases);
    this.config = {
      intervalMinutes: PRIMARY_DEFAULT_INTERVAL_MINUTES,
      unreadAlarmThreshold: PRIMARY_DIMENSIONS.blocks - 2,
      sources,
    };
    this.recorder = new IntervalRecorder({ ...PRIMARY_DIMENSIONS, channels: sources.length });
    this.changes = new ChannelChangeLog(sources.length, ctx.dataOrder);
    const registers = ctx.metering.registers();
    this.sampler = new IntervalSampler(
      this.recorder,
      {
        intervalMs: () => this.config.intervalMinutes * 60_000,
        readings: (step) => this.readingsOf(step.registers),
        mode: "delta",
        maxValue: UINT16_MAX,
        testMode: () => ctx.status.testMode,
        flagsClockSets: !ctx.defects.has("lp-clock-set-flag-missing"),
      },
      ctx.clock.nowMs(),
      this.readingsOf(registers),
    );
    ctx.metering.onStep((s) => {
      this.lastStep = s;
      this.sampler.onStep(s);
    });
    ctx.metering.onClockJump((from, to) => this.sampler.onJump(from, to));
  }

  get channels(): number {
    return this.config.sources.length;
  }

  configuration(): LoadProfileConfiguration {
    return this.config;
  }

  /** The registers at the end of the last step: the readings a block that ends now would carry. */
  readingsNow(): number[] {
    return this.lastStep === null
      ? this.readingsOf(this.ctx.metering.registers())
      : this.readingsOf(this.lastStep.registers);
  }

  tables(): SimTable[] {
    return [
      this.configurationTable(),
      computedTable(ET66, "reader", () => encodeLoadProfileSources(this.sources)),
      this.changes.table(),
    ];
  }

  private readingsOf(r: Parameters<EnergySource["read"]>[0]): number[] {
    return this.config.sources.map((id) => this.sources.find((s) => s.id === id)?.read(r) ?? 0);
  }

  private configurationTable(): SimTable {
    const fields = [
      { offset: ET21_FIELDS.intervalMinutes, size: 1 },
      { offset: ET21_FIELDS.unreadAlarmThreshold, size: 2 },
      ...byteFields(ET21_FIELDS.sources, this.channels),
    ];
    const image = () => encodeLoadProfileConfiguration(this.config, this.ctx.dataOrder);
    return {
      id: ET21,
      readLevel: "reader",
      writeLevel: "provisioning",
      image,
      write: (offset, data) => {
        const patched = laidOver(image(), offset, data, fields);
        if (patched === null) return RESPONSE_CODE.err;
        const d = decodeLoadProfileConfiguration(patched, this.ctx.dataOrder, this.channels);
        if (!d.ok || !this.acceptable(d.value)) return RESPONSE_CODE.err;
        this.apply(d.value);
        return RESPONSE_CODE.ok;
      },
    };
  }

  private acceptable(c: LoadProfileConfiguration): boolean {
    return (
      INTERVAL_MINUTES_ALLOWED.includes(c.intervalMinutes) &&
      c.unreadAlarmThreshold <= PRIMARY_DIMENSIONS.blocks &&
      c.sources.every((id) => this.sources.some((s) => s.id === id))
    );
  }

  private apply(next: LoadProfileConfiguration): void {
    const old = this.config;
    this.config = next;
    const changed = old.intervalMinutes !== next.intervalMinutes || old.sources.some((s, i) => s !== next.sources[i]);
    if (!changed) return;
    const now = this.ctx.clock.nowMs();
    if (!this.ctx.defects.has("lp-reconfiguration-not-logged")) this.changes.add(now, old, next);
    this.sampler.restart(now, this.readingsNow());
  }
}

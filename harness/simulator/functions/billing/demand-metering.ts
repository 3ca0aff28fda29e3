import { RESPONSE_CODE } from "../../../protocol/response-codes";
import type { DataBlock } from "../../../protocol/tables/bt23-current-register-data";
import type { PresentDemand } from "../../../protocol/tables/bt28-present-register-data";
import {
  demandConfigurationProblem,
  demandConfigurationSize,
  demandTableSize,
  encodeDemandTable,
  ET40,
  type DemandConfiguration,
} from "../../../protocol/tables/et40-demand-configuration";
import { encodeDemandResetLog, ET41, type DemandResetEntry } from "../../../protocol/tables/et41-demand-reset-log";
import type { DeviceContext } from "../../device-function";
import { computedTable, type SimTable } from "../../sim-table";
import { DEMAND_RESET_LOG_CAPACITY, type BillingLayout } from "./billing-layout";
import { CircularList } from "./circular-list";
import { DemandMaxima } from "./demand-maxima";
import { DemandWindow, type DemandSettings } from "./demand-window";
import { DEMAND_SOURCES } from "./sources";
import { stime } from "./stime";

/**
 * Demand metering (8.15): the calculation (demand-window.ts), the maxima (demand-maxima.ts), ET40
 * (configuration and status) and ET41 (the log of demand resets). The meter starts with 15-minute
 * block demand. An accepted write of ET40's configuration bytes restarts the calculation
 * (8.15.1.9/8.15.1.10); a configuration the meter cannot use is refused with onp and changes nothing.
 */
export const DEFAULT_INTERVAL_MINUTES = 15;
const MINUTE = 60_000;

export class DemandMetering {
  private readonly window: DemandWindow;
  readonly maxima: DemandMaxima;
  private readonly log: CircularList<DemandResetEntry>;
  /** What ET40 shows; the window runs on it too, unless the reconfiguration defect holds it back. */
  private shown: DemandConfiguration;
  /** previous-demand-lags: the previous demand one interval late. */
  private lagging: number[];

  constructor(
    private readonly ctx: DeviceContext,
    private readonly layout: BillingLayout,
  ) {
    const s = layout.selection;
    this.shown = {
      demands: s.demandSources.length,
      intervalMinutes: DEFAULT_INTERVAL_MINUTES,
      subIntervals: 1,
      sources: [...s.demandSources],
    };
    this.window = new DemandWindow(this.settings(), s.coincidentSources, ctx.clock.nowMs(), ctx.metering.registers());
    this.lagging = [...this.window.previous];
    this.maxima = new DemandMaxima(layout.dims.tiers, s, ctx.defects);
    this.log = new CircularList(DEMAND_RESET_LOG_CAPACITY, () => ({
      sequence: 0,
      time: null,
      resetCount: 0,
      demands: s.demandSources.map(() => ({ maximum: 0, maximumTime: null, cumulative: 0 })),
    }));
    ctx.metering.onStep((step) => {
      const before = [...this.window.previous];
      const closed = this.window.step(step);
      if (closed === null) return;
      this.lagging = before;
      const w = this.window.config;
      this.maxima.record(closed, (w.intervalMinutes / w.subIntervals) * MINUTE);
    });
    ctx.metering.onClockJump((_from, to) => {
      this.window.clockChanged(to);
      this.window.tiersFrom(ctx.metering.registers());
    });
  }

  /** 8.15.1.7: the maxima move into the cumulative demands; ET41 records what was reset. */
  reset(resetCount: number): void {
    const before = this.maxima.totals();
    this.maxima.reset();
    this.window.clearSinceReset();
    if (this.ctx.defects.has("demand-reset-not-logged")) return;
    const after = this.maxima.totals();
    this.log.add((sequence) => ({
      sequence,
      time: stime(this.ctx.clock.nowMs()),
      resetCount: resetCount % 256,
      demands: before.map((b, i) => ({
        maximum: b.maximum,
        maximumTime: b.maximumTimeMs === null ? null : stime(b.maximumTimeMs),
        cumulative: after[i]?.cumulative ?? 0,
      })),
    }));
  }

  demandsOf(block: number): Pick<DataBlock, "demands" | "coincidents"> {
    return this.maxima.demandsOf(block);
  }

  /** BT28's present demands: the demand so far, and the time until it is next calculated. */
  present(): PresentDemand[] {
    this.ctx.metering.advance();
    const remaining = Math.max(0, Math.ceil((this.window.nextEndMs - this.ctx.clock.nowMs()) / 1000));
    const timeRemaining = {
      hour: Math.floor(remaining / 3600),
      minute: Math.floor(remaining / 60) % 60,
      second: remaining % 60,
    };
    return this.window
      .present(this.ctx.defects.has("present-demand-never-resets"))
      .map((value) => ({ timeRemaining, value }));
  }

  tables(): SimTable[] {
    const d = this.shown.demands;
    const config = demandConfigurationSize(d);
    const et40: SimTable = {
      ...computedTable(ET40, "reader", () => this.et40()),
      writeLevel: "provisioning",
      vci: [
        { offset: 0, length: 1, vci: "M" },
        { offset: config, length: demandTableSize(d) - config, vci: "M" },
      ],
      write: (offset, data) => this.writeConfiguration(offset, data),
    };
    const et41 = computedTable(ET41, "reader", () =>
      encodeDemandResetLog(
        { ...this.log.header(), capacity: this.log.capacity, demands: d, entries: [...this.log.elements()] },
        this.ctx.dataOrder,
      ),
    );
    return [et40, et41];
  }

  private et40(): Uint8Array {
    this.ctx.metering.advance();
    const w = this.window;
    const lag = this.ctx.defects.has("previous-demand-lags");
    return encodeDemandTable(
      {
        configuration: this.shown,
        status: {
          calculationStart: stime(w.startMs),
          lastIntervalEnd: w.lastEndMs === null ? null : stime(w.lastEndMs),
          previousDemands: lag ? this.lagging : w.previous,
        },
      },
      this.ctx.dataOrder,
    );
  }

  private writeConfiguration(offset: number, data: Uint8Array): number {
    const size = demandConfigurationSize(this.shown.demands);
    if (offset >= size) return RESPONSE_CODE.ok;
    const image = this.et40();
    image.set(data, offset);
    // Byte 0 (the number of demands) is the meter's: whatever a write puts there, the meter keeps its own.
    const sources = Array.from(image.subarray(3, size));
    const next: DemandConfiguration = {
      demands: this.shown.demands,
      intervalMinutes: image[1] as number,
      subIntervals: image[2] as number,
      sources,
    };
    if (demandConfigurationProblem(next) !== null || !sources.every((s) => DEMAND_SOURCES.has(s)))
      return RESPONSE_CODE.onp;
    this.shown = next;
    if (!this.ctx.defects.has("demand-reconfiguration-ignored")) this.restart();
    return RESPONSE_CODE.ok;
  }

  private restart(): void {
    const w = this.window;
    const kept = { previous: [...w.previous], lastEndMs: w.lastEndMs };
    w.restart(this.settings(), this.ctx.clock.nowMs(), this.ctx.metering.registers());
    this.maxima.reselect({ ...this.layout.selection, demandSources: this.shown.sources });
    if (this.ctx.defects.has("demand-restart-keeps-previous")) {
      w.previous = kept.previous;
      w.lastEndMs = kept.lastEndMs;
    }
    this.lagging = [...w.previous];
  }

  private settings(): DemandSettings {
    return {
      intervalMinutes: this.shown.intervalMinutes,
      subIntervals: this.shown.subIntervals,
      sources: this.shown.sources,
    };
  }
}

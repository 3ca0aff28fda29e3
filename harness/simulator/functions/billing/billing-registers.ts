import { EVENT_CODES } from "../../../protocol/event-codes";
import type { RegisterData } from "../../../protocol/tables/bt23-current-register-data";
import type { DatedRegisterData } from "../../../protocol/tables/bt24-bt25-dated-register-data";
import type { SelfReadEntry } from "../../../protocol/tables/bt26-self-read-data";
import type { DeviceContext } from "../../device-function";
import type { EnergyRegisters } from "../../device-model/metering-model";
import type { BillingLayout } from "./billing-layout";
import { CircularList } from "./circular-list";
import type { DemandMetering } from "./demand-metering";
import { buildRegisterData, emptyRegisterData } from "./register-data";
import { stime } from "./stime";

/**
 * The billing registers of 8.4 and their copies: BT23 (the present totals, 8.4.3), BT24 (at a
 * season change), BT25 (at a demand reset) and BT26 (self-reads, 8.4.1: every day at midnight of
 * the meter's clock, and on demand). It owns the meter's "self-read" and "demand-reset" actions,
 * so a procedure, a pending table's PED or any other function can start them; each posts its
 * C12.19 event (21 self read, 20 demand reset). A copy is taken before what it records changes:
 * BT25 holds the maxima that the reset clears.
 */
const DAY = 86_400_000;
const HOUR = 3_600_000;

export class BillingRegisters {
  private demandResets = 0;
  private season = 0;
  private previousSeason: DatedRegisterData;
  private previousReset: DatedRegisterData;
  readonly selfReads: CircularList<SelfReadEntry>;
  /** The registers at the last self-read: what the stale-register defects keep showing. */
  private atLastSelfRead: EnergyRegisters;

  constructor(
    private readonly ctx: DeviceContext,
    readonly layout: BillingLayout,
    private readonly demand: DemandMetering | null,
  ) {
    const empty = (): DatedRegisterData => ({ endTime: null, season: 0, data: emptyRegisterData(layout) });
    this.previousSeason = empty();
    this.previousReset = empty();
    this.selfReads = new CircularList(layout.dims.selfReads, () => ({ sequence: 0, ...empty() }));
    this.atLastSelfRead = ctx.metering.registers();
    ctx.actions.on("self-read", () => this.selfRead(ctx.clock.nowMs(), ctx.metering.registers()));
    ctx.actions.on("demand-reset", () => this.demandReset());
    // The daily self-read: the step that ends at midnight (or, defective, an hour later) takes it.
    const at = ctx.defects.has("self-read-hour-late") ? HOUR : 0;
    ctx.metering.onStep((s) => {
      if (((s.toMs % DAY) + DAY) % DAY === at) this.selfRead(s.toMs, s.registers);
    });
  }

  /** BT23: the registers now, unless a defect holds some of them back. */
  current(): RegisterData {
    const regs = this.ctx.metering.registers();
    const d = this.ctx.defects;
    if (d.has("bt23-frozen-between-self-reads")) return this.copyOf(this.atLastSelfRead);
    return buildRegisterData(this.layout, regs, this.demandResets, this.demand, {
      ...(d.has("bt23-tier-blocks-stale") ? { tiers: this.atLastSelfRead } : {}),
      ...(d.has("total-energy-stale") ? { totalEnergy: this.atLastSelfRead } : {}),
    });
  }

  previousSeasonData(): DatedRegisterData {
    return this.previousSeason;
  }

  previousResetData(): DatedRegisterData {
    return this.previousReset;
  }

  /** BP09's season change: the registers of the season that ends go to BT24. */
  seasonChange(newSeason: number): void {
    this.previousSeason = this.dated(this.ctx.clock.nowMs(), this.copyOf(this.ctx.metering.registers()));
    this.season = newSeason;
    this.ctx.events.post(EVENT_CODES.seasonChanged);
  }

  private selfRead(timeMs: number, regs: EnergyRegisters): void {
    const stamp = this.ctx.defects.has("self-read-stamped-day-early") ? timeMs - DAY : timeMs;
    const data = this.copyOf(regs);
    this.selfReads.add((sequence) => ({ sequence, ...this.dated(stamp, data) }));
    this.atLastSelfRead = regs;
    this.ctx.events.post(EVENT_CODES.selfRead, { clockMs: timeMs });
  }

  private demandReset(): void {
    this.previousReset = this.dated(this.ctx.clock.nowMs(), this.copyOf(this.ctx.metering.registers()));
    this.demandResets++;
    this.demand?.reset(this.demandResets);
    this.ctx.events.post(EVENT_CODES.demandReset);
  }

  private copyOf(regs: EnergyRegisters): RegisterData {
    return buildRegisterData(this.layout, regs, this.demandResets, this.demand);
  }

  private dated(timeMs: number, data: RegisterData): DatedRegisterData {
    return { endTime: stime(timeMs), season: this.season, data };
  }
}

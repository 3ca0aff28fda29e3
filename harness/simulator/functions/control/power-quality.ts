import { RESPONSE_CODE } from "../../../protocol/response-codes";
import {
  checkPowerQualityThresholds,
  decodePowerQuality,
  encodePowerQuality,
  ET09,
  ET09_SIZE,
  ET09_THRESHOLDS_SIZE,
  type PowerQualityThresholds,
} from "../../../protocol/tables/et09-power-quality";
import type { MeterAlarm } from "../../../protocol/tables/et54-meter-status";
import type { ControlContext, ControlPart } from "./control-context";
import { meterControlled, validatedTable } from "./validated-table";

type EventKind = "sag" | "swell" | "under" | "over";

interface EventState {
  active: boolean;
  counted: boolean;
  startMs: number;
  count: number;
  ms: number;
}

const ALARM: Readonly<Record<EventKind, MeterAlarm>> = {
  sag: "voltageSag",
  swell: "voltageSwell",
  under: "underVoltage",
  over: "overVoltage",
};

/**
 * Power quality (8.8, 8.8.1; ET09). The meter compares the phase voltages with the host's
 * thresholds: a sag (swell) is counted as soon as the lowest (highest) phase is below (above) its
 * threshold; an under-(over-)voltage only once it has lasted the qualifying time. Durations count
 * device time that really passed (a clock set does not add to them). The voltages are sampled
 * whenever the group settles (before any of its tables or procedures is used): the simulated
 * voltage changes once a minute, so samples at each access see every change a scenario can cause.
 */
export class PowerQuality {
  thresholds: PowerQualityThresholds;
  private readonly events: Record<EventKind, EventState>;
  private lastSampleMs: number;

  constructor(private readonly c: ControlContext) {
    const v = c.device.profile.load.nominalVoltageV * 10;
    this.thresholds = {
      sagDv: Math.round(v * 0.9),
      swellDv: Math.round(v * 1.1),
      underDv: Math.round(v * 0.95),
      overDv: Math.round(v * 1.05),
      qualifyingSeconds: 60,
    };
    const fresh = (): EventState => ({ active: false, counted: false, startMs: 0, count: 0, ms: 0 });
    this.events = { sag: fresh(), swell: fresh(), under: fresh(), over: fresh() };
    this.lastSampleMs = c.device.clock.elapsedMs();
  }

  sample(): void {
    const volts = this.c.device.metering.present().voltageV.map((x) => Math.round(x * 10));
    const low = Math.min(...volts);
    const high = Math.max(...volts);
    const t = this.thresholds;
    const now = this.c.device.clock.elapsedMs();
    this.judge("sag", low < t.sagDv, 0, now);
    this.judge("swell", high > t.swellDv, 0, now);
    this.judge("under", low < t.underDv, t.qualifyingSeconds * 1000, now);
    this.judge("over", high > t.overDv, t.qualifyingSeconds * 1000, now);
    this.lastSampleMs = now;
  }

  private judge(kind: EventKind, holds: boolean, qualifyingMs: number, now: number): void {
    const e = this.events[kind];
    if (!holds) {
      e.active = false;
      e.counted = false;
      this.c.alarms.set(ALARM[kind], false);
      return;
    }
    if (!e.active) Object.assign(e, { active: true, counted: false, startMs: now });
    else if (e.counted) e.ms += now - this.lastSampleMs;
    if (!e.counted && now - e.startMs >= qualifyingMs) {
      e.counted = true;
      e.ms += now - e.startMs;
      if (!(kind === "under" && this.c.device.defects.has("pq-under-voltage-not-counted")))
        e.count = (e.count + 1) & 0xffff;
      this.c.post("powerQualityEvent", [Object.keys(ALARM).indexOf(kind)]);
    }
    this.c.alarms.set(ALARM[kind], e.counted);
  }

  private image(): Uint8Array {
    const p = this.c.device.metering.present();
    const phase = (xs: readonly number[], i: number, scale: number) => Math.round((xs[i] ?? 0) * scale);
    const e = this.events;
    return encodePowerQuality(
      {
        ...this.thresholds,
        sagCount: e.sag.count,
        swellCount: e.swell.count,
        underCount: e.under.count,
        overCount: e.over.count,
        sagSeconds: Math.floor(e.sag.ms / 1000),
        swellSeconds: Math.floor(e.swell.ms / 1000),
        underSeconds: Math.floor(e.under.ms / 1000),
        overSeconds: Math.floor(e.over.ms / 1000),
        voltageL1Dv: phase(p.voltageV, 0, 10),
        voltageL2Dv: phase(p.voltageV, 1, 10),
        voltageL3Dv: phase(p.voltageV, 2, 10),
        currentL1CentiA: phase(p.currentA, 0, 100),
        currentL2CentiA: phase(p.currentA, 1, 100),
        currentL3CentiA: phase(p.currentA, 2, 100),
        activePowerW: p.activePowerW,
        reactivePowerVar: p.reactivePowerVar,
        frequencyCentiHz: Math.round(p.frequencyHz * 100),
        powerFactorMilli: Math.round(p.powerFactor * 1000),
      },
      this.c.device.dataOrder,
    );
  }

  part(): ControlPart {
    const et09 = validatedTable({
      id: ET09,
      readLevel: "reader",
      writeLevel: "provisioning",
      vci: [meterControlled(ET09_THRESHOLDS_SIZE, ET09_SIZE - ET09_THRESHOLDS_SIZE)],
      image: () => this.image(),
      accept: (next) => {
        const d = decodePowerQuality(next, this.c.device.dataOrder);
        if (!d.ok) return RESPONSE_CODE.err;
        const { sagDv, swellDv, underDv, overDv, qualifyingSeconds } = d.value;
        const t = { sagDv, swellDv, underDv, overDv, qualifyingSeconds };
        if (checkPowerQualityThresholds(t) !== null && !this.c.device.defects.has("pq-thresholds-unchecked"))
          return RESPONSE_CODE.err;
        this.thresholds = t;
        this.sample();
        return RESPONSE_CODE.ok;
      },
    });
    return { tables: [et09], procedures: [], settle: () => this.sample() };
  }
}

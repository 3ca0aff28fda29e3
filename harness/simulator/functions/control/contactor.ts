import { RESPONSE_CODE } from "../../../protocol/response-codes";
import {
  checkMaxPowerCurrent,
  decodeMaxPowerCurrent,
  encodeMaxPowerCurrent,
  ET30,
  type MaxPowerCurrent,
} from "../../../protocol/tables/et30-maximum-power-current";
import { CONTACTOR_STATE, OPEN_CAUSE } from "../../../protocol/tables/et54-meter-status";
import { CONTACTOR_OPTION } from "../../../protocol/tables/et55-meter-configuration";
import type { MeteringStep } from "../../device-model/metering-model";
import type { SimTable } from "../../sim-table";
import type { ControlContext } from "./control-context";
import type { MeterConfigurationStore } from "./meter-configuration";
import { validatedTable } from "./validated-table";

type State = (typeof CONTACTOR_STATE)[keyof typeof CONTACTOR_STATE];
type Cause = (typeof OPEN_CAUSE)[keyof typeof OPEN_CAUSE];

/** Reactive share of the simulated load (metering-model.ts): current from power, inside a step. */
const APPARENT_PER_ACTIVE = Math.hypot(1, 0.33);

/**
 * The load disconnect contactor (8.10). Closed, open, or open and armed for a local reconnect
 * (8.10.3: the customer's button then closes it). It opens:
 *  - when the quantity ET55 chooses (8.10.1.3: active import power, or the highest phase current)
 *    stays above ET30's threshold (8.10.1.1, 8.10.1.2) for ET30's duration;
 *  - when the prepaid credit (8.10.2, ET55) is used up;
 *  - on a remote command (8.10.4) or a press of the button while closed.
 * Both thresholds and the credit are judged at every metering step; the opening itself takes effect
 * when the group settles, since a step may not change the metering model (its time is the step's).
 */
export class Contactor {
  state: State = CONTACTOR_STATE.closed;
  cause: Cause = OPEN_CAUSE.none;
  operations = 0;
  limits: MaxPowerCurrent = { maxPowerW: 0, maxCurrentCentiA: 0, durationSeconds: 60 };
  private aboveSinceMs: number | null = null;
  private creditFractionWh = 0;
  private pending: { cause: Cause; atMs: number } | null = null;

  constructor(
    private readonly c: ControlContext,
    readonly config: MeterConfigurationStore,
    private readonly billable: () => boolean,
  ) {
    c.device.metering.onStep((s) => this.step(s));
    c.device.metering.onClockJump(() => (this.aboveSinceMs = null));
    config.onWrite(() => this.judgeCredit(c.device.clock.nowMs()));
  }

  private get options(): number {
    return this.config.value.contactorOptions;
  }

  private step(s: MeteringStep): void {
    if (this.state !== CONTACTOR_STATE.closed) return;
    this.chargeCredit(s);
    const over = this.overLimit(s.averagePowerW);
    if (!over) this.aboveSinceMs = null;
    else {
      this.aboveSinceMs ??= s.fromMs;
      const at = this.aboveSinceMs + this.limits.durationSeconds * 1000;
      if (at <= s.toMs) this.pending ??= { cause: OPEN_CAUSE.loadLimit, atMs: at };
    }
  }

  private overLimit(powerW: number): boolean {
    const d = this.c.device.defects;
    if ((this.options & CONTACTOR_OPTION.limitByCurrent) !== 0) {
      const shape = this.c.device.profile.load;
      const currentCentiA = (Math.abs(powerW) * APPARENT_PER_ACTIVE * 100) / shape.phases / shape.nominalVoltageV;
      return (
        this.limits.maxCurrentCentiA > 0 &&
        currentCentiA > this.limits.maxCurrentCentiA &&
        !d.has("current-threshold-ignored")
      );
    }
    const limitW = d.has("power-threshold-in-kw") ? this.limits.maxPowerW * 1000 : this.limits.maxPowerW;
    return limitW > 0 && powerW > limitW;
  }

  private chargeCredit(s: MeteringStep): void {
    if ((this.options & CONTACTOR_OPTION.prepaid) === 0 || s.averagePowerW <= 0) return;
    if (!this.billable() || this.c.device.defects.has("prepaid-credit-not-decremented")) return;
    this.creditFractionWh += (s.averagePowerW * (s.toMs - s.fromMs)) / 3_600_000;
    const whole = Math.floor(this.creditFractionWh);
    this.creditFractionWh -= whole;
    if (whole > 0)
      this.config.value = { ...this.config.value, creditWh: Math.max(0, this.config.value.creditWh - whole) };
    this.judgeCredit(s.toMs);
  }

  private judgeCredit(atMs: number): void {
    const prepaid = (this.options & CONTACTOR_OPTION.prepaid) !== 0;
    const credit = this.config.value.creditWh;
    this.c.alarms.set("creditExhausted", prepaid && credit <= 0);
    this.c.alarms.set("lowCredit", prepaid && credit < this.config.value.lowCreditWh);
    if (prepaid && credit <= 0 && this.state === CONTACTOR_STATE.closed)
      this.pending ??= { cause: OPEN_CAUSE.credit, atMs };
  }

  /** The prepaid credit is used up: a close would only open again. */
  get creditExhausted(): boolean {
    return (this.options & CONTACTOR_OPTION.prepaid) !== 0 && this.config.value.creditWh <= 0;
  }

  get reconnectNeedsArming(): boolean {
    return (this.options & CONTACTOR_OPTION.reconnectNeedsArming) !== 0;
  }

  /** Applies an opening decided during the metering steps. */
  settle(): void {
    const p = this.pending;
    this.pending = null;
    if (p !== null && this.state === CONTACTOR_STATE.closed) this.open(p.cause, p.atMs);
  }

  open(cause: Cause, atMs = this.c.device.clock.nowMs()): void {
    if (this.state !== CONTACTOR_STATE.closed) return;
    this.c.device.metering.setSupplyConnected(false);
    this.state = CONTACTOR_STATE.open;
    this.cause = cause;
    this.operations = (this.operations + 1) & 0xffff;
    this.aboveSinceMs = null;
    if (cause === OPEN_CAUSE.loadLimit) this.c.alarms.raise("loadLimitTrip");
    this.c.post("contactorOpened", [cause], atMs);
  }

  close(): void {
    if (this.state === CONTACTOR_STATE.closed) return;
    this.c.device.metering.setSupplyConnected(true);
    this.state = CONTACTOR_STATE.closed;
    this.operations = (this.operations + 1) & 0xffff;
    this.aboveSinceMs = null;
    this.pending = null;
    this.c.post("contactorClosed", []);
  }

  arm(): void {
    this.state = CONTACTOR_STATE.armed;
    this.c.post("contactorArmed", []);
  }

  /** The customer's button (8.10.3): closes an armed contactor, opens a closed one. */
  pressButton(): void {
    if (this.state === CONTACTOR_STATE.armed) this.close();
    else if (this.state === CONTACTOR_STATE.closed) this.open(OPEN_CAUSE.local);
  }

  et30(): SimTable {
    return validatedTable({
      id: ET30,
      readLevel: "reader",
      writeLevel: "provisioning",
      image: () => encodeMaxPowerCurrent(this.limits, this.c.device.dataOrder),
      accept: (next) => {
        const d = decodeMaxPowerCurrent(next, this.c.device.dataOrder);
        if (!d.ok || checkMaxPowerCurrent(d.value) !== null) return RESPONSE_CODE.err;
        this.limits = d.value;
        this.aboveSinceMs = null;
        return RESPONSE_CODE.ok;
      },
    });
  }
}

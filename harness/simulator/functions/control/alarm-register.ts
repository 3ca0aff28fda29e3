import { METER_ALARM, type MeterAlarm } from "../../../protocol/tables/et54-meter-status";
import type { DefectSet } from "../../defects";

/**
 * The meter's alarms (8.6), as ET54 shows them: a condition word (what is wrong now) and a latched
 * word (what has been wrong since the alarms were last cleared). An alarm latches the moment its
 * condition is seen and stays latched after the condition goes, until BP08 clears it; clearing
 * keeps the alarms whose condition is still present.
 */
export class AlarmRegister {
  private conditionWord = 0;
  private latchedWord = 0;

  constructor(private readonly defects: DefectSet) {}

  /** A condition that lasts: on while it holds. */
  set(alarm: MeterAlarm, on: boolean): void {
    const bit = 1 << METER_ALARM[alarm];
    if (on) {
      this.conditionWord |= bit;
      this.latchedWord |= bit;
      return;
    }
    this.conditionWord &= ~bit;
    if (this.defects.has("alarm-not-latched")) this.latchedWord &= ~bit;
  }

  /** A momentary event (a trip, an alert): latched only. */
  raise(alarm: MeterAlarm): void {
    this.latchedWord |= 1 << METER_ALARM[alarm];
  }

  clearLatched(): void {
    this.latchedWord = this.conditionWord;
  }

  conditions(): number {
    return this.conditionWord;
  }

  latched(): number {
    return this.latchedWord;
  }
}

import { RESPONSE_CODE } from "../../../protocol/response-codes";
import {
  checkControlOutputSettings,
  decodeControlOutputSettings,
  encodeControlOutputSettings,
  ET05,
  RELAY_MODE,
  type RelaySettings,
} from "../../../protocol/tables/et05-control-output-settings";
import { encodeControlOutputData, ET46, RELAY_PENDING } from "../../../protocol/tables/et46-control-output-data";
import {
  checkRelayCalendar,
  decodeRelayCalendar,
  encodeRelayCalendar,
  ET61,
  type CalendarEntry,
} from "../../../protocol/tables/et61-relay-calendar";
import { epochMsToLTimeDate } from "../../../protocol/types/time-types";
import type { MeteringStep } from "../../device-model/metering-model";
import { computedTable, type SimTable } from "../../sim-table";
import type { ControlContext } from "./control-context";
import { mulberry32 } from "../../seeded-random";
import { meterControlled, validatedTable } from "./validated-table";

export const RELAYS = 2;
const CALENDAR_ENTRIES = 8;
/** The window the relay-randomisation-ignored defect draws from, whatever ET05 says: 15 minutes. */
const FIXED_WINDOW_SECONDS = 900;

export interface RelayState {
  state: number;
  pending: number;
  delaySeconds: number;
  switchCount: number;
  /** When the pending switch is due, or when the last one happened. */
  atMs: number | null;
}

/**
 * The control relays (8.11): switched by remote command (EP05, 8.11.3) or, in calendar mode, by
 * ET61's switch times (8.11.2). A randomised switch waits a delay drawn in 0..ET05's window
 * (8.11.1) from a seeded generator, so a run repeats; ET46 shows the delay drawn and when the
 * switch is due. Switches happen at metering steps (which end on whole minutes, where the calendar
 * is looked at), at the exact time they were due.
 */
export class ControlRelays {
  settings: RelaySettings[] = Array.from({ length: RELAYS }, () => ({
    mode: RELAY_MODE.remoteOnly,
    windowSeconds: 0,
    reserved: 0,
  }));
  calendar: CalendarEntry[] = Array.from({ length: CALENDAR_ENTRIES }, () => ({
    relay: 0,
    hour: 0,
    minute: 0,
    action: 0,
    days: 0,
  }));
  readonly relays: RelayState[] = Array.from({ length: RELAYS }, () => ({
    state: 0,
    pending: RELAY_PENDING.none,
    delaySeconds: 0,
    switchCount: 0,
    atMs: null,
  }));
  private readonly random: () => number;

  constructor(private readonly c: ControlContext) {
    this.random = mulberry32(c.device.profile.load.seed ^ 0x4611);
    c.device.metering.onStep((s) => this.step(s));
  }

  /** Switches relay `index` (0-based) to `on` now, or after a random delay. */
  command(index: number, on: boolean, randomised: boolean, atMs = this.c.device.clock.nowMs()): void {
    const r = this.relays[index] as RelayState;
    const window = (this.settings[index] as RelaySettings).windowSeconds;
    const span = this.c.device.defects.has("relay-randomisation-ignored") ? FIXED_WINDOW_SECONDS : window;
    r.delaySeconds = randomised ? Math.floor(this.random() * (span + 1)) : 0;
    r.pending = on ? RELAY_PENDING.on : RELAY_PENDING.off;
    r.atMs = atMs + r.delaySeconds * 1000;
    if (r.delaySeconds === 0) this.switchNow(index, r.atMs);
  }

  private switchNow(index: number, atMs: number): void {
    const r = this.relays[index] as RelayState;
    const on = r.pending === RELAY_PENDING.on ? 1 : 0;
    r.pending = RELAY_PENDING.none;
    r.atMs = atMs;
    if (r.state === on) return;
    r.state = on;
    r.switchCount = (r.switchCount + 1) & 0xffff;
    this.c.post("relaySwitched", [index + 1, on], atMs);
  }

  private step(s: MeteringStep): void {
    this.relays.forEach((r, i) => {
      if (r.pending !== RELAY_PENDING.none && r.atMs !== null && r.atMs <= s.toMs) this.switchNow(i, r.atMs);
    });
    if (s.toMs % 60_000 !== 0 || this.c.device.defects.has("relay-calendar-ignored")) return;
    const t = new Date(s.toMs);
    for (const e of this.calendar) {
      const i = e.relay - 1;
      if (e.relay === 0 || (this.settings[i] as RelaySettings).mode !== RELAY_MODE.calendar) continue;
      if (e.hour === t.getUTCHours() && e.minute === t.getUTCMinutes() && ((e.days >> t.getUTCDay()) & 1) === 1)
        this.command(i, e.action === 1, true, s.toMs);
    }
  }

  tables(): SimTable[] {
    const et05 = validatedTable({
      id: ET05,
      readLevel: "reader",
      writeLevel: "provisioning",
      vci: [meterControlled(0, 1)],
      image: () => encodeControlOutputSettings(this.settings, this.c.device.dataOrder),
      accept: (next) => {
        const d = decodeControlOutputSettings(next, this.c.device.dataOrder);
        if (!d.ok || d.value.length !== RELAYS || checkControlOutputSettings(d.value) !== null)
          return RESPONSE_CODE.err;
        this.settings = d.value;
        return RESPONSE_CODE.ok;
      },
    });
    const et61 = validatedTable({
      id: ET61,
      readLevel: "reader",
      writeLevel: "provisioning",
      vci: [meterControlled(0, 1)],
      image: () => encodeRelayCalendar(this.calendar, this.c.device.dataOrder),
      accept: (next) => {
        const d = decodeRelayCalendar(next, this.c.device.dataOrder);
        if (!d.ok || d.value.length !== CALENDAR_ENTRIES || checkRelayCalendar(d.value, RELAYS) !== null)
          return RESPONSE_CODE.err;
        this.calendar = d.value;
        return RESPONSE_CODE.ok;
      },
    });
    const et46 = computedTable(ET46, "reader", () =>
      encodeControlOutputData(
        this.relays.map((r) => ({
          state: r.state,
          pending: r.pending,
          delaySeconds: r.delaySeconds,
          switchCount: r.switchCount,
          lastSwitch: r.atMs === null ? null : epochMsToLTimeDate(r.atMs),
        })),
        this.c.device.dataOrder,
      ),
    );
    return [et05, et46, et61];
  }
}

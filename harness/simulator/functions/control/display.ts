import type { ByteOrder } from "../../../bytes/cursor";
import { RESPONSE_CODE } from "../../../protocol/response-codes";
import {
  activeMessageOffset,
  checkDisplayConfiguration,
  decodeDisplayConfiguration,
  encodeDisplayConfiguration,
  ET07,
  type DisplayConfiguration,
  type DisplayMessage,
} from "../../../protocol/tables/et07-display-configuration";
import {
  checkLpDisplayConfiguration,
  decodeLpDisplayConfiguration,
  encodeLpDisplayConfiguration,
  ET62,
  type LpDisplayChannel,
} from "../../../protocol/tables/et62-lp-display-configuration";
import {
  DISPLAY_QUANTITY,
  encodeDisplaySourceMapping,
  ET67,
  type DisplaySourceMapping,
} from "../../../protocol/tables/et67-display-source-mapping";
import {
  checkDisplayList,
  decodeSecondaryDisplayList,
  encodeSecondaryDisplayList,
  ET77,
  type DisplayList,
} from "../../../protocol/tables/et77-secondary-display-list";
import { lTimeDateToEpochMs } from "../../../protocol/types/time-types";
import type { DefectSet } from "../../defects";
import type { SimClock } from "../../sim-clock";
import { storedTable, type SimTable } from "../../sim-table";
import { meterControlled, validatedTable } from "./validated-table";

const Q = DISPLAY_QUANTITY;

/** The reference meter's display sources (ET67): ids 1..10, and its dimensions. */
const DISPLAY_SOURCES: DisplaySourceMapping = {
  listLength: 12,
  messageSlots: 2,
  sources: [
    { sourceId: 1, quantity: Q.importEnergy, decimals: 0 },
    { sourceId: 2, quantity: Q.exportEnergy, decimals: 0 },
    { sourceId: 3, quantity: Q.activePower, decimals: 0 },
    { sourceId: 4, quantity: Q.voltage, decimals: 1 },
    { sourceId: 5, quantity: Q.current, decimals: 2 },
    { sourceId: 6, quantity: Q.date, decimals: 0 },
    { sourceId: 7, quantity: Q.time, decimals: 0 },
    { sourceId: 8, quantity: Q.credit, decimals: 0 },
    { sourceId: 9, quantity: Q.pulseCount, decimals: 0 },
    { sourceId: 10, quantity: Q.pulseCount, decimals: 0 },
  ],
};
const LP_CHANNELS = 4;

function list(ids: readonly number[], length: number): DisplayList {
  return { count: ids.length, entries: Array.from({ length }, (_, i) => ids[i] ?? 0) };
}

/**
 * The display (8.9): ET67 lists the sources (8.9.1), ET07 holds the settings of 8.9.2-8.9.9 and the
 * primary list, ET77 the secondary list, ET62 the load-profile display. Every write is checked as
 * a whole (ranges, known source ids, showable messages) and refused with err otherwise. ET07's
 * last byte, the message shown now, follows the clock.
 */
export class Display {
  private readonly known: ReadonlySet<number>;
  private config: DisplayConfiguration;
  private secondary: DisplayList;
  private lp: LpDisplayChannel[] = Array.from({ length: LP_CHANNELS }, () => ({
    enabled: 0,
    intervals: 96,
    decimals: 0,
    reserved: 0,
  }));

  constructor(
    private readonly clock: SimClock,
    private readonly defects: DefectSet,
    private readonly order: ByteOrder,
  ) {
    const s = DISPLAY_SOURCES;
    this.known = new Set(s.sources.map((x) => x.sourceId));
    const noMessage: DisplayMessage = { start: null, minutes: 0, text: "\0".repeat(12) };
    this.config = {
      settings: {
        scrollSeconds: 8,
        displayOptions: 1,
        errorClasses: 0x0f,
        errorDisplayMode: 1,
        wheelMode: 1,
        wheelWhPerRevolution: 1000,
        disconnectDisplay: 1,
        armedPrompt: 1,
        ctRatio: 1,
        vtRatio: 1,
        firmwareOnPowerUp: 1,
        firmwareSeconds: 3,
        plcIcons: 1,
        plcGoodLevel: 70,
        plcFairLevel: 40,
      },
      primary: list([1, 2, 6, 7], s.listLength),
      messages: Array.from({ length: s.messageSlots }, () => noMessage),
      activeMessage: 0,
    };
    this.secondary = list([3, 4, 5], s.listLength);
  }

  /** The message shown now: the first whose time has come and not gone (1-based), 0 for none. */
  private activeMessage(): number {
    const now = this.clock.nowMs();
    const showing = (m: DisplayMessage) => {
      if (m.start === null) return false;
      const from = lTimeDateToEpochMs({ ...m.start, second: 0 });
      return now >= from && now < from + m.minutes * 60_000;
    };
    return this.config.messages.findIndex(showing) + 1;
  }

  /** The source ids a write may use: ET67's (with the defect, also whatever the list holds). */
  private knownFor(list: DisplayList): ReadonlySet<number> {
    return this.defects.has("display-list-unknown-source") ? new Set([...this.known, ...list.entries]) : this.known;
  }

  tables(): SimTable[] {
    const dims = DISPLAY_SOURCES;
    const et07 = validatedTable({
      id: ET07,
      readLevel: "reader",
      writeLevel: "provisioning",
      vci: [meterControlled(activeMessageOffset(dims), 1)],
      image: () =>
        encodeDisplayConfiguration({ ...this.config, activeMessage: this.activeMessage() }, dims, this.order),
      accept: (next) => {
        const d = decodeDisplayConfiguration(next, dims, this.order);
        if (!d.ok) return RESPONSE_CODE.err;
        const v = d.value;
        const settings =
          this.defects.has("display-ct-ratio-unchecked") && v.settings.ctRatio === 0
            ? { ...v.settings, ctRatio: 1 }
            : v.settings;
        if (checkDisplayConfiguration({ ...v, settings }, this.knownFor(v.primary)) !== null) return RESPONSE_CODE.err;
        this.config = v;
        return RESPONSE_CODE.ok;
      },
    });
    const et77 = validatedTable({
      id: ET77,
      readLevel: "reader",
      writeLevel: "provisioning",
      image: () => encodeSecondaryDisplayList(this.secondary, dims.listLength, this.order),
      accept: (next) => {
        const d = decodeSecondaryDisplayList(next, dims.listLength, this.order);
        if (!d.ok || checkDisplayList(d.value, this.knownFor(d.value), "secondary") !== null) return RESPONSE_CODE.err;
        this.secondary = d.value;
        return RESPONSE_CODE.ok;
      },
    });
    const et62 = validatedTable({
      id: ET62,
      readLevel: "reader",
      writeLevel: "provisioning",
      vci: [meterControlled(0, 1)],
      image: () => encodeLpDisplayConfiguration(this.lp, this.order),
      accept: (next) => {
        const d = decodeLpDisplayConfiguration(next, this.order);
        if (!d.ok || d.value.length !== LP_CHANNELS || checkLpDisplayConfiguration(d.value) !== null)
          return RESPONSE_CODE.err;
        this.lp = d.value;
        return RESPONSE_CODE.ok;
      },
    });
    const et67 = storedTable(ET67, encodeDisplaySourceMapping(dims, this.order), "reader", null);
    return [et07, et77, et62, et67];
  }
}

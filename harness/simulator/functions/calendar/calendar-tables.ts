import { RESPONSE_CODE } from "../../../protocol/response-codes";
import { BT50, encodeTimeTou } from "../../../protocol/tables/bt50-dimension-time-tou";
import { BT51, encodeActualTimeTou } from "../../../protocol/tables/bt51-actual-time-tou";
import { BT53, decodeTimeOffset, encodeTimeOffset, type TimeOffset } from "../../../protocol/tables/bt53-time-offset";
import { BT54, decodeCalendar, encodeCalendar, type Calendar } from "../../../protocol/tables/bt54-calendar";
import type { DeviceContext } from "../../device-function";
import { computedTable, overlaid, type SimTable } from "../../sim-table";
import { calendarProblem } from "./calendar-rules";
import type { Pendable } from "./pending-tables";
import { REFERENCE_CALENDAR, REFERENCE_TIME_OFFSET, REFERENCE_TIME_TOU } from "./reference-calendar";
import { TouCalendar } from "./tou-calendar";

/**
 * The calendar tables of 8.2: BT50 and BT51 (fixed dimensions, F), BT53 time offset and BT54
 * calendar (host-controlled, H). A write whose resulting table does not decode, or that the
 * meter's rules refuse (calendar-rules.ts; a time-zone offset beyond +-14 h, a DST amount beyond
 * 2 h), is answered onp and changes nothing. BT54 can be written pending (6.3).
 */
export interface CalendarTables {
  readonly calendar: TouCalendar;
  readonly tables: readonly SimTable[];
  /** BT54 as a pendable table. */
  readonly bt54: Pendable;
}

const MAX_TIME_ZONE_MINUTES = 14 * 60;
const MAX_DST_MINUTES = 120;

export function calendarTables(ctx: DeviceContext): CalendarTables {
  const dims = REFERENCE_TIME_TOU;
  const order = ctx.dataOrder;
  const tiers = ctx.metering.shape.tiers;
  const calendar = new TouCalendar(
    dims,
    REFERENCE_TIME_OFFSET,
    REFERENCE_CALENDAR,
    ctx.defects.has("tier-switch-hour-late") ? 3_600_000 : 0,
  );
  let bt53 = encodeTimeOffset(REFERENCE_TIME_OFFSET, order, dims);
  let bt54 = encodeCalendar(REFERENCE_CALENDAR, order, dims);

  const offsetOf = (image: Uint8Array): TimeOffset | null => {
    const d = decodeTimeOffset(image, order, dims);
    if (!d.ok) return null;
    const v = d.value;
    if (Math.abs(v.timeZoneOffsetMinutes ?? 0) > MAX_TIME_ZONE_MINUTES || (v.dst?.amountMinutes ?? 0) > MAX_DST_MINUTES)
      return null;
    return v;
  };
  const calendarOf = (image: Uint8Array): Calendar | null => {
    const d = decodeCalendar(image, order, dims);
    return d.ok && calendarProblem(d.value, dims, tiers) === null ? d.value : null;
  };

  const fixed = (id: number, image: Uint8Array): SimTable => ({
    ...computedTable(id, "reader", () => image.slice()),
    vci: [{ offset: 0, length: image.length, vci: "F" }],
  });
  const timeOffset: SimTable = {
    id: BT53,
    readLevel: "reader",
    writeLevel: "provisioning",
    vci: [{ offset: 0, length: bt53.length, vci: "H" }],
    image: () => bt53.slice(),
    write(offset, data) {
      const image = overlaid(bt53, offset, data);
      const v = offsetOf(image);
      if (v === null) return RESPONSE_CODE.onp;
      bt53 = image;
      calendar.setOffset(v);
      return RESPONSE_CODE.ok;
    },
  };
  const calendarTable: SimTable = {
    id: BT54,
    readLevel: "reader",
    writeLevel: "provisioning",
    vci: [{ offset: 0, length: bt54.length, vci: "H" }],
    image: () => bt54.slice(),
    write(offset, data) {
      const image = overlaid(bt54, offset, data);
      const v = calendarOf(image);
      if (v === null) return RESPONSE_CODE.onp;
      bt54 = image;
      calendar.setCalendar(v);
      return RESPONSE_CODE.ok;
    },
  };
  return {
    calendar,
    tables: [
      fixed(BT50, encodeTimeTou(dims, order)),
      fixed(BT51, encodeActualTimeTou(dims, order)),
      timeOffset,
      calendarTable,
    ],
    bt54: { table: calendarTable, accepts: (image) => calendarOf(image) !== null },
  };
}

import { intervalValueType, type LoadProfileDataShape } from "../protocol/tables/bt64-bt67-load-profile-data";
import { difValue, POLL_RATES_ALLOWED, type MbusDataTypes } from "../protocol/tables/et57-mbus-data-types";

/**
 * Judgements on ET57 (8.5.2.1, 8.5.2.2; PROVISIONAL layout, see its codec) against what the load
 * profile records: a reader parses data set 2 with ET57's types, so each type must be the format
 * BT62 gives the set (an integer of the same width), and the poll rate must be the interval length
 * BT61 gives it. Pure, for the tests.
 */
export function mbusTypeProblems(types: MbusDataTypes, shape: LoadProfileDataShape): string[] {
  const out: string[] = [];
  const recorded = intervalValueType(shape);
  if (recorded === null)
    return [`BT62's interval format ${shape.intervalFormat} for data set 2 is not one the suite reads`];
  types.channels.forEach((c, i) => {
    const ch = `M-Bus channel ${i + 1}`;
    const v = difValue(c.dif);
    if (v === null) {
      out.push(`${ch}: DIF 0x${c.dif.toString(16).padStart(2, "0")} gives no fixed data type`);
      return;
    }
    if (((c.dif >> 4) & 0x03) !== 0)
      out.push(
        `${ch}: DIF 0x${c.dif.toString(16).padStart(2, "0")} is not an instantaneous value (function field ${(c.dif >> 4) & 0x03})`,
      );
    const integer = recorded.kind === "int" || recorded.kind === "uint";
    if (v.kind !== "integer" || !integer || v.width !== recorded.width) {
      out.push(
        `${ch}: ET57's DIF 0x${c.dif.toString(16).padStart(2, "0")} describes a ${v.width}-byte ${v.kind}, but BT62 records data set 2 as a ${recorded.width}-byte ${recorded.kind}`,
      );
    }
  });
  return out;
}

export function pollRateProblems(types: MbusDataTypes, intervalMinutes: number): string[] {
  const out: string[] = [];
  if (types.pollRateMinutes !== intervalMinutes)
    out.push(
      `ET57's poll rate is ${types.pollRateMinutes} min, BT61 gives data set 2 an interval of ${intervalMinutes} min`,
    );
  if (!POLL_RATES_ALLOWED.includes(types.pollRateMinutes))
    out.push(`ET57's poll rate of ${types.pollRateMinutes} min does not divide a day`);
  return out;
}

import {
  BT03,
  decodeEndDeviceModeStatus,
  type EndDeviceModeStatus,
} from "../protocol/tables/bt03-end-device-mode-status";
import { decodePowerQuality, ET09, type PowerQuality } from "../protocol/tables/et09-power-quality";
import { decodeMeterStatus, ET54, type MeterStatus } from "../protocol/tables/et54-meter-status";
import type { TableFormat } from "../protocol/table-format";
import type { TableClient } from "../session/table-client";
import { decoded } from "./checks";
import { readDecoded } from "./control-tables";
import { describeResponseCode } from "../protocol/response-codes";
import { Inconclusive } from "./verdicts";

/** The status tables the control scenarios read again and again: ET54, BT03, ET09's present values. */
export async function readMeterStatus(c: TableClient, f: TableFormat): Promise<MeterStatus> {
  return (await readDecoded(c, f, ET54, decodeMeterStatus)).value;
}

export async function readBt03(c: TableClient, f: TableFormat): Promise<EndDeviceModeStatus> {
  const r = await c.readFull(BT03);
  if (!("data" in r)) throw new Inconclusive(`BT03 could not be read: ${describeResponseCode(r.code)}`);
  return decoded(decodeEndDeviceModeStatus(r.data, f.order, f.config.dimMfgStatusUsed), "BT03", r.data);
}

export async function readPowerQuality(c: TableClient, f: TableFormat): Promise<PowerQuality> {
  return (await readDecoded(c, f, ET09, decodePowerQuality)).value;
}

/** How long (device seconds) the bench load needs to import `wh` at `powerW`, with half as long again to spare. */
export function secondsToImport(wh: number, powerW: number): number {
  return Math.ceil((wh * 3600 * 1.5) / powerW);
}

/** The longest a scenario waits for energy to flow, device seconds: beyond it the bench load is too small. */
export const MAX_ENERGY_WAIT_SECONDS = 120;

import { describeResponseCode } from "../protocol/response-codes";
import { ET04, ET04_FIELDS } from "../protocol/tables/et04-system-information";
import { ET54, ET54_FIELDS } from "../protocol/tables/et54-meter-status";
import type { TableClient } from "../session/table-client";
import { Inconclusive } from "./verdicts";

/** The 7.4 and 6.8 fields of ET04 and ET54, read from the device (UINT32 fields LSB first). */
export interface SecurityFields {
  readonly securityMode: number;
  readonly idtVersion: number;
  readonly maxKeyUsage: number;
  readonly unicastKeyUsage: number;
  readonly supportedModes: number;
}

async function readField(c: TableClient, tableId: number, field: { offset: number; size: number }, name: string): Promise<number> {
  const r = await c.readPartial(tableId, field.offset, field.size);
  if (!("data" in r)) throw new Inconclusive(`${name} could not be read: ${describeResponseCode(r.code)}`);
  return r.data.reduce((v, b, i) => v + b * 2 ** (8 * i), 0);
}

export async function readSecurityFields(c: TableClient): Promise<SecurityFields> {
  return {
    securityMode: await readField(c, ET04, ET04_FIELDS.securityMode, "ET04 security mode"),
    idtVersion: await readField(c, ET04, ET04_FIELDS.idtVersion, "ET04 IDT version"),
    maxKeyUsage: await readField(c, ET04, ET04_FIELDS.maxKeyUsage, "ET04 maximum key usage"),
    unicastKeyUsage: await readField(c, ET54, ET54_FIELDS.unicastKeyUsage, "ET54 unicast key usage"),
    supportedModes: await readField(c, ET54, ET54_FIELDS.supportedSecurityModes, "ET54 supported modes"),
  };
}

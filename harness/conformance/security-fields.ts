import type { ByteOrder } from "../bytes/cursor";
import { describeResponseCode } from "../protocol/response-codes";
import { ET04, ET04_FIELDS } from "../protocol/tables/et04-system-information";
import { ET54, ET54_FIELDS } from "../protocol/tables/et54-meter-status";
import { fieldValue } from "../protocol/types/uint-fields";
import type { TableClient } from "../session/table-client";
import { Inconclusive } from "./verdicts";

/** The 7.4 and 6.8 fields of ET04 and ET54, read from the device in its table data order. */
export interface SecurityFields {
  readonly securityMode: number;
  readonly idtVersion: number;
  readonly maxKeyUsage: number;
  readonly unicastKeyUsage: number;
  readonly supportedModes: number;
}

async function readField(
  c: TableClient,
  tableId: number,
  field: { offset: number; size: number },
  order: ByteOrder,
  name: string,
): Promise<number> {
  const r = await c.readPartial(tableId, field.offset, field.size);
  if (!("data" in r)) throw new Inconclusive(`${name} could not be read: ${describeResponseCode(r.code)}`);
  return fieldValue(r.data, { offset: 0, size: field.size, signed: false }, order);
}

export async function readSecurityFields(c: TableClient, order: ByteOrder): Promise<SecurityFields> {
  return {
    securityMode: await readField(c, ET04, ET04_FIELDS.securityMode, order, "ET04 security mode"),
    idtVersion: await readField(c, ET04, ET04_FIELDS.idtVersion, order, "ET04 IDT version"),
    maxKeyUsage: await readField(c, ET04, ET04_FIELDS.maxKeyUsage, order, "ET04 maximum key usage"),
    unicastKeyUsage: await readField(c, ET54, ET54_FIELDS.unicastKeyUsage, order, "ET54 unicast key usage"),
    supportedModes: await readField(c, ET54, ET54_FIELDS.supportedSecurityModes, order, "ET54 supported modes"),
  };
}

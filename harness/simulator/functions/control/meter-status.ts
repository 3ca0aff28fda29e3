import { RESPONSE_CODE } from "../../../protocol/response-codes";
import { ET54, ET54_FIELDS, ET54_SIZE, isValidIcs } from "../../../protocol/tables/et54-meter-status";
import type { ControlContext, ControlPart } from "./control-context";
import type { Contactor } from "./contactor";
import type { SelfTest } from "./self-test";
import { meterControlled, validatedTable } from "./validated-table";

/**
 * ET54 (8.6, 8.10, 8.19, and 7.4's key usage from the interface state): built in every profile,
 * because its interface compatibility setting (8.19) is mandatory. The ICS byte is the one a host
 * writes (reserved bits set: err); the rest is meter-controlled (6.4: a write changing it is iar). Without
 * a self-test or a contactor their fields read 0.
 */
export function meterStatusPart(
  c: ControlContext,
  selfTest: SelfTest | null,
  contactor: Contactor | null,
): ControlPart {
  const image = () =>
    c.device.interface.et54(
      {
        conditions: c.alarms.conditions(),
        latched: c.alarms.latched(),
        contactorState: contactor?.state ?? 0,
        openCause: contactor?.cause ?? 0,
        contactorOperations: contactor?.operations ?? 0,
        selfTestError: selfTest?.errorCode ?? 0,
      },
      c.device.dataOrder,
    );
  const et54 = validatedTable({
    id: ET54,
    readLevel: "reader",
    writeLevel: "provisioning",
    vci: [
      meterControlled(0, ET54_FIELDS.ics.offset),
      meterControlled(ET54_FIELDS.ics.offset + 1, ET54_SIZE - ET54_FIELDS.ics.offset - 1),
    ],
    image,
    accept: (next) => {
      const ics = next[ET54_FIELDS.ics.offset] as number;
      if (!isValidIcs(ics) && !c.device.defects.has("ics-reserved-bits-stored")) return RESPONSE_CODE.err;
      if (!c.device.defects.has("ics-not-persisted")) c.device.interface.ics = ics;
      return RESPONSE_CODE.ok;
    },
  });
  return { tables: [et54], procedures: [] };
}

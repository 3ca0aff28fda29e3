import { describeResponseCode, RESPONSE_CODE } from "../protocol/response-codes";
import { tableName } from "../protocol/table-id";
import { isTableUsed, type GeneralConfiguration } from "../protocol/tables/bt00-general-configuration";
import {
  BT20,
  BT21,
  REGISTER_DIMENSIONS_SIZE,
  type RegisterDimensions,
} from "../protocol/tables/bt21-register-dimensions";
import { BT22, dataSelectionSize } from "../protocol/tables/bt22-data-selection";
import { BT23, registerDataSize } from "../protocol/tables/bt23-current-register-data";
import { BT24, BT25, datedRegisterDataSize } from "../protocol/tables/bt24-bt25-dated-register-data";
import { BT26, selfReadDataSize } from "../protocol/tables/bt26-self-read-data";
import { BT27, presentRegisterSelectionSize } from "../protocol/tables/bt27-present-register-selection";
import { BT28, presentRegisterDataSize } from "../protocol/tables/bt28-present-register-data";
import type { Billing } from "./billing-reads";
import { isUndecidingRefusal } from "./checks";
import type { SweepFindings, Violation } from "./table-sweeps";

/**
 * 8.4: every billing table the device declares is exactly as long as its own BT21 lays it out. A
 * full read shows the length; a table too long for one response (rno) is checked through 9.5's
 * padding instead: the bytes after the end BT21 gives must read as zeros.
 */
const PAST_END = 8;

export function billingTableSizes(d: RegisterDimensions): ReadonlyMap<number, number> {
  return new Map([
    [BT20, REGISTER_DIMENSIONS_SIZE],
    [BT21, REGISTER_DIMENSIONS_SIZE],
    [BT22, dataSelectionSize(d)],
    [BT23, registerDataSize(d)],
    [BT24, datedRegisterDataSize(d)],
    [BT25, datedRegisterDataSize(d)],
    [BT26, selfReadDataSize(d)],
    [BT27, presentRegisterSelectionSize(d)],
    [BT28, presentRegisterDataSize(d)],
  ]);
}

export async function billingSizeFindings(b: Billing, config: GeneralConfiguration): Promise<SweepFindings> {
  const violations: Violation[] = [];
  const undecided: Violation[] = [];
  // A refusal for clearance, a lock or a busy device says nothing of the table's size.
  const refused = (subject: string, code: number, detail: string) =>
    (isUndecidingRefusal(code) ? undecided : violations).push({
      subject,
      detail: `${detail} was answered ${describeResponseCode(code)}`,
    });
  for (const [id, size] of billingTableSizes(b.dims)) {
    if (!isTableUsed(config, id)) continue;
    const subject = tableName(id);
    const r = await b.client.readFull(id);
    if ("data" in r) {
      if (r.data.length !== size) violations.push({ subject, detail: `${r.data.length} bytes; BT21 lays out ${size}` });
      continue;
    }
    if (r.code !== RESPONSE_CODE.rno) {
      refused(subject, r.code, "a full read");
      continue;
    }
    const tail = await b.client.readPartial(id, size, PAST_END);
    if (!("data" in tail)) refused(subject, tail.code, `a read just past the end BT21 gives (offset ${size})`);
    else if (tail.data.some((x) => x !== 0))
      violations.push({ subject, detail: `holds data past the ${size} bytes BT21 lays out` });
  }
  return { violations, undecided };
}

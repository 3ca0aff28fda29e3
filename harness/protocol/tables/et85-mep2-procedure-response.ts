import { ByteWriter, type ByteOrder } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { EXTENDED_BASE } from "../table-id";
import { readLTimeDate, writeLTimeDate, type LTimeDate } from "../types/time-types";
import { decodeProcedureResponse, type ProcedureResponse } from "./bt08-procedure-response";
import { ET59_SIZE } from "./et59-mep-procedure-response";

/**
 * ET85 MEP Procedure Response, MEP2 (8.17). PROVISIONAL: the sources name the table only. We read
 * "MEP2" as a second edition of ET59 that also says when the response was posted:
 *   @0  the ET59 image (16 bytes, BT08 layout)
 *   @16 LTIME_DATE when the meter posted the response (UTC)
 */
export const ET85 = EXTENDED_BASE + 85;

export interface Mep2ProcedureResponse {
  readonly response: ProcedureResponse;
  readonly postedAt: LTimeDate | null;
}

export function decodeMep2ProcedureResponse(bytes: Uint8Array, order: ByteOrder): Decoded<Mep2ProcedureResponse> {
  return decodeWith(bytes, "ET85", (r) => {
    const d = decodeProcedureResponse(r.bytes(ET59_SIZE, "response"), order);
    if (!d.ok) throw d.error;
    return { response: d.value, postedAt: readLTimeDate(r, "postedAt") };
  });
}

export function encodeMep2ProcedureResponse(et59: Uint8Array, postedAt: LTimeDate | null): Uint8Array {
  const w = new ByteWriter("ET85").bytes(et59, "response", ET59_SIZE);
  writeLTimeDate(w, postedAt, "postedAt");
  return w.toBytes();
}

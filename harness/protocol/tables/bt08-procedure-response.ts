import type { ByteOrder } from "../../bytes/cursor";
import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { readProcedureField, writeProcedureField } from "./bt07-procedure-initiate";

/**
 * BT08 Procedure Response (9.13): the procedure field and PSN of the BT07 write it answers, a
 * result code (see procedure-result-codes.ts), then up to BT00.maxRespDataLength bytes of
 * response data. The table has a fixed size, so unused response bytes read as zero.
 */
export const BT08 = 8;

export interface ProcedureResponse {
  readonly procedureId: number;
  readonly selector: number;
  readonly sequence: number;
  readonly resultCode: number;
  readonly responseData: Uint8Array;
}

export function procedureResponseSize(maxRespDataLength: number): number {
  return 4 + maxRespDataLength;
}

export function decodeProcedureResponse(bytes: Uint8Array, order: ByteOrder): Decoded<ProcedureResponse> {
  return decodeWith(bytes, "BT08", (r) => ({
    ...readProcedureField(r, order),
    sequence: r.u8("sequence"),
    resultCode: r.u8("resultCode"),
    responseData: r.rest(),
  }));
}

export function encodeProcedureResponse(v: ProcedureResponse, order: ByteOrder): Uint8Array {
  const w = new ByteWriter("BT08");
  writeProcedureField(w, v, order);
  return w.u8(v.sequence, "sequence").u8(v.resultCode, "resultCode").bytes(v.responseData, "responseData").toBytes();
}

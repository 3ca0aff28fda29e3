import type { ByteOrder, ByteReader } from "../../bytes/cursor";
import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { packBits, unpackBits } from "../types/bit-fields";

/**
 * BT07 Procedure Initiate (9.13), written in full to start a procedure:
 *   UINT16 (table data order): bits 0..11 procedure id (bit 11 = manufacturer, so EPn = 2048 + n),
 *                              bits 12..15 response selector
 *   UINT8  procedure sequence number (PSN), chosen by the client
 *   parameters, at most BT00.maxProcParamLength bytes
 */
export const BT07 = 7;

/** C12.19 response selector: when the device posts the result in BT08. */
export const RESPONSE_SELECTOR = {
  postOnCompletion: 0,
  postOnException: 1,
  doNotPost: 2,
  postImmediatelyAndOnCompletion: 3,
} as const;

export interface ProcedureInitiate {
  readonly procedureId: number;
  readonly selector: number;
  readonly sequence: number;
  readonly parameters: Uint8Array;
}

const PROC_BITS = { procedureId: [0, 11], selector: [12, 15] } as const;

export function decodeProcedureInitiate(bytes: Uint8Array, order: ByteOrder): Decoded<ProcedureInitiate> {
  return decodeWith(bytes, "BT07", (r) => ({
    ...readProcedureField(r, order),
    sequence: r.u8("sequence"),
    parameters: r.rest(),
  }));
}

export function encodeProcedureInitiate(v: ProcedureInitiate, order: ByteOrder): Uint8Array {
  const w = new ByteWriter("BT07");
  writeProcedureField(w, v, order);
  return w.u8(v.sequence, "sequence").bytes(v.parameters, "parameters").toBytes();
}

/** The procedure field is shared with BT08, which echoes it. */
export function readProcedureField(r: ByteReader, order: ByteOrder): { procedureId: number; selector: number } {
  return unpackBits(r.uint(2, order, "procedure"), PROC_BITS);
}

export function writeProcedureField(
  w: ByteWriter,
  v: { procedureId: number; selector: number },
  order: ByteOrder,
): void {
  w.uint(
    packBits({ procedureId: v.procedureId, selector: v.selector }, PROC_BITS, `${w.context}.procedure`),
    2,
    order,
    "procedure",
  );
}

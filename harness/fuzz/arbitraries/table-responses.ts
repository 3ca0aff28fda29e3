import fc from "fast-check";
import { RESPONSE_CODE } from "../../protocol/response-codes";
import type { ErrorResponse, ReadResponse, WriteResponse } from "../../protocol/table-responses";
import { arbTableData } from "./table-requests";

/**
 * Responses in the form their decoders return: an error code is never 0 (a bare 0x00 is "ok"), and
 * only 0x0C carries the device's sequence number.
 */
export const arbErrorResponse: fc.Arbitrary<ErrorResponse> = fc.oneof(
  fc.integer({ min: 1, max: 0xff }).map((code) => ({ code })),
  fc.integer({ min: 0, max: 0xffffffff }).map((sequence) => ({ code: RESPONSE_CODE.seq, sequence })),
);

export const arbReadResponse: fc.Arbitrary<ReadResponse> = fc.oneof(
  arbTableData.map((data) => ({ code: 0 as const, data })),
  arbErrorResponse,
);

export const arbWriteResponse: fc.Arbitrary<WriteResponse> = fc.oneof(
  fc.constant({ code: 0 as const }),
  arbErrorResponse,
);

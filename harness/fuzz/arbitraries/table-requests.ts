import fc from "fast-check";
import { plainRecord } from "./plain-record";
import type { TableRequest } from "../../protocol/table-requests";

/** Any 16-bit table id: the codec carries ids outside the OSGP numbering too. */
export const arbTableId: fc.Arbitrary<number> = fc.integer({ min: 0, max: 0xffff });
const arbOffset = fc.integer({ min: 0, max: 0xffffff });

/** Table data up to ~300 bytes; the count field itself allows 65535. */
export const arbTableData: fc.Arbitrary<Uint8Array> = fc.uint8Array({ maxLength: 300 });

export const arbTableRequest: fc.Arbitrary<TableRequest> = fc.oneof(
  plainRecord({ service: fc.constant("full-read" as const), tableId: arbTableId }),
  plainRecord({
    service: fc.constant("partial-read" as const),
    tableId: arbTableId,
    offset: arbOffset,
    count: fc.integer({ min: 0, max: 0xffff }),
  }),
  plainRecord({ service: fc.constant("full-write" as const), tableId: arbTableId, data: arbTableData }),
  plainRecord({
    service: fc.constant("partial-write" as const),
    tableId: arbTableId,
    offset: arbOffset,
    data: arbTableData,
  }),
);

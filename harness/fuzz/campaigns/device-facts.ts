import { codesNamed } from "../../conformance/checks";
import { readDeviceDescription } from "../../conformance/device-description";
import type { Pixit } from "../../conformance/pixit";
import { undeclaredBasicTables } from "../../conformance/table-selection";
import {
  isTableUsed,
  isTableWriteable,
  usedTableIds,
  type GeneralConfiguration,
} from "../../protocol/tables/bt00-general-configuration";
import { EXTENDED_BASE, parseTableName } from "../../protocol/table-id";
import type { TableCodecOptions } from "../../protocol/table-requests";
import type { FuzzSession } from "../campaign/fuzz-device";

/**
 * What the request campaigns build their cases from, all read from the device (BT00) or the PIXIT:
 * the tables it declares and a sample of those it does not, the link's codec and the longest
 * request APDU the open session carries, and the response codes each kind of anomaly may get.
 */
export interface DeviceFacts {
  readonly config: GeneralConfiguration;
  readonly declared: readonly number[];
  readonly undeclared: readonly number[];
  /** Declared, not writeable per BT00, and listed in fuzz.staticTables: refused writes must leave them as they were. */
  readonly staticTables: readonly number[];
  readonly codec: TableCodecOptions;
  /** Longest request APDU the session's link carries (negotiated packets, MEP or PLC message size). */
  readonly maxApdu: number;
  readonly maxReadChunk: number;
  /**
   * Most data bytes one read response can carry on this link: the negotiated packets (optical),
   * 476 bytes (MEP), the PLC message limit (9.2); above maxReadChunk on PLC, whose read size is
   * only the PIXIT's typical one.
   */
  readonly maxResponseData: number;
  readonly codes: ExpectedCodes;
}

export interface ExpectedCodes {
  readonly unknownTable: readonly number[];
  readonly notWriteable: readonly number[];
  readonly insufficientKey: readonly number[];
  readonly hardwareLock: readonly number[];
  readonly badChecksum: readonly number[];
  readonly unknownService: readonly number[];
  readonly outOfSequence: readonly number[];
  readonly oversizeResponse: readonly number[];
  readonly malformed: readonly number[];
  readonly trailingBytes: readonly number[];
  readonly procedureWrite: readonly number[];
  readonly transactionWrite: readonly number[];
  readonly repeatedProcedureSequence: readonly number[];
}

export async function readDeviceFacts(session: FuzzSession, pixit: Pixit): Promise<DeviceFacts> {
  const client = session.client;
  const { config } = await readDeviceDescription(client);
  const undeclaredExtended: number[] = [];
  for (let n = 0; n < 2048 && undeclaredExtended.length < 8; n += 37)
    if (!isTableUsed(config, EXTENDED_BASE + n)) undeclaredExtended.push(EXTENDED_BASE + n);
  const staticTables = pixit.fuzz.staticTables
    .map(parseTableName)
    .filter((id) => isTableUsed(config, id) && !isTableWriteable(config, id));
  // The header of a partial write: code, table id, offset, count; then the checksum on C12.18.
  const header = 8 + (client.codec.checksum ? 1 : 0);
  return {
    config,
    declared: usedTableIds(config),
    undeclared: [...undeclaredBasicTables(config).slice(0, 8), ...undeclaredExtended],
    staticTables,
    codec: client.codec,
    maxApdu: maxWriteChunk(session) + header,
    maxReadChunk: client.maxReadChunk,
    maxResponseData:
      session.secured?.linkName === "PLC"
        ? pixit.plc.messageLimit - 3 - (pixit.security.suite === "aes128" ? pixit.security.aesTagLength : 8)
        : client.maxReadChunk,
    codes: expectedCodes(pixit),
  };
}

export function expectedCodes(pixit: Pixit): ExpectedCodes {
  const e = pixit.expect;
  const f = pixit.fuzz;
  const c = (names: readonly string[], item: string) => codesNamed(names, item);
  return {
    unknownTable: c(e.unknownTable, "expect.unknownTable"),
    notWriteable: c(e.notWriteable, "expect.notWriteable"),
    insufficientKey: c(e.insufficientKey, "expect.insufficientKey"),
    hardwareLock: c(e.hardwareLock, "expect.hardwareLock"),
    badChecksum: c(e.badChecksum, "expect.badChecksum"),
    unknownService: c(e.unknownService, "expect.unknownService"),
    outOfSequence: c(e.outOfSequence, "expect.outOfSequence"),
    oversizeResponse: c(e.oversizeResponse, "expect.oversizeResponse"),
    malformed: c(f.malformedRequest, "fuzz.malformedRequest"),
    trailingBytes: c(f.trailingBytes, "fuzz.trailingBytes"),
    procedureWrite: c(f.procedureWrite, "fuzz.procedureWrite"),
    transactionWrite: c(f.transactionWrite, "fuzz.transactionWrite"),
    repeatedProcedureSequence: c(e.repeatedProcedureSequence, "expect.repeatedProcedureSequence"),
  };
}

/** Largest data count of one partial write on the session's link. */
export function maxWriteChunk(session: FuzzSession): number {
  return (session.optical ?? session.secured)?.maxWriteChunk ?? 0;
}

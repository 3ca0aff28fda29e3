import { ByteWriter, type ByteOrder } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { decodeSet, encodeSet, packBits, unpackBits } from "../types/bit-fields";
import { readChars, writeChars } from "../types/char-array";
import { EXTENDED_BASE } from "../table-id";
import { MANUFACTURER_PROCEDURE_BASE } from "../procedure-id";

/**
 * BT00 General Configuration (Annex A.1). Nineteen fixed bytes, then the six C12.19 bitmaps whose
 * lengths the fixed part declares: tables used (basic, extended), procedures used (basic,
 * extended), tables writeable (basic, extended). The bitmaps are how a device describes itself,
 * and the suite takes its expectations from them.
 */
export const BT00 = 0;

export interface GeneralConfiguration {
  /**
   * FORMAT_CONTROL_1 bit 0: 0 = LSB first ("le", every OSGP meter), 1 = MSB first ("be"). In the
   * byte cursor's own terms, so that what a decoder is given is what BT00 says, with nothing to translate.
   */
  readonly dataOrder: ByteOrder;
  /** bits 1..3: 1 = ISO 7-bit ASCII. */
  readonly charFormat: number;
  /** FORMAT_CONTROL_2 bits 0..2: 2 = discrete UINT8 fields. */
  readonly timeFormat: number;
  /** bits 3..4: 1 = offset/count access supported. */
  readonly dataAccessMethod: number;
  /** bit 5: serial numbers as characters or BCD. */
  readonly idFormat: "char" | "bcd";
  /** bits 6..7: 0 = two's complement. */
  readonly intFormat: number;
  /** FORMAT_CONTROL_3 bits 0..3 and 4..7: 8 = INT32. */
  readonly niFormat1: number;
  readonly niFormat2: number;
  /** DEVICE_CLASS / manufacturer code, 4 characters ("NES ", "ELON"). */
  readonly deviceClass: string;
  readonly nameplateType: number;
  readonly defaultSetUsed: number;
  readonly maxProcParamLength: number;
  readonly maxRespDataLength: number;
  readonly stdVersion: number;
  readonly stdRevision: number;
  readonly dimStdTablesUsed: number;
  readonly dimMfgTablesUsed: number;
  readonly dimStdProcUsed: number;
  readonly dimMfgProcUsed: number;
  readonly dimMfgStatusUsed: number;
  readonly nbrPending: number;
  readonly stdTablesUsed: readonly boolean[];
  readonly mfgTablesUsed: readonly boolean[];
  readonly stdProcUsed: readonly boolean[];
  readonly mfgProcUsed: readonly boolean[];
  readonly stdTablesWrite: readonly boolean[];
  readonly mfgTablesWrite: readonly boolean[];
}

const FC1 = { dataOrder: [0, 0], charFormat: [1, 3], reserved: [4, 7] } as const;
const FC2 = { timeFormat: [0, 2], dataAccessMethod: [3, 4], idFormat: [5, 5], intFormat: [6, 7] } as const;
const FC3 = { niFormat1: [0, 3], niFormat2: [4, 7] } as const;

export const BT00_FIXED_SIZE = 19;

export function generalConfigurationSize(
  c: Pick<GeneralConfiguration, "dimStdTablesUsed" | "dimMfgTablesUsed" | "dimStdProcUsed" | "dimMfgProcUsed">,
): number {
  return BT00_FIXED_SIZE + 2 * c.dimStdTablesUsed + 2 * c.dimMfgTablesUsed + c.dimStdProcUsed + c.dimMfgProcUsed;
}

export function decodeGeneralConfiguration(bytes: Uint8Array): Decoded<GeneralConfiguration> {
  return decodeWith(bytes, "BT00", (r) => {
    const fc1 = unpackBits(r.u8("formatControl1"), FC1);
    const fc2 = unpackBits(r.u8("formatControl2"), FC2);
    const fc3 = unpackBits(r.u8("formatControl3"), FC3);
    const deviceClass = readChars(r, 4, "deviceClass");
    const nameplateType = r.u8("nameplateType");
    const defaultSetUsed = r.u8("defaultSetUsed");
    const maxProcParamLength = r.u8("maxProcParamLength");
    const maxRespDataLength = r.u8("maxRespDataLength");
    const stdVersion = r.u8("stdVersion");
    const stdRevision = r.u8("stdRevision");
    const dimStdTablesUsed = r.u8("dimStdTablesUsed");
    const dimMfgTablesUsed = r.u8("dimMfgTablesUsed");
    const dimStdProcUsed = r.u8("dimStdProcUsed");
    const dimMfgProcUsed = r.u8("dimMfgProcUsed");
    const dimMfgStatusUsed = r.u8("dimMfgStatusUsed");
    const nbrPending = r.u8("nbrPending");
    return {
      dataOrder: fc1.dataOrder === 0 ? "le" : "be",
      charFormat: fc1.charFormat,
      timeFormat: fc2.timeFormat,
      dataAccessMethod: fc2.dataAccessMethod,
      idFormat: fc2.idFormat === 1 ? "bcd" : "char",
      intFormat: fc2.intFormat,
      niFormat1: fc3.niFormat1,
      niFormat2: fc3.niFormat2,
      deviceClass,
      nameplateType,
      defaultSetUsed,
      maxProcParamLength,
      maxRespDataLength,
      stdVersion,
      stdRevision,
      dimStdTablesUsed,
      dimMfgTablesUsed,
      dimStdProcUsed,
      dimMfgProcUsed,
      dimMfgStatusUsed,
      nbrPending,
      stdTablesUsed: decodeSet(r.bytes(dimStdTablesUsed, "stdTablesUsed")),
      mfgTablesUsed: decodeSet(r.bytes(dimMfgTablesUsed, "mfgTablesUsed")),
      stdProcUsed: decodeSet(r.bytes(dimStdProcUsed, "stdProcUsed")),
      mfgProcUsed: decodeSet(r.bytes(dimMfgProcUsed, "mfgProcUsed")),
      stdTablesWrite: decodeSet(r.bytes(dimStdTablesUsed, "stdTablesWrite")),
      mfgTablesWrite: decodeSet(r.bytes(dimMfgTablesUsed, "mfgTablesWrite")),
    };
  });
}

export function encodeGeneralConfiguration(c: GeneralConfiguration): Uint8Array {
  const w = new ByteWriter("BT00");
  w.u8(
    packBits({ dataOrder: c.dataOrder === "le" ? 0 : 1, charFormat: c.charFormat, reserved: 0 }, FC1, "BT00"),
    "formatControl1",
  );
  w.u8(
    packBits(
      {
        timeFormat: c.timeFormat,
        dataAccessMethod: c.dataAccessMethod,
        idFormat: c.idFormat === "bcd" ? 1 : 0,
        intFormat: c.intFormat,
      },
      FC2,
      "BT00",
    ),
    "formatControl2",
  );
  w.u8(packBits({ niFormat1: c.niFormat1, niFormat2: c.niFormat2 }, FC3, "BT00"), "formatControl3");
  writeChars(w, c.deviceClass, 4, "deviceClass");
  for (const field of [
    "nameplateType",
    "defaultSetUsed",
    "maxProcParamLength",
    "maxRespDataLength",
    "stdVersion",
    "stdRevision",
    "dimStdTablesUsed",
    "dimMfgTablesUsed",
    "dimStdProcUsed",
    "dimMfgProcUsed",
    "dimMfgStatusUsed",
    "nbrPending",
  ] as const) {
    w.u8(c[field], field);
  }
  w.bytes(encodeSet(c.stdTablesUsed, c.dimStdTablesUsed, "BT00.stdTablesUsed"), "stdTablesUsed");
  w.bytes(encodeSet(c.mfgTablesUsed, c.dimMfgTablesUsed, "BT00.mfgTablesUsed"), "mfgTablesUsed");
  w.bytes(encodeSet(c.stdProcUsed, c.dimStdProcUsed, "BT00.stdProcUsed"), "stdProcUsed");
  w.bytes(encodeSet(c.mfgProcUsed, c.dimMfgProcUsed, "BT00.mfgProcUsed"), "mfgProcUsed");
  w.bytes(encodeSet(c.stdTablesWrite, c.dimStdTablesUsed, "BT00.stdTablesWrite"), "stdTablesWrite");
  w.bytes(encodeSet(c.mfgTablesWrite, c.dimMfgTablesUsed, "BT00.mfgTablesWrite"), "mfgTablesWrite");
  return w.toBytes();
}

/** What BT00 says about one table id (pending ids are answered for the table they replace). */
export function isTableUsed(c: GeneralConfiguration, tableId: number): boolean {
  return bitFor(c.stdTablesUsed, c.mfgTablesUsed, tableId % 4096);
}

export function isTableWriteable(c: GeneralConfiguration, tableId: number): boolean {
  return bitFor(c.stdTablesWrite, c.mfgTablesWrite, tableId % 4096);
}

export function isProcedureUsed(c: GeneralConfiguration, procedureId: number): boolean {
  return procedureId >= MANUFACTURER_PROCEDURE_BASE
    ? c.mfgProcUsed[procedureId - MANUFACTURER_PROCEDURE_BASE] === true
    : c.stdProcUsed[procedureId] === true;
}

/** Every table id the device declares, basic first. */
export function usedTableIds(c: GeneralConfiguration): number[] {
  const ids: number[] = [];
  c.stdTablesUsed.forEach((on, n) => on && ids.push(n));
  c.mfgTablesUsed.forEach((on, n) => on && ids.push(EXTENDED_BASE + n));
  return ids;
}

function bitFor(basic: readonly boolean[], extended: readonly boolean[], id: number): boolean {
  return id >= EXTENDED_BASE ? extended[id - EXTENDED_BASE] === true : basic[id] === true;
}

import fc from "fast-check";
import { plainRecord } from "./plain-record";
import type { GeneralConfiguration } from "../../protocol/tables/bt00-general-configuration";
import type { IdFormat, ManufacturerIdentification } from "../../protocol/tables/bt01-manufacturer-identification";
import type { EndDeviceModeStatus } from "../../protocol/tables/bt03-end-device-mode-status";
import type { ProcedureInitiate } from "../../protocol/tables/bt07-procedure-initiate";
import type { ProcedureResponse } from "../../protocol/tables/bt08-procedure-response";
import type { Clock } from "../../protocol/tables/bt52-clock";
import type { UtilityInformation } from "../../protocol/tables/et03-utility-information";
import { ET03_SERIAL_LENGTH } from "../../protocol/tables/et03-utility-information";
import { arbBcdDigits, arbByteOrder, arbLTimeDate, arbTimeDateQualifier } from "./data-types";

/**
 * Table images (Annex A) in the form their decoders return: char fields are the full field width
 * (decoding keeps padding), bitmaps hold 8 flags per declared byte, and the ET03 serial has no
 * trailing space or NUL (decoding trims them).
 */
const u = (bits: number) => fc.integer({ min: 0, max: 2 ** bits - 1 });
const u8 = u(8);
const chars = (length: number, min = 0x20) =>
  fc.string({
    unit: fc.integer({ min, max: 0x7e }).map((c) => String.fromCharCode(c)),
    minLength: length,
    maxLength: length,
  });
const flags = (bytes: number) => fc.array(fc.boolean(), { minLength: 8 * bytes, maxLength: 8 * bytes });

/** Bitmap dimensions are kept small so that a run stays fast; BT00 allows 255 bytes each. */
const dim = fc.integer({ min: 0, max: 24 });

export const arbGeneralConfiguration: fc.Arbitrary<GeneralConfiguration> = fc
  .record({ dimStdTablesUsed: dim, dimMfgTablesUsed: dim, dimStdProcUsed: dim, dimMfgProcUsed: dim })
  .chain((d) =>
    plainRecord({
      dataOrder: arbByteOrder,
      charFormat: u(3),
      timeFormat: u(3),
      dataAccessMethod: u(2),
      idFormat: fc.constantFrom("char" as const, "bcd" as const),
      intFormat: u(2),
      niFormat1: u(4),
      niFormat2: u(4),
      deviceClass: chars(4),
      nameplateType: u8,
      defaultSetUsed: u8,
      maxProcParamLength: u8,
      maxRespDataLength: u8,
      stdVersion: u8,
      stdRevision: u8,
      dimStdTablesUsed: fc.constant(d.dimStdTablesUsed),
      dimMfgTablesUsed: fc.constant(d.dimMfgTablesUsed),
      dimStdProcUsed: fc.constant(d.dimStdProcUsed),
      dimMfgProcUsed: fc.constant(d.dimMfgProcUsed),
      dimMfgStatusUsed: u8,
      nbrPending: u8,
      stdTablesUsed: flags(d.dimStdTablesUsed),
      mfgTablesUsed: flags(d.dimMfgTablesUsed),
      stdProcUsed: flags(d.dimStdProcUsed),
      mfgProcUsed: flags(d.dimMfgProcUsed),
      stdTablesWrite: flags(d.dimStdTablesUsed),
      mfgTablesWrite: flags(d.dimMfgTablesUsed),
    }),
  );

export const arbManufacturerIdentification = (idFormat: IdFormat): fc.Arbitrary<ManufacturerIdentification> =>
  plainRecord({
    manufacturer: chars(4),
    model: chars(8),
    hwVersion: u8,
    hwRevision: u8,
    fwVersion: u8,
    fwRevision: u8,
    serialNumber: idFormat === "bcd" ? arbBcdDigits(8) : chars(16),
  });

/** `manufacturerStatus` length is BT00.dimMfgStatusUsed, which the decoder must be given. */
export const arbEndDeviceModeStatus: fc.Arbitrary<EndDeviceModeStatus> = plainRecord({
  mode: plainRecord({ metering: u(1), test: u(1), meterShop: u(1), reserved: u(5) }),
  standardStatus: plainRecord({
    unprogrammed: u(1),
    configurationError: u(1),
    selfCheckError: u(1),
    ramFailure: u(1),
    romFailure: u(1),
    nonvolatileMemoryFailure: u(1),
    clockError: u(1),
    measurementError: u(1),
    lowBattery: u(1),
    lowLossPotential: u(1),
    demandOverload: u(1),
    powerFailure: u(1),
    tamperDetect: u(1),
    reverseRotation: u(1),
    reserved: u(2),
  }),
  standardStatus2: u8,
  manufacturerStatus: fc.uint8Array({ maxLength: 16 }),
});

export const arbProcedureInitiate: fc.Arbitrary<ProcedureInitiate> = plainRecord({
  procedureId: u(12),
  selector: u(4),
  sequence: u8,
  parameters: fc.uint8Array({ maxLength: 255 }),
});

export const arbProcedureResponse: fc.Arbitrary<ProcedureResponse> = plainRecord({
  procedureId: u(12),
  selector: u(4),
  sequence: u8,
  resultCode: u8,
  responseData: fc.uint8Array({ maxLength: 255 }),
});

export const arbClock: fc.Arbitrary<Clock> = plainRecord({
  clock: fc.option(arbLTimeDate, { nil: null }),
  qualifier: fc.option(arbTimeDateQualifier, { nil: null }),
});

export const arbUtilityInformation: fc.Arbitrary<UtilityInformation> = plainRecord({
  utilitySerial: fc.string({
    unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
    maxLength: ET03_SERIAL_LENGTH,
  }),
  remainder: fc.uint8Array({ maxLength: 32 }),
});

import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { readBcd, writeBcd } from "../types/bcd";
import { readChars, writeChars } from "../types/char-array";
import type { GeneralConfiguration } from "./bt00-general-configuration";

/**
 * BT01 General Manufacturer Identification (Annex A.2): manufacturer char[4], model char[8],
 * hardware version and revision, firmware version and revision (UINT8 each), then the
 * manufacturer's serial number: 8 BCD bytes (16 digits) when BT00 says id format BCD, else
 * char[16].
 */
export const BT01 = 1;

export interface ManufacturerIdentification {
  readonly manufacturer: string;
  readonly model: string;
  readonly hwVersion: number;
  readonly hwRevision: number;
  readonly fwVersion: number;
  readonly fwRevision: number;
  /** BCD: 16 decimal digits; char: the 16 characters as sent. */
  readonly serialNumber: string;
}

export type IdFormat = GeneralConfiguration["idFormat"];

export function manufacturerIdentificationSize(idFormat: IdFormat): number {
  return 16 + (idFormat === "bcd" ? 8 : 16);
}

export function decodeManufacturerIdentification(
  bytes: Uint8Array,
  idFormat: IdFormat,
): Decoded<ManufacturerIdentification> {
  return decodeWith(bytes, "BT01", (r) => ({
    manufacturer: readChars(r, 4, "manufacturer"),
    model: readChars(r, 8, "model"),
    hwVersion: r.u8("hwVersion"),
    hwRevision: r.u8("hwRevision"),
    fwVersion: r.u8("fwVersion"),
    fwRevision: r.u8("fwRevision"),
    serialNumber: idFormat === "bcd" ? readBcd(r, 8, "serialNumber") : readChars(r, 16, "serialNumber"),
  }));
}

export function encodeManufacturerIdentification(v: ManufacturerIdentification, idFormat: IdFormat): Uint8Array {
  const w = new ByteWriter("BT01");
  writeChars(w, v.manufacturer, 4, "manufacturer");
  writeChars(w, v.model, 8, "model");
  w.u8(v.hwVersion, "hwVersion")
    .u8(v.hwRevision, "hwRevision")
    .u8(v.fwVersion, "fwVersion")
    .u8(v.fwRevision, "fwRevision");
  if (idFormat === "bcd") writeBcd(w, v.serialNumber, 8, "serialNumber");
  else writeChars(w, v.serialNumber, 16, "serialNumber");
  return w.toBytes();
}

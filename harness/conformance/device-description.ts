import { writeFileSync, mkdirSync, renameSync } from "node:fs";
import { dirname } from "node:path";
import { concatBytes } from "../bytes/byte-arrays";
import {
  decodeGeneralConfiguration,
  generalConfigurationSize,
  BT00,
  BT00_FIXED_SIZE,
  type GeneralConfiguration,
} from "../protocol/tables/bt00-general-configuration";
import {
  BT01,
  decodeManufacturerIdentification,
  type ManufacturerIdentification,
} from "../protocol/tables/bt01-manufacturer-identification";
import { trimChars } from "../protocol/types/char-array";
import { describeResponseCode } from "../protocol/response-codes";
import { tableFormatOf, type TableFormat } from "../protocol/table-format";
import type { TableClient } from "../session/table-client";
import { Inconclusive } from "./verdicts";

/**
 * What the device says about itself (BT00, BT01): the source of every expectation that is not in
 * the PIXIT. Scenarios that only need it as a precondition are inconclusive when it cannot be read;
 * the A.1 and A.2 scenarios judge the tables themselves.
 */
export interface DeviceDescription {
  readonly bt00: Uint8Array;
  readonly config: GeneralConfiguration;
  /** What every decoder of this device's tables is given (table-format.ts). */
  readonly format: TableFormat;
  readonly bt01: Uint8Array;
  readonly identity: ManufacturerIdentification;
}

/**
 * BT00 is read in two steps (fixed part, then the rest its dimensions give) so that any size fits
 * the link; no byte is read twice.
 */
export async function readGeneralConfiguration(session: TableClient): Promise<Uint8Array> {
  const head = await session.readPartial(BT00, 0, BT00_FIXED_SIZE);
  if (!("data" in head)) throw new Inconclusive(`BT00 could not be read: ${describeResponseCode(head.code)}`);
  const dims = {
    dimStdTablesUsed: head.data[13] ?? 0,
    dimMfgTablesUsed: head.data[14] ?? 0,
    dimStdProcUsed: head.data[15] ?? 0,
    dimMfgProcUsed: head.data[16] ?? 0,
  };
  const rest = generalConfigurationSize(dims) - head.data.length;
  if (rest <= 0) return head.data;
  const tail = await session.readPartial(BT00, head.data.length, rest);
  if (!("data" in tail)) throw new Inconclusive(`BT00 could not be read: ${describeResponseCode(tail.code)}`);
  return concatBytes(head.data, tail.data);
}

export async function readDeviceDescription(session: TableClient): Promise<DeviceDescription> {
  const bt00 = await readGeneralConfiguration(session);
  const c = decodeGeneralConfiguration(bt00);
  if (!c.ok) throw new Inconclusive(`BT00 does not decode, so nothing can be expected from it: ${c.error.message}`);
  const r = await session.readFull(BT01);
  if (!("data" in r)) throw new Inconclusive(`BT01 could not be read: ${describeResponseCode(r.code)}`);
  const id = decodeManufacturerIdentification(r.data, c.value.idFormat);
  if (!id.ok) throw new Inconclusive(`BT01 does not decode: ${id.error.message}`);
  return { bt00, config: c.value, format: tableFormatOf(c.value), bt01: r.data, identity: id.value };
}

/** The identity lines a report shows for the device under test. */
export function identityLines(d: DeviceDescription): Record<string, string> {
  const i = d.identity;
  return {
    "device.manufacturer": trimChars(i.manufacturer),
    "device.model": trimChars(i.model),
    "device.hardware": `${i.hwVersion}.${i.hwRevision}`,
    "device.firmware": `${i.fwVersion}.${i.fwRevision}`,
    "device.serial": trimChars(i.serialNumber),
    "device.class": trimChars(d.config.deviceClass),
    "device.c1219": `${d.config.stdVersion}.${d.config.stdRevision}`,
  };
}

/**
 * Leaves the identity where the run command finds it for the report's environment. Written aside
 * and renamed: a simulator target's workers all write it, and one killed mid-write (past an
 * interrupted run's grace) must not leave it cut short.
 */
export function recordIdentity(file: string, d: DeviceDescription): void {
  mkdirSync(dirname(file), { recursive: true });
  const aside = `${file}.${process.pid}`;
  writeFileSync(aside, JSON.stringify(identityLines(d), null, 2));
  renameSync(aside, file);
}

import { bytesEqual } from "../../bytes/byte-arrays";
import { toHex } from "../../bytes/hex";
import { Inconclusive } from "../../conformance/verdicts";
import { describeResponseCode } from "../../protocol/response-codes";
import { parseTableName, tableName } from "../../protocol/table-id";
import type { FuzzDevice, FuzzRole } from "./fuzz-device";

/**
 * The known-good read made after every anomaly (PIXIT fuzz.healthTable, BT01 by default): a device
 * that no longer answers it, or answers it differently from the campaign's first read, has been
 * hurt by what came before.
 */
export interface HealthBaseline {
  readonly tableId: number;
  readonly image: Uint8Array;
}

export async function readHealthBaseline(device: FuzzDevice, role: FuzzRole): Promise<HealthBaseline> {
  const tableId = parseTableName(device.pixit.fuzz.healthTable);
  const r = await (await device.session(role)).client.readFull(tableId);
  if (!("data" in r))
    throw new Inconclusive(
      `the known-good read of ${tableName(tableId)} is answered ${describeResponseCode(r.code)} before any fuzzing: the campaign cannot tell a hurt device from this one`,
    );
  return { tableId, image: r.data };
}

/** null when the device is well; else what is wrong. Errors (time-out, lost port) propagate to the runner. */
export async function healthCheck(
  device: FuzzDevice,
  role: FuzzRole,
  baseline: HealthBaseline,
): Promise<string | null> {
  const r = await (await device.session(role)).client.readFull(baseline.tableId);
  const table = tableName(baseline.tableId);
  if (!("data" in r))
    return `after the case, the known-good read of ${table} is answered ${describeResponseCode(r.code)}`;
  if (!bytesEqual(r.data, baseline.image))
    return `after the case, ${table} reads [${toHex(r.data)}] instead of [${toHex(baseline.image)}]`;
  return null;
}

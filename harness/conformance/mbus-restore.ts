import { bytesEqual } from "../bytes/byte-arrays";
import { encodeRemoveDevice, EP17, REMOVE_ACTION } from "../protocol/procedures/ep17-remove-device";
import { describeResponseCode } from "../protocol/response-codes";
import { ET13, type MbusChannelConfig } from "../protocol/tables/et13-mbus-device-configuration";
import type { TableClient } from "../session/table-client";
import { readConfigs, readStatus, type MfgLayout } from "./mbus-device-tables";
import { mustComplete, type ProcedureContext } from "./mbus-procedures";
import { Inconclusive } from "./verdicts";

/**
 * Putting the M-Bus configuration (ET13) back as a scenario found it: devices that are now where
 * they were not (installed by a write or a scan, or moved) are removed with EP17, then every
 * channel whose entry differs is written back, which re-installs a removed device or restores a
 * schedule. The device's readings and logs are history and stay as they are.
 */
export interface SavedConfiguration {
  readonly bytes: Uint8Array;
  readonly configs: readonly MbusChannelConfig[];
}

function entry(bytes: Uint8Array, channel: number, size: number): Uint8Array {
  return bytes.subarray((channel - 1) * size, channel * size);
}

function sameDevice(a: MbusChannelConfig, b: MbusChannelConfig): boolean {
  return (
    a.installed && b.installed && a.address === b.address && JSON.stringify(a.identity) === JSON.stringify(b.identity)
  );
}

export async function restoreConfiguration(
  client: TableClient,
  ctx: ProcedureContext,
  d: MfgLayout,
  saved: SavedConfiguration,
): Promise<void> {
  const size = d.et13EntrySize;
  const now = await readConfigs(client, d);
  const status = (await readStatus(client, d)).status;
  for (let c = 1; c <= d.mbusChannels; c++) {
    const cur = now.configs[c - 1] as MbusChannelConfig;
    const was = saved.configs[c - 1] as MbusChannelConfig;
    if (!cur.installed || sameDevice(cur, was)) continue;
    const handle = status.channels[c - 1]?.handle ?? 0;
    if (handle === 0)
      throw new Inconclusive(`channel ${c} holds a device in ET13 but ET14 gives it no handle: it cannot be removed`);
    await mustComplete(
      client,
      ctx,
      EP17,
      encodeRemoveDevice({ action: REMOVE_ACTION, handle }, ctx.order),
      `removing the device the scenario left on channel ${c}`,
    );
  }
  const after = (await readConfigs(client, d)).bytes;
  for (let c = 1; c <= d.mbusChannels; c++) {
    const want = entry(saved.bytes, c, size);
    if (bytesEqual(entry(after, c, size), want)) continue;
    const w = await client.writePartial(ET13, (c - 1) * size, want);
    if (w.code !== 0)
      throw new Inconclusive(`writing back ET13's entry of channel ${c} was answered ${describeResponseCode(w.code)}`);
  }
  const final = (await readConfigs(client, d)).bytes;
  if (!bytesEqual(final, saved.bytes))
    throw new Inconclusive("ET13 differs from what the scenario found, after the restore");
}

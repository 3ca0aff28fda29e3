import { ET13_ENTRY_MIN_SIZE } from "../../../protocol/tables/et13-mbus-device-configuration";
import { ET14_ENTRY_MIN_SIZE, ET14_HEADER_MIN_SIZE } from "../../../protocol/tables/et14-mbus-device-status";
import { ET15_ENTRY_MIN_SIZE } from "../../../protocol/tables/et15-on-demand-requests";
import { ET34_ENTRY_MIN_SIZE } from "../../../protocol/tables/et34-mbus-additional-configuration";
import type { MfgDimension } from "../../../protocol/tables/et11-mfg-dimension";
import type { FeatureSet } from "../../meter-features";

/**
 * The reference meter's ET11: four M-Bus channels as NES meters have ([ESP] reads at least 4),
 * entries sized to what the simulator stores, and zero for the functions a profile lacks.
 */
export const MBUS_CHANNELS = 4;
const ET16_ENTRY_SIZE = 32;
const ET45_ENTRY_SIZE = 40;
const ET45_ENTRIES = 16;
const ET31_ENTRIES = 4;
const MEP_DATA_SIZE = 16;
const ET74_ENTRIES = 8;
const GROUP_SLOTS = 8;

export function dimensionsFor(f: FeatureSet): MfgDimension {
  const channels = f.mbus ? MBUS_CHANNELS : 0;
  const recurring = f.mbus || f.mepDevices;
  return {
    mbusChannels: channels,
    et13EntrySize: f.mbus ? ET13_ENTRY_MIN_SIZE : 0,
    et14EntrySize: f.mbus ? ET14_ENTRY_MIN_SIZE : 0,
    et14HeaderSize: f.mbus ? ET14_HEADER_MIN_SIZE : 0,
    et15EntrySize: recurring ? ET15_ENTRY_MIN_SIZE : 0,
    et16EntrySize: f.mbus ? ET16_ENTRY_SIZE : 0,
    et45EntrySize: recurring ? ET45_ENTRY_SIZE : 0,
    et45Entries: recurring ? ET45_ENTRIES : 0,
    et31Entries: f.oneTimeReads ? ET31_ENTRIES : 0,
    mepDataSize: f.mepDevices ? MEP_DATA_SIZE : 0,
    et74Entries: f.mepDevices ? ET74_ENTRIES : 0,
    et34EntrySize: f.mbus ? ET34_ENTRY_MIN_SIZE : 0,
    groupSlots: f.groupBroadcasts ? GROUP_SLOTS : 0,
    et15Entries: (f.mbus ? channels + 1 : 0) + (f.mepDevices ? 2 : 0),
  };
}

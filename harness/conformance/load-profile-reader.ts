import { isTableUsed, type GeneralConfiguration } from "../protocol/tables/bt00-general-configuration";
import type { TableFormat } from "../protocol/table-format";
import {
  BT61,
  decodeLoadProfileDimensions,
  type LoadProfileDimensions,
} from "../protocol/tables/bt60-bt61-load-profile-dimensions";
import {
  BT62,
  controlShapeOf,
  decodeLoadProfileControl,
  type LoadProfileSetControl,
} from "../protocol/tables/bt62-load-profile-control";
import { BT63, decodeLoadProfileStatus, type LoadProfileSetStatus } from "../protocol/tables/bt63-load-profile-status";
import {
  decodeLoadProfileBlock,
  LP_DATA_TABLES,
  loadProfileBlockSize,
  type LoadProfileBlock,
  type LoadProfileDataShape,
} from "../protocol/tables/bt64-bt67-load-profile-data";
import type { TableClient } from "../session/table-client";
import { decoded } from "./checks";
import { readTable, readTablePart } from "./records-io";
import { Inconclusive } from "./verdicts";

/**
 * What a reader of the load profile needs before it reads a block, all from the device itself:
 * which data sets exist (BT00), their dimensions and flags (BT61), their channels and interval
 * formats (BT62). Blocks are then read one by one with partial reads at the offsets they give.
 */
export interface LoadProfileLayout extends TableFormat {
  /** Bit n: BT(64 + n), data set n + 1, is declared. */
  readonly setsUsed: number;
  readonly actual: LoadProfileDimensions;
  readonly control: readonly (LoadProfileSetControl | null)[];
}

export interface NumberedBlock {
  readonly element: number;
  readonly sequence: number;
  readonly block: LoadProfileBlock;
  readonly bytes: Uint8Array;
}

export function setsUsedBy(config: GeneralConfiguration): number {
  return LP_DATA_TABLES.reduce((m, id, i) => (isTableUsed(config, id) ? m | (1 << i) : m), 0);
}

export async function readLoadProfileLayout(client: TableClient, format: TableFormat): Promise<LoadProfileLayout> {
  const { order, config } = format;
  // The clause gate (clause-requirements.ts) has made sure BT00 declares the data sets the scenario reads.
  const setsUsed = setsUsedBy(config);
  const bt61 = await readTable(client, BT61);
  const actual = decoded(decodeLoadProfileDimensions(bt61, order, setsUsed), "BT61", bt61);
  const bt62 = await readTable(client, BT62);
  const control = decoded(decodeLoadProfileControl(bt62, order, controlShapeOf(actual)), "BT62", bt62);
  return { order, config, setsUsed, actual, control };
}

/** The layout of data set `set` (1..4) as BT00, BT61 and BT62 give it. */
export function dataShape(layout: LoadProfileLayout, set: number): LoadProfileDataShape {
  const dims = layout.actual.sets[set - 1];
  const control = layout.control[set - 1];
  if (dims === null || dims === undefined || control === null || control === undefined)
    throw new Inconclusive(`BT00 does not declare load-profile data set ${set} (BT${63 + set})`);
  const f = layout.actual.flags;
  return {
    blocks: dims.blocks,
    intervalsPerBlock: dims.intervalsPerBlock,
    channels: dims.channels,
    intervalFormat: control.intervalFormat,
    niFormat1: layout.config.niFormat1,
    niFormat2: layout.config.niFormat2,
    blockEndRead: f.blockEndRead,
    blockEndPulse: f.blockEndPulse,
    extendedStatus: f.extendedIntervalStatus,
    simpleStatus: f.simpleIntervalStatus,
  };
}

export async function readLoadProfileStatus(
  client: TableClient,
  layout: LoadProfileLayout,
): Promise<(LoadProfileSetStatus | null)[]> {
  const bt63 = await readTable(client, BT63);
  return decoded(decodeLoadProfileStatus(bt63, layout.order, layout.setsUsed), "BT63", bt63);
}

export function setStatus(statuses: readonly (LoadProfileSetStatus | null)[], set: number): LoadProfileSetStatus {
  const s = statuses[set - 1];
  if (s === null || s === undefined) throw new Inconclusive(`BT63 has no status for data set ${set}`);
  return s;
}

export async function readBlock(
  client: TableClient,
  layout: LoadProfileLayout,
  set: number,
  element: number,
): Promise<LoadProfileBlock & { bytes: Uint8Array }> {
  const shape = dataShape(layout, set);
  const size = loadProfileBlockSize(shape);
  const bytes = await readTablePart(client, LP_DATA_TABLES[set - 1] as number, element * size, size);
  return {
    ...decoded(decodeLoadProfileBlock(bytes, layout.order, shape), `block ${element} of BT${63 + set}`, bytes),
    bytes,
  };
}

/** Up to `count` of the newest valid blocks of a data set, newest first, as BT63 numbers them. */
export async function readNewestBlocks(
  client: TableClient,
  layout: LoadProfileLayout,
  set: number,
  status: LoadProfileSetStatus,
  count: number,
): Promise<NumberedBlock[]> {
  const blocks = dataShape(layout, set).blocks;
  const out: NumberedBlock[] = [];
  for (let k = 0; k < Math.min(count, status.validBlocks); k++) {
    const element = (status.lastBlockElement - k + blocks * (k + 1)) % blocks;
    const b = await readBlock(client, layout, set, element);
    out.push({ element, sequence: status.lastBlockSequence - k, block: b, bytes: b.bytes });
  }
  return out;
}

import type { ByteOrder } from "../../../bytes/cursor";
import {
  BT60,
  BT61,
  emptyLoadProfileFlags,
  emptyLoadProfileFormats,
  encodeLoadProfileDimensions,
  type LoadProfileSetDimensions,
} from "../../../protocol/tables/bt60-bt61-load-profile-dimensions";
import {
  BT62,
  encodeLoadProfileControl,
  INTERVAL_FORMAT,
  type LoadProfileSetControl,
} from "../../../protocol/tables/bt62-load-profile-control";
import { BT63, encodeLoadProfileStatus } from "../../../protocol/tables/bt63-load-profile-status";
import {
  BT64,
  BT65,
  encodeLoadProfileBlock,
  loadProfileDataSize,
  type LoadProfileDataShape,
} from "../../../protocol/tables/bt64-bt67-load-profile-data";
import { NO_COMMON_FLAGS } from "../../../protocol/tables/bt64-interval-status";
import { epochMsToLTimeDate } from "../../../protocol/types/time-types";
import type { DeviceContext } from "../../device-function";
import { computedTable, type SimTable } from "../../sim-table";
import type { IntervalRecorder, RecordedBlock } from "./interval-recorder";
import { MBUS_DIMENSIONS, type MbusLoadProfile } from "./mbus-load-profile";
import { PRIMARY_DIMENSIONS, type PrimaryLoadProfile } from "./primary-load-profile";

/**
 * BT60-BT65 of the reference meter, computed from the data sets on every read: set 1 (BT64, the
 * electricity channels) always, set 2 (BT65, the M-Bus channels) with the mbusLoadProfile feature.
 * Block-end readings are present for every channel (INT32, BT00's NI_FMAT1), intervals carry
 * C12.19's extended status, and no set uses scalars and divisors or inhibits overflow.
 */
const NI_FORMAT_INT32 = 8;
const MAX_INTERVAL_MINUTES = { primary: 60, mbus: 240 } as const;

interface SetView {
  readonly recorder: IntervalRecorder;
  readonly shape: () => LoadProfileDataShape;
  readonly intervalMinutes: () => number;
  readonly control: () => LoadProfileSetControl;
  /** Minutes added to the block end times: 0, except under a time-stamp defect. */
  readonly endTimeSkewMinutes: () => number;
  readonly endReadings: (b: RecordedBlock) => readonly number[];
}

function shapeOf(
  blocks: number,
  intervalsPerBlock: number,
  channels: number,
  intervalFormat: number,
): LoadProfileDataShape {
  return {
    blocks,
    intervalsPerBlock,
    channels,
    intervalFormat,
    niFormat1: NI_FORMAT_INT32,
    niFormat2: NI_FORMAT_INT32,
    blockEndRead: 1,
    blockEndPulse: 0,
    extendedStatus: 1,
    simpleStatus: 0,
  };
}

export function loadProfileTables(
  ctx: DeviceContext,
  primary: PrimaryLoadProfile,
  mbus: MbusLoadProfile | null,
): SimTable[] {
  const d = ctx.defects;
  const sets: SetView[] = [
    {
      recorder: primary.recorder,
      shape: () =>
        shapeOf(
          PRIMARY_DIMENSIONS.blocks,
          PRIMARY_DIMENSIONS.intervalsPerBlock,
          primary.channels,
          INTERVAL_FORMAT.uint16,
        ),
      intervalMinutes: () => primary.configuration().intervalMinutes,
      control: () => ({
        channels: primary.configuration().sources.map((s) => ({ endReading: true, source: s, endReadingSource: s })),
        intervalFormat: INTERVAL_FORMAT.uint16,
        scalars: [],
        divisors: [],
      }),
      endTimeSkewMinutes: () =>
        d.has("lp-timestamp-off-by-one-interval") ? primary.configuration().intervalMinutes : 0,
      endReadings: (b) => (d.has("lp-block-end-reading-wrong") ? b.startReadings : b.endReadings),
    },
  ];
  if (mbus !== null) {
    sets.push({
      recorder: mbus.recorder,
      shape: () =>
        shapeOf(MBUS_DIMENSIONS.blocks, MBUS_DIMENSIONS.intervalsPerBlock, mbus.channels, INTERVAL_FORMAT.uint32),
      intervalMinutes: () => mbus.pollRateMinutes,
      control: () => ({
        channels: Array.from({ length: mbus.channels }, (_, c) => ({
          endReading: true,
          source: c + 1,
          endReadingSource: c + 1,
        })),
        intervalFormat: INTERVAL_FORMAT.uint32,
        scalars: [],
        divisors: [],
      }),
      endTimeSkewMinutes: () => (d.has("mbus-lp-local-time-stamps") ? 60 : 0),
      endReadings: (b) => b.endReadings,
    });
  }
  const padded = <T>(list: readonly T[]): (T | null)[] => [0, 1, 2, 3].map((i) => list[i] ?? null);
  const dimensions = (limits: boolean) =>
    encodeLoadProfileDimensions(
      {
        memoryLength: sets.reduce((n, s) => n + loadProfileDataSize(s.shape()), 0),
        flags: { ...emptyLoadProfileFlags(), blockEndRead: 1, extendedIntervalStatus: 1 },
        formats: { ...emptyLoadProfileFormats(), uint16: 1, uint32: 1 },
        sets: padded(
          sets.map((s, i): LoadProfileSetDimensions => {
            const sh = s.shape();
            const max = i === 0 ? MAX_INTERVAL_MINUTES.primary : MAX_INTERVAL_MINUTES.mbus;
            return {
              blocks: sh.blocks,
              intervalsPerBlock: sh.intervalsPerBlock,
              channels: sh.channels,
              intervalMinutes: limits ? max : s.intervalMinutes(),
            };
          }),
        ),
      },
      ctx.dataOrder,
    );
  return [
    computedTable(BT60, "reader", () => dimensions(true)),
    computedTable(BT61, "reader", () => dimensions(false)),
    computedTable(BT62, "reader", () => encodeLoadProfileControl(padded(sets.map((s) => s.control())), ctx.dataOrder)),
    computedTable(BT63, "reader", () =>
      encodeLoadProfileStatus(padded(sets.map((s) => s.recorder.status(true, ctx.status.testMode))), ctx.dataOrder),
    ),
    ...sets.map((s, i) => computedTable(i === 0 ? BT64 : BT65, "reader", () => dataImage(s, ctx.dataOrder))),
  ];
}

function dataImage(s: SetView, order: ByteOrder): Uint8Array {
  const shape = s.shape();
  const parts = s.recorder
    .blocks()
    .map((b) => encodeLoadProfileBlock(b === null ? emptyBlock(shape) : blockOf(s, b, shape), order, shape));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function blockOf(s: SetView, b: RecordedBlock, shape: LoadProfileDataShape) {
  const t = epochMsToLTimeDate(b.endMs + s.endTimeSkewMinutes() * 60_000);
  const intervals = Array.from({ length: shape.intervalsPerBlock }, (_, i) => {
    const iv = b.intervals[i];
    return iv === undefined
      ? blankInterval(shape.channels)
      : { status: { common: iv.common, channels: iv.channels }, values: iv.values };
  });
  return {
    endTime: t,
    endReadings: s.endReadings(b).map((r) => ({ reading: r, pulses: null })),
    simpleStatus: null,
    intervals,
  };
}

function emptyBlock(shape: LoadProfileDataShape) {
  return {
    endTime: null,
    endReadings: Array.from({ length: shape.channels }, () => ({ reading: 0, pulses: null })),
    simpleStatus: null,
    intervals: Array.from({ length: shape.intervalsPerBlock }, () => blankInterval(shape.channels)),
  };
}

function blankInterval(channels: number) {
  return {
    status: { common: NO_COMMON_FLAGS, channels: new Array<number>(channels).fill(0) },
    values: new Array<number>(channels).fill(0),
  };
}

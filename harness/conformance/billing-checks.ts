import type { DataSelection } from "../protocol/tables/bt22-data-selection";
import { NES_SOURCE } from "../protocol/tables/bt22-data-selection";
import type { DataBlock } from "../protocol/tables/bt23-current-register-data";
import type { SelfReadHeader } from "../protocol/tables/bt26-self-read-data";
import { lTimeDateToEpochMs, type STimeDate } from "../protocol/types/time-types";
import type { RemoteResetParameters } from "../protocol/procedures/bp09-remote-reset";
import type { BillingCounters, RegisterReading } from "./billing-reads";

/**
 * Judgements of 8.4 billing registers and 8.4.1 self-reads, as pure functions of what was read:
 * each answers the problems it finds, one sentence each; none means conforming. The tolerances
 * come from the registers' resolution: a register is a whole number of Wh, so one that is the sum
 * of n others may differ from the sum of their whole values by up to n - 1, and two readings of
 * the same quantity moments apart by 1 more.
 */
const MINUTE = 60_000;

function summations(b: DataBlock): readonly number[] {
  return b.summations;
}

function total(r: RegisterReading): DataBlock {
  return (r.blocks[0] as RegisterReading["blocks"][number]).value;
}

/** Per summation, the tier blocks (read after `before`'s total) add up to the total read before and after them. */
export function tierSumProblems(before: RegisterReading, totalAfter: DataBlock, sources: readonly number[]): string[] {
  const tiers = before.blocks.slice(1).map((b) => b.value);
  if (tiers.length === 0) return [];
  return sources.flatMap((source, i) => {
    const sum = tiers.reduce((s, t) => s + (summations(t)[i] ?? 0), 0);
    const lo = (summations(total(before))[i] ?? 0) - tiers.length;
    const hi = (summations(totalAfter)[i] ?? 0) + 1;
    return sum >= lo && sum <= hi
      ? []
      : [
          `source ${source}: the ${tiers.length} tier blocks add up to ${sum}, the total block reads ${lo + tiers.length} before and ${hi - 1} after them`,
        ];
  });
}

/**
 * On NES-style meters BT22 lists per-tier sources (29 + 11t, 30 + 11t)
 * in the total block: they add up to sources 0 and 1.
 */
export function nesTierSourceProblems(selection: DataSelection, block: DataBlock): string[] {
  const ids = selection.summationSources;
  const value = (id: number) => summations(block)[ids.indexOf(id)] ?? 0;
  const pairs = [
    { whole: NES_SOURCE.forwardActive, first: NES_SOURCE.tierForward(0) },
    { whole: NES_SOURCE.reverseActive, first: NES_SOURCE.tierReverse(0) },
  ];
  return pairs.flatMap(({ whole, first }) => {
    const tierIds = ids.filter((id) => id >= first && (id - first) % 11 === 0);
    if (tierIds.length === 0 || !ids.includes(whole)) return [];
    const sum = tierIds.reduce((s, id) => s + value(id), 0);
    const w = value(whole);
    return sum <= w + 1 && sum >= w - tierIds.length
      ? []
      : [`the per-tier sources ${tierIds.join(", ")} add up to ${sum}; source ${whole} reads ${w}`];
  });
}

/** Between two readings, every summation's tiers grew by what its total grew. */
export function tierGrowthProblems(a: RegisterReading, b: RegisterReading, sources: readonly number[]): string[] {
  if (a.blocks.length <= 1) return [];
  return sources.flatMap((source, i) => {
    const grown = (r: RegisterReading, k: number) =>
      summations((r.blocks[k] as RegisterReading["blocks"][number]).value)[i] ?? 0;
    const dTotal = grown(b, 0) - grown(a, 0);
    const dTiers = a.blocks.slice(1).map((_, t) => grown(b, t + 1) - grown(a, t + 1));
    const changed = dTiers.filter((d) => d !== 0).length;
    const sum = dTiers.reduce((s, d) => s + d, 0);
    return Math.abs(dTotal - sum) <= changed + 1
      ? []
      : [`source ${source}: the total grew by ${dTotal}, its tiers by ${sum} (${dTiers.join(" + ")})`];
  });
}

export function indexOfSource(selection: DataSelection, id: number): number {
  return selection.summationSources.indexOf(id);
}

export interface TotalIndices {
  readonly forward: number;
  readonly reverse: number;
  readonly total: number;
}

/** 8.4.2: in one block, the total energy is forward plus reverse (each a whole number of Wh). */
export function totalEnergyProblems(block: DataBlock, at: TotalIndices, what: string): string[] {
  const s = summations(block);
  const [f, r, t] = [s[at.forward] ?? 0, s[at.reverse] ?? 0, s[at.total] ?? 0];
  return Math.abs(t - (f + r)) <= 1 ? [] : [`${what}: total ${t} Wh, forward ${f} + reverse ${r} = ${f + r} Wh`];
}

export function totalGrowthProblems(a: DataBlock, b: DataBlock, at: TotalIndices): string[] {
  const d = (k: number) => (summations(b)[k] ?? 0) - (summations(a)[k] ?? 0);
  const both = d(at.forward) + d(at.reverse);
  return Math.abs(d(at.total) - both) <= 2
    ? []
    : [`the total grew by ${d(at.total)} Wh while forward and reverse grew by ${both} Wh`];
}

/**
 * 8.4.3: between two readings `seconds` apart, forward plus reverse energy grew as the load in
 * between (BT28's active power at both ends, W) allows: at least half and at most one and a half
 * times what the lower and higher power would give, give or take a Wh of resolution.
 */
export function growthProblems(
  a: DataBlock,
  b: DataBlock,
  at: Pick<TotalIndices, "forward" | "reverse">,
  powersW: readonly number[],
  seconds: number,
): string[] {
  const d = (k: number) => (summations(b)[k] ?? 0) - (summations(a)[k] ?? 0);
  const grown = d(at.forward) + d(at.reverse);
  const lo = (Math.min(...powersW) * seconds) / 3600 / 2 - 1;
  const hi = (Math.max(...powersW) * seconds * 1.5) / 3600 + 1;
  return grown >= lo && grown <= hi
    ? []
    : [
        `forward + reverse energy grew by ${grown} Wh in ${seconds.toFixed(1)} s at ${powersW.join("/")} W: expected ${Math.max(0, lo).toFixed(1)}..${hi.toFixed(1)} Wh`,
      ];
}

/** A copy of the registers taken between two readings holds, for each summation, a value between them. */
export function bracketProblems(
  copy: DataBlock,
  before: DataBlock,
  after: DataBlock,
  sources: readonly number[],
  what: string,
): string[] {
  return sources.flatMap((source, i) => {
    const [v, lo, hi] = [summations(copy)[i] ?? 0, summations(before)[i] ?? 0, summations(after)[i] ?? 0];
    return v >= lo && v <= hi ? [] : [`${what}, source ${source}: ${v}, while BT23 read ${lo} before and ${hi} after`];
  });
}

/** A time stamp (to the minute) names the minute of `expectedMs`, give or take `toleranceMinutes`. */
export function stampProblem(
  stamp: STimeDate | null,
  expectedMs: number,
  toleranceMinutes: number,
  what: string,
): string | null {
  if (stamp === null) return `${what} is empty`;
  const ms = lTimeDateToEpochMs({ ...stamp, second: 0 });
  const want = Math.floor(expectedMs / MINUTE) * MINUTE;
  return Math.abs(ms - want) <= toleranceMinutes * MINUTE
    ? null
    : `${what} is ${new Date(ms).toISOString()}, expected ${new Date(want).toISOString()}`;
}

/** The C12.19 list header is within the list's dimension. */
export function listHeaderProblems(h: SelfReadHeader, capacity: number, what: string): string[] {
  const out: string[] = [];
  if (h.validEntries > capacity) out.push(`${what}: ${h.validEntries} valid entries in a list of ${capacity}`);
  if (h.unreadEntries > capacity) out.push(`${what}: ${h.unreadEntries} unread entries in a list of ${capacity}`);
  if (capacity > 0 && h.lastElement >= capacity)
    out.push(`${what}: last entry element ${h.lastElement} outside a list of ${capacity}`);
  return out;
}

/** The valid entries of a circular list, newest first, are numbered down from the header's last sequence number. */
export function entrySequenceProblems(
  h: SelfReadHeader,
  sequenceAt: (element: number) => number | null,
  capacity: number,
  what: string,
): string[] {
  return Array.from({ length: h.validEntries }, (_, k) => {
    const element = (h.lastElement - k + capacity) % capacity;
    const want = (h.lastSequence - k + 0x10000) % 0x10000;
    const got = sequenceAt(element);
    return got === null || got === want
      ? null
      : `${what}: element ${element} holds sequence number ${got}, expected ${want}`;
  }).filter((p): p is string => p !== null);
}

/**
 * Whether a list's header shows that anything was added since `before`: a header that has not moved
 * is an entry not taken yet, which a scheduled self-read may be a little after its time; one that
 * moved is judged at once by newEntryProblems.
 */
export function listHeaderMoved(before: SelfReadHeader, after: SelfReadHeader): boolean {
  return (
    after.lastSequence !== before.lastSequence ||
    after.validEntries !== before.validEntries ||
    after.lastElement !== before.lastElement
  );
}

/** The next entry of a list: one more valid (up to its capacity), and numbered one more. */
export function newEntryProblems(
  before: SelfReadHeader,
  after: SelfReadHeader,
  capacity: number,
  what: string,
): string[] {
  const out: string[] = [];
  if (after.lastSequence !== ((before.lastSequence + 1) & 0xffff))
    out.push(
      `${what}: last sequence number went from ${before.lastSequence} to ${after.lastSequence}, expected ${(before.lastSequence + 1) & 0xffff}`,
    );
  if (after.validEntries !== Math.min(before.validEntries + 1, capacity))
    out.push(`${what}: ${before.validEntries} valid entries before, ${after.validEntries} after`);
  return out;
}

type Actions = Pick<RemoteResetParameters, "demandReset" | "selfRead" | "seasonChange">;

/**
 * BP09 did what `asked` asks and nothing else: one self-read, one demand reset, one season copy
 * each where asked, none where not. BT21's SELF_READ_DEMAND_RESET (`coupling`, not 0) lets a
 * self-read bring a demand reset and a demand reset a self-read (which way is which is not in our
 * sources, so either), and a season change may bring both (BT51's season self-read and demand
 * reset flags). A counter the device does not keep is not judged.
 */
export function remoteResetEffectProblems(
  before: BillingCounters,
  after: BillingCounters,
  asked: Actions,
  coupling: number,
): string[] {
  const n = (b: boolean) => (b ? 1 : 0);
  const season = n(asked.seasonChange);
  const selfReads = {
    min: n(asked.selfRead),
    max: n(asked.selfRead) + n(coupling !== 0 && asked.demandReset) + season,
  };
  const resets = {
    min: n(asked.demandReset),
    max: n(asked.demandReset) + n(coupling !== 0 && asked.selfRead) + season,
  };
  const out: string[] = [];
  const count = (what: string, from: number | null, to: number | null, modulo: number, want: typeof resets) => {
    if (from === null || to === null) return;
    const got = (to - from + modulo) % modulo;
    if (got < want.min || got > want.max)
      out.push(
        `${what} went from ${from} to ${to}: ${got}, where the call asks for ${want.min === want.max ? want.min : `${want.min} to ${want.max}`}`,
      );
  };
  count("BT26's last self-read sequence number", before.selfReadSequence, after.selfReadSequence, 0x10000, selfReads);
  count("BT23's demand reset counter", before.demandResets, after.demandResets, 0x100, resets);
  if (resets.max === 0 && before.resetCopy !== after.resetCopy)
    out.push(`BT25 changed (${before.resetCopy} to ${after.resetCopy}), where the call asks for no demand reset`);
  if (!asked.seasonChange && before.seasonCopy !== after.seasonCopy)
    out.push(`BT24 changed (${before.seasonCopy} to ${after.seasonCopy}), where the call asks for no season change`);
  return out;
}

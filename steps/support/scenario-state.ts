import type { SweepPlan } from "../../harness/conformance/access-sweep";
import type { SweepRun } from "../../harness/conformance/access-sweep-run";
import type { Billing, BillingCounters, RegisterReading, Timed } from "../../harness/conformance/billing-reads";
import type { TouSetup } from "../../harness/conformance/calendar-checks";
import type { Outcome } from "../../harness/conformance/checks";
import type { PresentLoad } from "../../harness/conformance/contactor-checks";
import type { ClockReading } from "../../harness/conformance/device-clock";
import type { HistoryLayout } from "../../harness/conformance/history-log-reader";
import type { LoadProfileLayout } from "../../harness/conformance/load-profile-reader";
import type { WatchedCall } from "../../harness/conformance/mbus-procedures";
import type { PendingStatusReading, RelativeWrite } from "../../harness/conformance/pending-checks";
import type { ScratchArea } from "../../harness/conformance/scratch-area";
import type { BroadcastWindow } from "../../harness/conformance/secure-broadcast";
import type { SecurityFields } from "../../harness/conformance/security-fields";
import { Inconclusive } from "../../harness/conformance/verdicts";
import type { ByteOrder } from "../../harness/bytes/cursor";
import type { Decoded } from "../../harness/bytes/decoded";
import type { CampaignReport } from "../../harness/fuzz/campaign/campaign-report";
import type { FixtureOutcome } from "../../harness/fuzz/campaign/fuzz-run";
import type { WireExchange } from "../../harness/link/mep/mep-wire";
import type { ErrorResponse, ReadResponse, WriteResponse } from "../../harness/protocol/table-responses";
import type { TransactionImage } from "../../harness/protocol/transactions";
import type { DataSelection } from "../../harness/protocol/tables/bt22-data-selection";
import type { DataBlock } from "../../harness/protocol/tables/bt23-current-register-data";
import type { SelfReadHeader } from "../../harness/protocol/tables/bt26-self-read-data";
import type { PresentRegisterSelection } from "../../harness/protocol/tables/bt27-present-register-selection";
import type { PresentRegisterData } from "../../harness/protocol/tables/bt28-present-register-data";
import type { HistoryEntry, HistoryLogHeader } from "../../harness/protocol/tables/bt74-history-log-data";
import type { CriticalEventMasks } from "../../harness/protocol/tables/et72-et73-critical-events";
import type { PulseChannel } from "../../harness/protocol/tables/et06-pulse-inputs";
import type { PowerQuality } from "../../harness/protocol/tables/et09-power-quality";
import type { MfgLayout } from "../../harness/conformance/mbus-device-tables";
import type { MbusChannelConfig } from "../../harness/protocol/tables/et13-mbus-device-configuration";
import type { MbusReading } from "../../harness/protocol/tables/et16-mbus-device-data";
import type { LoadProfileConfiguration } from "../../harness/protocol/tables/et21-load-profile-configuration";
import type { DemandConfiguration, DemandTable } from "../../harness/protocol/tables/et40-demand-configuration";
import type { DemandResetLogHeader } from "../../harness/protocol/tables/et41-demand-reset-log";
import type { STimeDate } from "../../harness/protocol/types/time-types";
import type { StatusExtension } from "../../harness/protocol/tables/et58-status-extension";
import type { RamOnlyStatus } from "../../harness/protocol/tables/et70-ram-only-status";
import type { DeltaDataAlerts } from "../../harness/protocol/tables/et71-delta-data-alerts";
import type { MepPostingLog } from "../../harness/protocol/tables/et74-mep-extended-log";
import type { PlcTransaction } from "../../harness/session/plc-session";
import type { SecuredExchange } from "../../harness/session/secured-session";
import type { Exchange } from "../world";

/**
 * What a step keeps for a later step of the same scenario, one typed field per thing, grouped by the
 * area of the suite that keeps it. Every field is absent until a step sets it; the world makes a
 * fresh state for each scenario, so nothing leaks from one scenario into the next.
 */
export interface ScenarioState {
  readonly procedure: ProcedureState;
  readonly clock: ClockState;
  readonly billing: BillingState;
  readonly demand: DemandState;
  readonly records: RecordsState;
  readonly mbus: MbusState;
  readonly mepDevice: MepDeviceState;
  readonly oneTimeRead: OneTimeReadState;
  readonly groups: GroupState;
  readonly control: ControlState;
  readonly selfTest: SelfTestState;
  readonly tou: TouState;
  readonly pending: PendingState;
  readonly access: AccessState;
  readonly tableRead: TableReadState;
  readonly scratch: ScratchState;
  readonly secured: SecuredState;
  readonly plc: PlcState;
  readonly mepLink: MepLinkState;
  readonly fuzz: FuzzState;
}

export function newScenarioState(): ScenarioState {
  return {
    procedure: {},
    clock: {},
    billing: {},
    demand: {},
    records: { savedTables: new Map() },
    mbus: {},
    mepDevice: {},
    oneTimeRead: {},
    groups: {},
    control: { pulseChannelsBefore: new Map() },
    selfTest: {},
    tou: { hostBytesBefore: new Map() },
    pending: {},
    access: {},
    tableRead: {},
    scratch: {},
    secured: {},
    plc: {},
    mepLink: {},
    fuzz: {},
  };
}

/** A value an earlier step keeps: without it this step cannot decide, which is no fault of the device. */
export function kept<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Inconclusive(`no ${what}: an earlier step did not run`);
  return value;
}

/** A device time (ms since the epoch) and the monotonic instant (performance.now()) the device held it. */
export interface DeviceTime {
  readonly epochMs: number;
  readonly at: number;
}

export interface ProcedureState {
  /** The last procedure the scenario ran (BT07), whose result the Then steps look for in BT08. */
  call?: { readonly procedureId: number; readonly sequence: number };
}

export interface ClockState {
  /** The device clock as read before the scenario set it or waited. */
  before?: ClockReading;
  /** What the device clock should read, as BP10 was told to set it. */
  expected?: DeviceTime;
  /** The delta (seconds) the clock-delta procedure was last run with. */
  deltaSeconds?: number;
  /** Where the billing steps last set the device clock: they follow the device's time from there. */
  setTo?: DeviceTime;
  /** A step let the meter run so that it acts by itself: what it did may show up to clock.reactionSeconds later. */
  ranOn?: boolean;
}

/** A reading of BT23 block by block, with the total block read once more after the tiers. */
export interface RegisterSnapshot {
  readonly reading: RegisterReading;
  readonly totalAfter: Timed<DataBlock>;
}

export interface BillingState {
  /** BT21's dimensions and the data order, read once per scenario. */
  layout?: Billing;
  /** BT22, read once per scenario. */
  selection?: DataSelection;
  /** BT27, read once per scenario. */
  presentSelection?: PresentRegisterSelection;
  /** BT23 as last read. */
  registers?: RegisterSnapshot;
  /** BT23 as read before the registers were left to grow. */
  registersBefore?: RegisterSnapshot;
  /** Forward plus reverse active power (W) before and after the registers grew. */
  powersW?: readonly number[];
  /** Device time of the last BP09 (demand reset, season change). */
  actionAtMs?: number;
  /** What BP09 can change, read before a call with parameters it may refuse. */
  counters?: BillingCounters;
  /** The parameters of that call. */
  resetParameters?: Uint8Array;
  /** Device time the self-read was asked for, or is due at. */
  selfReadAtMs?: number;
  /** BT26's list header before the self-read. */
  selfReadHeader?: SelfReadHeader;
}

/** BT28 and ET40 read together just after a demand interval ended. */
export interface DemandAfterEnd {
  readonly present: Timed<PresentRegisterData>;
  readonly et40: DemandTable;
}

export interface DemandState {
  /** Device time of the demand interval end the clock was set before. */
  intervalEndMs?: number;
  /** BT28 read before the interval ended. */
  presentBefore?: Timed<PresentRegisterData>;
  afterEnd?: DemandAfterEnd;
  /** ET41's list header before the demand reset. */
  resetLogHeader?: DemandResetLogHeader;
  /** ET40's end of the last interval before the maxima were read (null: no interval ended yet). */
  lastEndBeforeReset?: STimeDate | null;
  /** ET40's configuration as found; set once its restore after the scenario is arranged. */
  original?: DemandConfiguration;
  /** The last ET40 write: its answer, what it wrote, and the device time it was made at. */
  lastWrite?: { readonly code: number; readonly configuration: DemandConfiguration; readonly atMs: number };
  /** The configuration the demand calculation runs on now. */
  running?: DemandConfiguration;
  /** ET40's configuration before a write the device must refuse. */
  beforeRefusedWrite?: DemandConfiguration;
  /** The configuration before the interval length was changed. */
  beforeIntervalChange?: DemandConfiguration;
}

/** A write whose answer a later Then step judges (refused or accepted). */
export interface KeptWrite {
  readonly tableId: number;
  readonly offset: number;
  readonly data: Uint8Array;
  readonly outcome: Outcome<WriteResponse>;
}

export interface RecordsState {
  /** BT60-BT63 as last read; dropped when a step changes the configuration. */
  loadProfileLayout?: LoadProfileLayout;
  /** BT70-BT72, read once per scenario. */
  historyLayout?: HistoryLayout;
  /** BT74's header before the clock was set. */
  historyBefore?: HistoryLogHeader;
  /** ET72's masks as the scenario wrote them. */
  criticalMasks?: CriticalEventMasks;
  /** The entries BT74 logged since its header was read that those masks make critical, oldest first. */
  criticalLogged?: readonly HistoryEntry[];
  write?: KeptWrite;
  /** Tables read before the scenario changed them (written back afterwards), by table id. */
  readonly savedTables: Map<number, Uint8Array>;
  /** ET21 before and after a change of data set 1's interval length. */
  intervalChange?: { readonly before: LoadProfileConfiguration; readonly after: LoadProfileConfiguration };
  /** BT63's unread blocks of data set 1 before the alarm threshold was set, and once more had come. */
  unreadBefore?: number;
  unreadAfter?: number;
  /** Device time of the load-profile interval boundary the clock was set before. */
  boundaryMs?: number;
}

/** The M-Bus device a scenario works on. */
export interface ChosenDevice {
  readonly channel: number;
  readonly config: MbusChannelConfig;
  readonly handle: number;
}

export interface MbusState {
  /** ET11, read once per scenario (M-Bus, MEP device, group and one-time read steps). */
  dimensions?: MfgLayout;
  device?: ChosenDevice;
  freeChannel?: number;
  /** The answer to the last write of an M-Bus, MEP device, group or one-time read table. */
  lastWrite?: { readonly tableId: number; readonly code: number };
  /** ET13's free channels before a device was removed. */
  freeBeforeRemoval?: readonly number[];
  /** ET13 and ET14 before a bus scan. */
  beforeScan?: { readonly et13: readonly MbusChannelConfig[]; readonly et14: Uint8Array };
  /** ET13-ET16 bytes before a change that must leave them as they were. */
  tablesBefore?: {
    readonly et13: Uint8Array;
    readonly et14: Uint8Array;
    readonly et15: Uint8Array;
    readonly et16: Uint8Array;
  };
  /** Device seconds the bench cuts the power for during the next read. */
  outageSeconds?: number;
  /** The request id of the last on-demand read (EP19). */
  requestId?: number;
  /** ET16's entry of the chosen device before the on-demand read. */
  readingBefore?: MbusReading;
  /** Device times before the on-demand read was posted and after its result. */
  readWindow?: { readonly fromMs: number; readonly toMs: number };
  /** The on-demand read posted, watched from its first BT08. */
  watched?: WatchedCall;
  /** ET16's entry of the chosen device, kept to compare a later reading with. */
  keptReading?: MbusReading;
}

export interface MepDeviceState {
  /** The id and data of the last downlink posting (EP39). */
  request?: { readonly requestId: number; readonly data: Uint8Array };
  /** The alarms the bench gave the MEP device. */
  alarms?: number;
  /** ET74 before the scenario's postings. */
  postingsBefore?: MepPostingLog;
  /** The data staged in ET50. */
  staged?: Uint8Array;
  /** The kind and alarms of the last uplink posting. */
  uplink?: { readonly kind: number; readonly alarms: number };
}

export interface OneTimeReadState {
  /** The one-time read written to ET31. */
  request?: { readonly requestId: number; readonly what: number; readonly groupId: number; readonly atMs: number };
  /** ET31's bytes before a change that must leave them as they were. */
  before?: Uint8Array;
}

export interface GroupState {
  /** The ET18 slot the last group was written into. */
  slot?: number;
  /** The group the scenario chose, or made the meter a member of. */
  group?: number;
  /** ET18's bytes before a write that must leave them as they were. */
  recorded?: Uint8Array;
}

/** A display-table write: where, what was there, and what was written. */
export interface DisplayWrite {
  readonly tableId: number;
  readonly offset: number;
  readonly before: Uint8Array;
  readonly written: Uint8Array;
}

export interface ControlState {
  /** A control field's value before the write. */
  fieldBefore?: number;
  /** The interface compatibility setting's byte before the write. */
  icsBefore?: number;
  /** ET09's present power and current, to set the contactor's thresholds by. */
  presentLoad?: PresentLoad;
  /** The prepaid credit (Wh) written to ET55. */
  creditWrittenWh?: number;
  /** The random delay (s) BT08 says a relay waits. */
  relayDelaySeconds?: number;
  /** The whole minute (device time) the relay calendar scenario chose. */
  chosenMinuteMs?: number;
  displayWrite?: DisplayWrite;
  /** ET09 before the scenario's writes. */
  powerQualityBefore?: PowerQuality;
  /** ET06's channels before the pulses, by channel number. */
  readonly pulseChannelsBefore: Map<number, PulseChannel>;
  /** When (harness time, ms) they were read: how long pulses had to arrive. */
  pulsesReadAtMs?: number;
}

export interface SelfTestState {
  /** ET58 before the self-test. */
  statusBefore?: StatusExtension;
  /** ET71 before the import. */
  deltaAlertsBefore?: DeltaDataAlerts;
  /** ET70 before leaving test mode. */
  ramOnlyStatusBefore?: RamOnlyStatus;
}

export interface TouState {
  /** BT51-BT54 and the data order, as read at the start. */
  setup?: { readonly setup: TouSetup; readonly order: ByteOrder };
  /** The BT54 bytes last written. */
  calendarWritten?: Uint8Array;
  /** BT23's tier registers before the meter ran. */
  tierRegisters?: readonly DataBlock[];
  /** ET47's and ET48's host bytes as found, by table id. */
  readonly hostBytesBefore: Map<number, Uint8Array>;
  /**
   * The boundary (UTC epoch ms) the clock was set shortly before, until the scenario waits past it:
   * a state seen then that is not the one before it is judged against the device's own clock.
   */
  boundary?: number;
}

export interface PendingState {
  /** The PIXIT's pending table (its id) and its content as found. */
  table?: { readonly id: number; readonly content: Uint8Array };
  /** BT04 as found. */
  statusBefore?: PendingStatusReading;
  /** The PED last written ahead of the pending table's content. */
  pedWritten?: Uint8Array;
  /** The last write with a relative PED: its delay, and when it went out. */
  relative?: RelativeWrite;
}

export interface AccessState {
  /** The 7.0 sweep: what it planned and what each request got. */
  sweep?: { readonly plan: SweepPlan; readonly run: SweepRun };
  /** The hardware-locked tables' content before the writes the lock must refuse, by table id. */
  lockedBefore?: ReadonlyMap<number, Uint8Array>;
}

export interface TableReadState {
  /** The last full read, for the partial reads compared with it. */
  full?: Outcome<Exchange>;
  /** A read longer than one response, split by the client into partial reads. */
  joined?: Outcome<ReadResponse>;
  /** The table the reader key may not read (PIXIT device.readerDeniedTable). */
  deniedTable?: number;
}

export interface ScratchState {
  /** The PIXIT's scratch area and its content as found (restored after the scenario). */
  area?: ScratchArea;
  /** What the last write sent to it, and from which offset. */
  written?: { readonly offset: number; readonly data: Uint8Array };
}

/** An ET52 transaction run: its number, entries, the ET52 write's answer and ET53 read back. */
export interface RanTransaction {
  readonly number: number;
  readonly entries: readonly Uint8Array[];
  readonly written: WriteResponse;
  readonly responses: Decoded<TransactionImage> | ErrorResponse;
  readonly image: Uint8Array;
}

export interface SecuredState {
  /** The number of the last request the device accepted, or the one a 0x0C gave. */
  deviceSequence?: number;
  /** The request the device accepted with that number; unset when the number came from a 0x0C. */
  acceptedWith?: SecuredExchange;
  /** That number before a request the device must refuse. */
  deviceSequenceBefore?: number;
  /** The test pattern of the last write after the first. */
  secondPattern?: Uint8Array;
  /** A request frame the client built and sent raw. */
  rawRequest?: Uint8Array;
  /** The first test-pattern write, to send again byte for byte. */
  firstWrite?: SecuredExchange;
  transaction?: RanTransaction;
  /** ET04/ET54's security fields before and after the scenario's requests. */
  fieldsBefore?: SecurityFields;
  fieldsAfter?: SecurityFields;
  /** The sequence number of the write that changed the interface definition. */
  changeSequence?: number;
}

export interface PlcState {
  respondToQuery?: PlcTransaction;
  queryId?: PlcTransaction;
  /** The meter's OSGP answer to the read that is then repeated, its exchange, and when the read went out. */
  firstAnswer?: Uint8Array;
  firstExchange?: SecuredExchange;
  firstSentAt?: number;
  repeat?: PlcTransaction;
  repeatAnsweredAt?: number;
  /** ET04's broadcast fields. */
  broadcastWindow?: BroadcastWindow;
}

/** One observation of the MEP link: every exchange with the times of its bytes. */
export interface LinkObservation {
  readonly exchanges: readonly WireExchange[];
  /** Why the observation stopped short (no usable answer to learn the sequence number from...). */
  readonly problems: readonly string[];
  /** The first sending and the retransmission, when the observation made one. */
  readonly retransmission?: {
    readonly first: number;
    readonly again: number;
    readonly check: (payload: Uint8Array) => { sequenceError: boolean; said: string };
  };
}

/** The first observation, and how to make another: a breach FAILs only when a second one shows it too. */
export interface ObservedLink {
  readonly observe: () => Promise<LinkObservation>;
  readonly first: LinkObservation;
  second: Promise<LinkObservation> | null;
}

export interface MepLinkState {
  observed?: ObservedLink;
}

export interface FuzzState {
  report?: CampaignReport;
  fixtureOutcomes?: readonly FixtureOutcome[];
}

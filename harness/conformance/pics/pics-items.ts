import type { FeatureName } from "../../simulator/meter-features";

/**
 * The PICS (protocol implementation conformance statement): one item per optional feature of the
 * spec, named by its clause, declared once here. Each item says what in BT00 shows the feature
 * (tables or procedures declared as used), so that the harness can derive a PICS from a device and
 * compare it with the lab's file; an item with no evidence cannot be derived from BT00 and takes
 * its parent's value. Each also says why it is optional at all, and which function of a simulator
 * profile (meter-features.ts) gives it, from which the simulator's own PICS is made. The PICS file
 * template and schema (`init`) and the README's table (`npm run docs`) follow from this list.
 *
 * An option is a choice the spec leaves to a device within a clause (meter-shop mode or not, a
 * repeated sequence number refused or not): its id is the clause, a slash and the option's name
 * ("8.16/meter-shop-mode"), so that its parent is the clause's item and the clause stays readable
 * from the id. BT00 cannot show an option: without a declaration it takes its `assumed` value.
 *
 * Evidence tables follow OSGP-era meters (NES): a PIXIT-like guess where the spec's own annex is not
 * public, which a lab can override by writing the PICS file.
 */
export interface PicsItem {
  /** A clause ("8.16"), or an option of one ("8.16/meter-shop-mode"). */
  readonly id: string;
  readonly title: string;
  /** Table names (BT20, ET30) any of which, declared in BT00, shows the feature. */
  readonly tables?: readonly string[];
  /** Procedure names (BP09, EP17) any of which, declared in BT00, shows the feature. */
  readonly procedures?: readonly string[];
  readonly source: PicsSource;
  /** An option's value when no PICS declares it; only options have one. */
  readonly assumed?: boolean;
  /**
   * Where else the lab states an option, which the run checks its PICS against (run-config.ts), so that an
   * undeclared option is no guess: it stands as the lab's statement, not as an assumption.
   */
  readonly settledBy?: string;
  /** What makes the simulator have it: a function of its profile, or a trait of the meter (SIMULATOR_TRAITS). */
  readonly simulator: FeatureName | SimulatorTrait;
}

/** What, beside a profile function, gives the simulator an item. */
export const SIMULATOR_TRAITS = {
  "hardware lock": "its profile's hardware lock blocks anything",
  "hardware read lock": "its profile's hardware lock blocks a read",
  "hardware write lock": "its profile's hardware lock blocks a write",
  "hardware procedure lock": "its profile's hardware lock blocks a procedure",
  "AES mode": "its profile runs OSGP-AES-128-PSK",
  always: "always",
  never: "never",
  "not modelled": "not modelled",
} as const;
export type SimulatorTrait = keyof typeof SIMULATOR_TRAITS;

/**
 * Why a feature may be absent from a conforming device: the spec's table of contents marks its
 * clause (or a parent) (optional); or, unmarked, it is a capability a device may lack (6.3, 6.8, 7.4,
 * 7.5, 8.3.2, 9.10-9.12); or it exists only on some devices (8.16 test mode, 8.17 a MEP port); or
 * it is an option, a choice within a clause the spec does not make.
 */
export const PICS_SOURCES = {
  toc: "marked (optional) in the table of contents",
  capability: "a capability a device may lack",
  device: "only some devices have it (no mark in the table of contents)",
  option: "a choice the spec leaves to the device",
} as const;
export type PicsSource = keyof typeof PICS_SOURCES;

export const PICS_ITEMS: readonly PicsItem[] = [
  {
    id: "6.3",
    title: "Pending tables",
    tables: ["BT04"],
    procedures: ["BP12", "BP13", "BP14", "BP15"],
    source: "capability",
    simulator: "pendingTables",
  },
  {
    id: "6.3/past-time-refused",
    title: "A pending write whose activation time has passed is refused, not activated at once",
    source: "option",
    assumed: false,
    simulator: "never",
  },
  {
    id: "6.8",
    title: "Interface change alarm (ICA NAK)",
    tables: ["ET42"],
    source: "capability",
    simulator: "mepTables",
  },
  { id: "7.4", title: "OSGP-AES-128-PSK security suite", source: "capability", simulator: "mepTables" },
  {
    id: "7.4/aes-mode",
    title: "AES mode: OSGP-AES-128-PSK in force in place of OSGP-RC4-PSK (as PIXIT security.suite)",
    source: "option",
    assumed: false,
    settledBy: "PIXIT security.suite",
    simulator: "AES mode",
  },
  { id: "7.5", title: "Hardware lock", source: "capability", simulator: "hardware lock" },
  {
    id: "7.5/read-lock",
    title: "The hardware lock blocks reading tables (PIXIT device.hardwareLock.read)",
    source: "option",
    assumed: true,
    simulator: "hardware read lock",
  },
  {
    id: "7.5/write-lock",
    title: "The hardware lock blocks writing tables (PIXIT device.hardwareLock.write)",
    source: "option",
    assumed: true,
    simulator: "hardware write lock",
  },
  {
    id: "7.5/procedure-lock",
    title: "The hardware lock blocks procedures (PIXIT device.hardwareLock.procedures)",
    source: "option",
    assumed: true,
    simulator: "hardware procedure lock",
  },
  { id: "8.2", title: "Time-of-use calendar", tables: ["BT54"], source: "toc", simulator: "tou" },
  { id: "8.2.1", title: "Manual override options", tables: ["ET47"], source: "toc", simulator: "touOverride" },
  { id: "8.2.2", title: "Over power threshold tariff", tables: ["ET48"], source: "toc", simulator: "overPowerTariff" },
  {
    id: "8.3.2",
    title: "Clock adjustment by delta",
    procedures: ["EP16"],
    source: "capability",
    simulator: "clockDelta",
  },
  { id: "8.4.2", title: "Total energy", source: "toc", simulator: "totalEnergy" },
  {
    id: "8.6",
    title: "Self-test (alarms, error codes)",
    tables: ["ET58", "ET70", "ET71"],
    source: "toc",
    simulator: "selfTest",
  },
  { id: "8.7", title: "Pulse inputs", tables: ["ET06"], source: "toc", simulator: "pulseInputs" },
  { id: "8.8", title: "Power quality", tables: ["ET09"], source: "toc", simulator: "powerQuality" },
  { id: "8.9", title: "Display", tables: ["ET07"], source: "toc", simulator: "display" },
  { id: "8.9.1", title: "Display sources list", tables: ["ET67"], source: "toc", simulator: "display" },
  { id: "8.9.2", title: "Display configuration", source: "toc", simulator: "display" },
  { id: "8.9.3", title: "Error codes configuration", source: "toc", simulator: "display" },
  { id: "8.9.4", title: "Simulated wheel rotation configuration", source: "toc", simulator: "display" },
  { id: "8.9.5", title: "Disconnect configuration", source: "toc", simulator: "display" },
  { id: "8.9.6", title: "CT and VT ratios", source: "toc", simulator: "display" },
  { id: "8.9.7", title: "Firmware version on power-up", source: "toc", simulator: "display" },
  { id: "8.9.8", title: "PLC signal quality icons", source: "toc", simulator: "display" },
  { id: "8.9.9", title: "Scheduled display messages", source: "toc", simulator: "display" },
  { id: "8.10", title: "Load disconnect contactor", tables: ["ET30"], source: "toc", simulator: "disconnect" },
  { id: "8.10.1.3", title: "Choosing power or current", source: "toc", simulator: "disconnect" },
  { id: "8.10.2", title: "Prepaid metering", source: "toc", simulator: "prepaid" },
  { id: "8.10.3", title: "Local manual control", source: "toc", simulator: "disconnect" },
  { id: "8.10.4", title: "Load contactor remote control", source: "toc", simulator: "disconnect" },
  { id: "8.11", title: "Control relay", tables: ["ET05", "ET46", "ET61"], source: "toc", simulator: "controlRelay" },
  { id: "8.12", title: "History log", tables: ["BT70", "BT71", "BT74"], source: "toc", simulator: "historyLog" },
  { id: "8.12.1", title: "Critical events", tables: ["ET72"], source: "toc", simulator: "historyLog" },
  { id: "8.13", title: "One-time reads", tables: ["ET31"], source: "toc", simulator: "oneTimeReads" },
  { id: "8.14", title: "Group broadcasts", source: "toc", simulator: "groupBroadcasts" },
  { id: "8.15", title: "Demand metering", tables: ["ET40", "ET41"], source: "toc", simulator: "demand" },
  { id: "8.15.1", title: "Demand values", source: "toc", simulator: "demand" },
  { id: "8.16", title: "Test mode", source: "device", simulator: "testMode" },
  {
    id: "8.16/meter-shop-mode",
    title: "C12.19's meter-shop mode (BT03's flag, asked for with the test-mode procedure); without it, it is refused",
    source: "option",
    assumed: false,
    simulator: "never",
  },
  {
    id: "8.17",
    title: "MEP devices",
    tables: ["ET50", "ET51", "ET59"],
    procedures: ["EP39"],
    source: "device",
    simulator: "mepDevices",
  },
  {
    id: "8.17/uplink-from-client",
    title: "Uplink postings (EP39 kinds 2-6) are taken from the client's link as from a MEP device",
    source: "option",
    assumed: true,
    simulator: "mepDevices",
  },
  {
    id: "8.18",
    title: "M-Bus device support",
    tables: ["ET13", "ET14", "ET15", "ET16"],
    procedures: ["EP17", "EP19"],
    source: "toc",
    simulator: "mbus",
  },
  { id: "9.10", title: "Transactions", tables: ["ET52", "ET53"], source: "capability", simulator: "mepTables" },
  { id: "9.11", title: "Secure broadcasts", source: "capability", simulator: "mepTables" },
  { id: "9.12", title: "Downloading", source: "capability", simulator: "not modelled" },
  {
    id: "9.13/repeated-sequence-refused",
    title: "A BT07 write repeating the previous procedure sequence number is refused (0x04)",
    source: "option",
    assumed: true,
    simulator: "always",
  },
];

const BY_ID = new Map(PICS_ITEMS.map((i) => [i.id, i]));

export function picsItem(id: string): PicsItem | undefined {
  return BY_ID.get(id);
}

export function isOption(item: PicsItem): boolean {
  return item.id.includes("/");
}

/** "8.9.4" -> "8.9", "8.16/meter-shop-mode" -> "8.16": the item a sub-feature or option depends on, if any. */
export function parentItem(id: string): PicsItem | undefined {
  const slash = id.indexOf("/");
  if (slash >= 0) return BY_ID.get(id.slice(0, slash)) ?? parentItem(id.slice(0, slash));
  const parts = id.split(".");
  for (let n = parts.length - 1; n > 0; n--) {
    const p = BY_ID.get(parts.slice(0, n).join("."));
    if (p !== undefined) return p;
  }
  return undefined;
}

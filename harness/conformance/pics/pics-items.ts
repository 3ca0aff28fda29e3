/**
 * The PICS (protocol implementation conformance statement): one item per optional feature of the
 * spec, named by its clause. Each item says what in BT00 shows the feature (tables or procedures
 * declared as used), so that the harness can derive a PICS from a device and compare it with the
 * lab's file. An item with no evidence cannot be derived from BT00; it takes its parent's value.
 *
 * The optional clauses are those the table of contents marks (optional); 8.16 and 8.17 carry no
 * mark but exist only on some devices (test mode, a MEP port), and 6.3, 6.8, 7.4, 7.5, 8.3.2, 9.10-9.12
 * are capabilities a device may lack. Evidence tables follow OSGP-era meters (NES): a PIXIT-like guess
 * where the spec's own annex is not public, which a lab can override by writing the PICS file.
 */
export interface PicsItem {
  readonly id: string;
  readonly title: string;
  /** Table names (BT20, ET30) any of which, declared in BT00, shows the feature. */
  readonly tables?: readonly string[];
  /** Procedure names (BP09, EP17) any of which, declared in BT00, shows the feature. */
  readonly procedures?: readonly string[];
}

export const PICS_ITEMS: readonly PicsItem[] = [
  { id: "6.3", title: "Pending tables", tables: ["BT04"], procedures: ["BP12", "BP13", "BP14", "BP15"] },
  { id: "6.8", title: "Interface change alarm (ICA NAK)", tables: ["ET42"] },
  { id: "7.4", title: "OSGP-AES-128-PSK security suite" },
  { id: "7.5", title: "Hardware lock" },
  { id: "8.2", title: "Time-of-use calendar", tables: ["BT54"] },
  { id: "8.2.1", title: "Manual override options", tables: ["ET47"] },
  { id: "8.2.2", title: "Over power threshold tariff", tables: ["ET48"] },
  { id: "8.3.2", title: "Clock adjustment by delta", procedures: ["EP16"] },
  { id: "8.4.2", title: "Total energy" },
  { id: "8.6", title: "Self-test (alarms, error codes)", tables: ["ET58", "ET70", "ET71"] },
  { id: "8.7", title: "Pulse inputs", tables: ["ET06"] },
  { id: "8.8", title: "Power quality", tables: ["ET09"] },
  { id: "8.9", title: "Display", tables: ["ET07"] },
  { id: "8.9.1", title: "Display sources list", tables: ["ET67"] },
  { id: "8.9.2", title: "Display configuration" },
  { id: "8.9.3", title: "Error codes configuration" },
  { id: "8.9.4", title: "Simulated wheel rotation configuration" },
  { id: "8.9.5", title: "Disconnect configuration" },
  { id: "8.9.6", title: "CT and VT ratios" },
  { id: "8.9.7", title: "Firmware version on power-up" },
  { id: "8.9.8", title: "PLC signal quality icons" },
  { id: "8.9.9", title: "Scheduled display messages" },
  { id: "8.10", title: "Load disconnect contactor", tables: ["ET30"] },
  { id: "8.10.1.3", title: "Choosing power or current" },
  { id: "8.10.2", title: "Prepaid metering" },
  { id: "8.10.3", title: "Local manual control" },
  { id: "8.10.4", title: "Load contactor remote control" },
  { id: "8.11", title: "Control relay", tables: ["ET05", "ET46", "ET61"] },
  { id: "8.12", title: "History log", tables: ["BT70", "BT71", "BT74"] },
  { id: "8.12.1", title: "Critical events", tables: ["ET72"] },
  { id: "8.13", title: "One-time reads", tables: ["ET31"] },
  { id: "8.14", title: "Group broadcasts" },
  { id: "8.15", title: "Demand metering", tables: ["ET40", "ET41"] },
  { id: "8.15.1", title: "Demand values" },
  { id: "8.16", title: "Test mode" },
  { id: "8.17", title: "MEP devices", tables: ["ET50", "ET51", "ET59"], procedures: ["EP39"] },
  { id: "8.18", title: "M-Bus device support", tables: ["ET13", "ET14", "ET15", "ET16"], procedures: ["EP17", "EP19"] },
  { id: "9.10", title: "Transactions", tables: ["ET52", "ET53"] },
  { id: "9.11", title: "Secure broadcasts" },
  { id: "9.12", title: "Downloading" },
];

const BY_ID = new Map(PICS_ITEMS.map((i) => [i.id, i]));

export function picsItem(id: string): PicsItem | undefined {
  return BY_ID.get(id);
}

/** "8.9.4" -> "8.9": the item a sub-feature depends on, if there is one. */
export function parentItem(id: string): PicsItem | undefined {
  const parts = id.split(".");
  for (let n = parts.length - 1; n > 0; n--) {
    const p = BY_ID.get(parts.slice(0, n).join("."));
    if (p !== undefined) return p;
  }
  return undefined;
}

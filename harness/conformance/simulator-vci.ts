import { toHex } from "../bytes/hex";
import { BT00, encodeGeneralConfiguration } from "../protocol/tables/bt00-general-configuration";
import { ET47_OFFSETS, ET47_VERSION } from "../protocol/tables/et47-calendar-override";
import { ET48_FIELDS, ET48_VERSION } from "../protocol/tables/et48-over-power-tariff";
import type { FeatureSet } from "../simulator/meter-features";
import type { MeterProfile } from "../simulator/profiles";
import { generalConfiguration } from "../simulator/tables/general-configuration-table";
import { PIXIT_DEFAULTS } from "./pixit";
import { parseFieldReference } from "./vci-field-references";

/**
 * The fields of our PROVISIONAL ET47/ET48 layouts, as 6.4 and 6.5 judge them. They are no default:
 * another vendor's ET47 laid out otherwise would be judged by our layout, and its mode byte written
 * as if it were a version. The simulator's PIXIT names them, being the statement of the one meter
 * whose layout they are; that keeps the 6.4 defects' evidence in the detection runs.
 */
const PROVISIONAL_LAYOUT_FIELDS = {
  fixed: [`ET47.${ET47_OFFSETS.version}`, `ET48.${ET48_FIELDS.version.offset}`],
  meter: [`ET47.${ET47_OFFSETS.status}`, `ET48.${ET48_FIELDS.status.offset}`],
  host: [`ET47.${ET47_OFFSETS.mode}`],
  values: [
    `ET47.${ET47_OFFSETS.version}=${toHex(Uint8Array.of(ET47_VERSION))}`,
    `ET48.${ET48_FIELDS.version.offset}=${toHex(Uint8Array.of(ET48_VERSION))}`,
  ],
};

/** Tables of the simulator's VCI fields that only some profiles have, with the functions that bring them. */
const OPTIONAL_FIELD_TABLES: Readonly<Record<string, (f: FeatureSet) => boolean>> = {
  BT54: (f) => f.tou,
  ET47: (f) => f.tou && f.touOverride,
  ET48: (f) => f.overPowerTariff,
};

/**
 * The default VCI fields and those of our own layouts, less those in tables this profile lacks: a
 * lab names fields of its own meter, and a field in a table BT00 does not declare leaves its
 * scenario inconclusive.
 */
export function simulatorVciFields(profile: MeterProfile) {
  const own = (texts: readonly string[]) =>
    texts.filter((t) => OPTIONAL_FIELD_TABLES[t.split(".")[0] as string]?.(profile.features) ?? true);
  const d = PIXIT_DEFAULTS.vci;
  const p = PROVISIONAL_LAYOUT_FIELDS;
  return {
    fixed: own([...d.fixed, ...p.fixed]),
    meter: own([...d.meter, ...p.meter]),
    host: own([...d.host, ...p.host]),
    values: own([...d.values, ...p.values]).map((t) => withDeclaredFormat(t, profile)),
  };
}

/** BT00's FORMAT_CONTROL bytes (A.1), which follow from the profile alone, whatever tables the meter has. */
const BT00_FORMAT_BYTES = 3;

/**
 * A hard-coded value (6.5) in BT00's format bytes, as this profile's meter declares it: a PIXIT is
 * the vendor's statement of its own meter, and the msb-first meter's BT00.0 says MSB first (A.1
 * judges that order against OSGP's, not 6.5).
 */
function withDeclaredFormat(text: string, profile: MeterProfile): string {
  const ref = parseFieldReference(text, "vci.values");
  if (ref.tableId !== BT00 || ref.value === null || ref.offset + ref.value.length > BT00_FORMAT_BYTES) return text;
  const own = encodeGeneralConfiguration(generalConfiguration(profile, [], [], new Set()));
  return `${text.slice(0, text.indexOf("="))}=${toHex(own.subarray(ref.offset, ref.offset + ref.value.length), "")}`;
}

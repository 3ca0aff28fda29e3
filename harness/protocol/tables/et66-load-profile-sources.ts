import { ByteWriter } from "../../bytes/cursor";
import { decodeWith, type Decoded } from "../../bytes/decoded";
import { EXTENDED_BASE } from "../table-id";

/**
 * ET66 Load-Profile Source-ID Mapping (8.5): what each source id that ET21 and BT62 name measures.
 * NES's layout is not public. PROVISIONAL (ours): NBR_SOURCES (UINT8), then per source SOURCE_ID
 * (UINT8), QUANTITY (UINT8: bits 0..3 the quantity below, bits 4..7 the tier + 1, 0 for all
 * tiers), UNIT (UINT8, the DLMS/COSEM unit code: 30 Wh, 32 varh) and
 * SCALER (INT8, a power of ten). Ids 0/1 (forward/reverse active energy) and per-tier 29 + 11t /
 * 30 + 11t are the ones seen on NES meters (hendrikb/esphome-osgp-meter); 2/3 (reactive) are ours.
 */
export const ET66 = EXTENDED_BASE + 66;

export const QUANTITY = { activeImport: 0, activeExport: 1, reactiveImport: 2, reactiveExport: 3 } as const;
export const UNIT = { wh: 30, varh: 32 } as const;

export interface LoadProfileSource {
  readonly id: number;
  readonly quantity: number;
  /** null: all tiers together; else the 0-based tier. */
  readonly tier: number | null;
  readonly unit: number;
  readonly scaler: number;
}

export function decodeLoadProfileSources(bytes: Uint8Array): Decoded<LoadProfileSource[]> {
  return decodeWith(bytes, "ET66", (r) => {
    const n = r.u8("count");
    return Array.from({ length: n }, (_, i) => {
      const id = r.u8(`source${i}.id`);
      const q = r.u8(`source${i}.quantity`);
      return {
        id,
        quantity: q & 0x0f,
        tier: q >> 4 === 0 ? null : (q >> 4) - 1,
        unit: r.u8(`source${i}.unit`),
        scaler: r.i8(`source${i}.scaler`),
      };
    });
  });
}

export function encodeLoadProfileSources(sources: readonly LoadProfileSource[]): Uint8Array {
  const w = new ByteWriter("ET66").u8(sources.length, "count");
  sources.forEach((s, i) => {
    if (s.quantity > 15 || (s.tier !== null && s.tier > 14))
      w.fail(`source${i}.quantity`, "quantity or tier out of range");
    w.u8(s.id, `source${i}.id`)
      .u8(s.quantity | ((s.tier === null ? 0 : s.tier + 1) << 4), `source${i}.quantity`)
      .u8(s.unit, `source${i}.unit`)
      .i8(s.scaler, `source${i}.scaler`);
  });
  return w.toBytes();
}

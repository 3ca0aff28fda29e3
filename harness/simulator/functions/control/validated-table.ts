import type { AccessLevel } from "../../access-levels";
import type { SimTable, VciRange } from "../../sim-table";

/**
 * A table whose writes the meter checks before it keeps them: the bytes written are laid over the
 * table as it is now (9.0: a partial write changes only its bytes), and `accept` judges the whole
 * result: it keeps it and answers ok, or keeps nothing and answers the refusal's response code.
 * So a refused write never leaves a table half changed. The meter-controlled bytes are declared
 * (6.4 VCI "M"): the meter refuses a write that would change them before `accept` sees it.
 */
export interface ValidatedTableSpec {
  readonly id: number;
  readonly readLevel: AccessLevel;
  readonly writeLevel: AccessLevel;
  image(): Uint8Array;
  accept(next: Uint8Array): number;
  readonly vci?: readonly VciRange[];
}

export function validatedTable(spec: ValidatedTableSpec): SimTable {
  return {
    id: spec.id,
    readLevel: spec.readLevel,
    writeLevel: spec.writeLevel,
    ...(spec.vci === undefined ? {} : { vci: spec.vci }),
    image: () => spec.image(),
    write: (offset, data) => {
      const next = spec.image();
      next.set(data.subarray(0, Math.max(0, next.length - offset)), offset);
      return spec.accept(next);
    },
  };
}

/** A run of meter-controlled bytes (6.4 VCI "M"). */
export function meterControlled(offset: number, length: number): VciRange {
  return { offset, length, vci: "M" };
}

import fc from "fast-check";
import type { ByteOrder } from "../../bytes/cursor";
import { encodeProcedureInitiate, RESPONSE_SELECTOR } from "../../protocol/tables/bt07-procedure-initiate";

/**
 * Procedure invocations (9.13) for fuzzing: BT07 images naming procedures the device does not
 * declare (so that no real procedure runs on a lab's meter), with every response selector
 * (0..3 and the reserved 4..15), parameters from none to as many as one write carries, a sequence
 * number repeating the last accepted one, and the malformed forms: an image shorter than its
 * header, and a partial write of BT07 (C12.19 starts a procedure by a full write only).
 */
export type ProcedureAnomaly =
  "valid" | "reserved-selector" | "long-parameters" | "repeated-sequence" | "short-image" | "partial-write";

export interface ProcedureCase {
  readonly anomaly: ProcedureAnomaly;
  readonly procedureId: number;
  readonly selector: number;
  /** null: the sequence number the device accepted last (known to the campaign when the case runs). */
  readonly sequence: number | null;
  readonly parameters: Uint8Array;
  /** Bytes of the image kept for "short-image"; the offset written at for "partial-write". */
  readonly cut: number;
}

export interface ProcedureSpace {
  readonly unknownProcedures: readonly number[];
  /** Most parameter bytes one BT07 write carries on this link, and BT00's limit. */
  readonly maxParameters: number;
  /** The parameter buffer of the simplest firmware: longer parameters are "long-parameters". */
  readonly shortParameters: number;
}

export function arbProcedureCase(space: ProcedureSpace): fc.Arbitrary<ProcedureCase> {
  const id = fc.constantFrom(...space.unknownProcedures);
  // 255 is the PSN a logon resets to (MEP), so a fresh one never takes it.
  const seq = fc.integer({ min: 0, max: 254 });
  const params = fc.uint8Array({ maxLength: space.maxParameters });
  const selector = fc.integer({ min: 0, max: 3 });
  return fc
    .tuple(
      id,
      fc.oneof({ arbitrary: selector, weight: 4 }, { arbitrary: fc.integer({ min: 4, max: 15 }), weight: 1 }),
      fc.oneof({ arbitrary: seq.map((s): number | null => s), weight: 5 }, { arbitrary: fc.constant(null), weight: 1 }),
      params,
      fc.oneof(
        { arbitrary: fc.constant("full" as const), weight: 6 },
        { arbitrary: fc.constant("short" as const), weight: 1 },
        { arbitrary: fc.constant("partial" as const), weight: 1 },
      ),
      fc.integer({ min: 0, max: 3 }),
    )
    .map(([procedureId, sel, sequence, parameters, form, cut]): ProcedureCase => {
      const anomaly: ProcedureAnomaly =
        form === "short"
          ? "short-image"
          : form === "partial"
            ? "partial-write"
            : sequence === null
              ? "repeated-sequence"
              : sel > RESPONSE_SELECTOR.postImmediatelyAndOnCompletion
                ? "reserved-selector"
                : parameters.length > space.shortParameters
                  ? "long-parameters"
                  : "valid";
      return { anomaly, procedureId, selector: sel, sequence, parameters, cut: form === "short" ? cut % 3 : cut };
    });
}

/** The BT07 bytes a case writes, once its sequence number is known. */
export function procedureImage(c: ProcedureCase, sequence: number, order: ByteOrder): Uint8Array {
  const image = encodeProcedureInitiate(
    { procedureId: c.procedureId, selector: c.selector, sequence, parameters: c.parameters },
    order,
  );
  return c.anomaly === "short-image" ? image.slice(0, c.cut) : image;
}

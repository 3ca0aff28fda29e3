import type { ByteOrder } from "../../bytes/cursor";
import { RESPONSE_CODE } from "../../protocol/response-codes";
import { PROCEDURE_RESULT } from "../../protocol/procedures/procedure-result-codes";
import { decodeProcedureInitiate, RESPONSE_SELECTOR } from "../../protocol/tables/bt07-procedure-initiate";
import { encodeProcedureResponse, procedureResponseSize } from "../../protocol/tables/bt08-procedure-response";
import type { AccessLevel } from "../access-levels";
import type { DefectSet } from "../defects";
import type { TickSource } from "../sim-clock";

/**
 * Procedures of the reference meter (9.13): a full write of BT07 starts one, BT08 shows its result.
 * A procedure may take time (9.13.2): until `durationMs` has passed, BT08 says "accepted, not
 * completed" (result 1), then shows the final result.
 */
export interface SimProcedureResult {
  readonly resultCode: number;
  readonly responseData?: Uint8Array;
  readonly durationMs?: number;
}

export interface SimProcedure {
  readonly id: number;
  /** Lowest key level allowed to run it (7.0). */
  readonly level: AccessLevel;
  run(parameters: Uint8Array): SimProcedureResult;
}

interface Posted {
  readonly procedureId: number;
  readonly selector: number;
  readonly sequence: number;
  readonly result: SimProcedureResult;
  readonly finalAt: number;
}

const SEQUENCE_AFTER_LOGON = 255;
/** procedure-parameter-overflow: the parameter buffer of the defective firmware. */
const OVERFLOW_BUFFER = 8;

export interface EngineOptions {
  readonly dataOrder: ByteOrder;
  readonly maxProcParamLength: number;
  readonly maxRespDataLength: number;
  readonly defects: DefectSet;
  readonly ticks: TickSource;
}

export class ProcedureEngine {
  private posted: Posted | null = null;
  /**
   * The PSN a new BT07 write may not repeat. MEP's rule "the first PSN after login must not be 255"
   * says a logon resets it to 255 (see `newSession`).
   */
  private lastSequence = SEQUENCE_AFTER_LOGON;
  private previousSequence = 0;
  /** BT07 as last written; its size is fixed by BT00's maximum parameter length. */
  private readonly lastImage: Uint8Array;
  /** procedure-parameter-overflow: parameter bytes that ran past their buffer into BT08's. */
  private overflow: Uint8Array | null = null;

  constructor(
    readonly procedures: ReadonlyMap<number, SimProcedure>,
    private readonly opts: EngineOptions,
  ) {
    this.lastImage = new Uint8Array(3 + opts.maxProcParamLength);
  }

  /** A logon starts a new PSN history. */
  newSession(): void {
    this.lastSequence = SEQUENCE_AFTER_LOGON;
  }

  /** The procedure id a BT07 image names, for the meter's lock and key checks; null if unreadable. */
  procedureOf(bt07: Uint8Array): number | null {
    const d = decodeProcedureInitiate(bt07, this.opts.dataOrder);
    return d.ok ? d.value.procedureId : null;
  }

  /** A full write of BT07, access already granted. Answers the write's response code. */
  initiate(bt07: Uint8Array): number {
    const d = decodeProcedureInitiate(bt07, this.opts.dataOrder);
    if (!d.ok) return RESPONSE_CODE.err;
    const call = d.value;
    // MEP devices refuse a BT07 write that repeats the previous sequence number (9.13).
    if (this.lastSequence === call.sequence && !this.opts.defects.has("repeated-psn-accepted"))
      return RESPONSE_CODE.onp;
    this.lastImage.fill(0).set(bt07.subarray(0, this.lastImage.length));
    this.previousSequence = this.lastSequence;
    this.lastSequence = call.sequence;
    this.overflow =
      this.opts.defects.has("procedure-parameter-overflow") && call.parameters.length > OVERFLOW_BUFFER
        ? call.parameters.slice(OVERFLOW_BUFFER)
        : null;
    const proc = this.procedures.get(call.procedureId);
    const result: SimProcedureResult =
      proc === undefined ? { resultCode: PROCEDURE_RESULT.unrecognized } : proc.run(call.parameters);
    const postIt =
      call.selector === RESPONSE_SELECTOR.postOnCompletion ||
      call.selector === RESPONSE_SELECTOR.postImmediatelyAndOnCompletion ||
      (call.selector === RESPONSE_SELECTOR.postOnException && result.resultCode !== PROCEDURE_RESULT.completed);
    if (postIt) {
      this.posted = {
        procedureId: call.procedureId,
        selector: call.selector,
        sequence: call.sequence,
        result,
        finalAt: this.opts.ticks() + (result.durationMs ?? 0),
      };
    }
    return RESPONSE_CODE.ok;
  }

  bt07Image(): Uint8Array {
    return this.lastImage.slice();
  }

  bt08Image(): Uint8Array {
    const image = this.postedImage();
    if (this.overflow !== null) image.set(this.overflow.subarray(0, image.length));
    return image;
  }

  private postedImage(): Uint8Array {
    const size = procedureResponseSize(this.opts.maxRespDataLength);
    const p = this.posted;
    if (p === null) return new Uint8Array(size);
    const done =
      this.opts.ticks() >= p.finalAt &&
      !(this.opts.defects.has("procedure-never-completes") && p.result.durationMs !== undefined);
    const data = new Uint8Array(this.opts.maxRespDataLength);
    if (done && p.result.responseData !== undefined) data.set(p.result.responseData.subarray(0, data.length));
    return encodeProcedureResponse(
      {
        procedureId: p.procedureId,
        selector: p.selector,
        sequence: this.opts.defects.has("stale-bt08-sequence") ? this.previousSequence : p.sequence,
        resultCode: done ? p.result.resultCode : PROCEDURE_RESULT.incomplete,
        responseData: data,
      },
      this.opts.dataOrder,
    );
  }
}

import { authFailureFrame, sequenceErrorApdu } from "../security/rc4-psk";
import type { SecuritySuite } from "../security/security-suite";
import type { TableCodecOptions } from "../protocol/table-requests";
import type { AccessLevel } from "./access-levels";
import type { DefectSet } from "./defects";
import type { ReferenceMeter } from "./meter";
import { RESPONSE_CODE } from "../protocol/response-codes";
import { decodeTableRequest } from "../protocol/table-requests";
import { ET52 } from "../protocol/transactions";
import { writesOverlongTransactionEntry } from "./robustness-faults";

/**
 * The secured side of the reference meter (7.2, 7.3, 7.4, 9.7), shared by every secured port (MEP
 * now, PLC next): one protected request frame in, one protected response frame out.
 *
 *  - The keys are tried in order (MEP: MAK before MBK); the first whose digest (or AES tag)
 *    verifies, on the bytes as they are or decrypted, sets the access level. None: 0x0B, the code
 *    alone, unencrypted.
 *  - The sequence number must be above the last accepted one by 1..window (MEP: 8); a replay or
 *    any other number gets 0x0C with the device's number, protected like any response.
 *  - An interface change (6.8) moves the device's number on by `icaJump` (25), so that the next
 *    request is out of the window and the client re-reads ET04.
 *  - Which suites are tried follows the meter's security mode: in AES-128 mode, RC4-protected
 *    requests verify under no key (7.4).
 */
export interface KeyedSuite {
  readonly name: string;
  readonly suite: SecuritySuite;
  readonly level: AccessLevel;
}

export interface SecuredServerOptions {
  readonly window: number;
  readonly firstSequence: number;
  readonly icaJump: number;
  readonly codec: TableCodecOptions;
}

export class SecuredApduServer {
  /** The last sequence number accepted: the device's sequence number. */
  last: number;
  private readonly defects: DefectSet;
  /** transaction-overlong-entry-wedges: the transaction engine thinks a transaction is still running. */
  private transactionsWedged = false;

  constructor(
    private readonly meter: ReferenceMeter,
    private readonly keys: { readonly rc4: readonly KeyedSuite[]; readonly aes128: readonly KeyedSuite[] },
    private readonly opts: SecuredServerOptions,
    private readonly log: (line: string) => void = () => {},
  ) {
    this.last = opts.firstSequence >>> 0;
    this.defects = meter.defects;
    meter.interface.onInterfaceChange(() => {
      if (this.defects.has("ica-no-sequence-jump")) return;
      this.last = (this.last + opts.icaJump) >>> 0;
      this.log(`interface change: sequence number now 0x${this.last.toString(16)}`);
    });
  }

  handle(frame: Uint8Array, maxResponseApdu: number): Uint8Array {
    const mode = this.meter.interface.securityMode;
    const candidates =
      mode === "aes128" && this.defects.has("aes-mode-accepts-rc4")
        ? [...this.keys.aes128, ...this.keys.rc4]
        : this.keys[mode];
    for (const key of candidates) {
      const d = key.suite.unprotectRequest(frame);
      if (!d.ok) continue;
      const { apdu, sequence, context } = d.value;
      this.meter.interface.countUnicastUse();
      const level = this.defects.has("basic-key-full-access") ? "master" : key.level;
      const clear =
        this.defects.has("response-not-encrypted") && context.encrypted
          ? key.suite.protectRequest(apdu, sequence, false).context
          : context;
      if (!this.inWindow(sequence)) {
        this.log(
          `${key.name}: sequence 0x${sequence.toString(16)} outside the window after 0x${this.last.toString(16)}`,
        );
        const seqError = this.defects.has("sequence-error-without-number")
          ? Uint8Array.of(0x0c)
          : sequenceErrorApdu(this.last);
        return key.suite.protectResponse(clear, seqError);
      }
      this.last = sequence;
      this.log(
        `${key.name}${context.encrypted ? " (encrypted)" : ""}: sequence 0x${sequence.toString(16)}, served as ${level}`,
      );
      return key.suite.protectResponse(clear, this.serve(apdu, level, maxResponseApdu));
    }
    return this.refuse(frame, candidates, maxResponseApdu);
  }

  private serve(apdu: Uint8Array, level: KeyedSuite["level"], maxResponseApdu: number): Uint8Array {
    if (this.defects.has("transaction-overlong-entry-wedges")) {
      if (this.transactionsWedged && this.writesEt52(apdu)) return this.meter.error(RESPONSE_CODE.iar);
      if (writesOverlongTransactionEntry(apdu, this.opts.codec, this.meter.context.dataOrder)) {
        this.transactionsWedged = true;
        this.log(
          "an ET52 entry runs past its image: the transaction engine wedges (defect transaction-overlong-entry-wedges)",
        );
      }
    }
    return this.meter.serve(apdu, level, this.opts.codec, maxResponseApdu);
  }

  private writesEt52(apdu: Uint8Array): boolean {
    const d = decodeTableRequest(apdu, this.opts.codec);
    return (
      d.ok && d.value.tableId === ET52 && (d.value.service === "full-write" || d.value.service === "partial-write")
    );
  }

  private inWindow(sequence: number): boolean {
    const ahead = (sequence - this.last) >>> 0;
    if (this.defects.has("replay-accepted") && ahead === 0) return true;
    if (this.defects.has("sequence-window-unbounded")) return ahead !== 0 && ahead < 0x80000000;
    return ahead >= 1 && ahead <= this.opts.window;
  }

  /** No key verified: 0x0B, unless a defect serves the request anyway or digests the refusal. */
  private refuse(frame: Uint8Array, candidates: readonly KeyedSuite[], maxResponseApdu: number): Uint8Array {
    const first = candidates[0];
    if (first !== undefined && frame.length > 12) {
      const apdu = frame.subarray(0, frame.length - 12);
      const sequence =
        ((frame[frame.length - 12] as number) * 2 ** 24 +
          ((frame[frame.length - 11] as number) << 16) +
          ((frame[frame.length - 10] as number) << 8) +
          (frame[frame.length - 9] as number)) >>>
        0;
      if (this.defects.has("digest-not-checked")) {
        const { context } = first.suite.protectRequest(apdu, sequence, false);
        return first.suite.protectResponse(context, this.meter.serve(apdu, "master", this.opts.codec, maxResponseApdu));
      }
      if (this.defects.has("auth-failure-digested")) {
        return first.suite.protectResponse(
          first.suite.protectRequest(apdu, sequence, false).context,
          Uint8Array.of(0x0b),
        );
      }
    }
    this.log("no key verifies the request: 0x0b");
    return authFailureFrame();
  }
}

import { readInChunks, writeInChunks } from "./chunked-table-access";
import { bytesEqual } from "../bytes/byte-arrays";
import type { ByteOrder } from "../bytes/cursor";
import { unwrap, type Decoded } from "../bytes/decoded";
import { SessionError, type DecodeError } from "../errors";
import type { LateAnswer } from "../link/mep/mep-client-link";
import { RESPONSE_CODE } from "../protocol/response-codes";
import {
  encodeTableRequest,
  isReadService,
  type TableCodecOptions,
  type TableRequest,
} from "../protocol/table-requests";
import {
  decodeReadResponse,
  decodeWriteResponse,
  describeResponse,
  type ErrorResponse,
  type ReadResponse,
  type WriteResponse,
} from "../protocol/table-responses";
import {
  declaredTransactionSize,
  decodeTransaction,
  encodeTransaction,
  ET52,
  ET53,
  TRANSACTION_HEADER_SIZE,
  TRANSACTION_REQUESTS,
  type TransactionImage,
} from "../protocol/transactions";
import { isAuthFailureFrame } from "../security/rc4-psk";
import type { Redactor } from "../security/redactor";
import type { SecuritySuite, SuiteContext } from "../security/security-suite";
import type { ExchangeObserver } from "./exchange-observer";
import { describeRequestMessage } from "./message-summary";
import { firstRequest, securedSessionFate, type FirstRequestCheck } from "./resumed-session";
import type { TableClient } from "./table-client";
import { Trace } from "./trace";

/**
 * A client of a secured OSGP link (MEP's serial port, the PLC link): each request APDU is followed
 * by a 4-byte sequence number and protected by the key of the chosen role, encrypted or not. The
 * device answers 0x0B when no key verifies, and 0x0C with its own sequence number when ours is out
 * of its window; the session then takes that number + 1 and (unless told not to) sends the request
 * once more (9.7). Table data carries no checksum on these links. How a protected frame travels
 * (MEP framing, a 14908-1 packet through a CN/IP gateway) is the subclass's `sendRaw`.
 *
 * Roles: on MEP "advanced" is the MAK and "basic" the MBK; on PLC the OMAK is the one key and
 * plays "advanced", and there is no basic key.
 */
export type SecuredRole = "advanced" | "basic";

export const SECURED_TABLE_CODEC: TableCodecOptions = { checksum: false };
const SEQUENCE_ERROR_LENGTH = 5;

/** What one secured exchange gave: the device's verified answer, or that it refused us. */
export type SecuredOutcome =
  | { readonly kind: "response"; readonly apdu: Uint8Array }
  /** The device's 0x0B: no key verified the request. Never encrypted, never digested. */
  | { readonly kind: "auth-failure" }
  /** The device's answer did not verify under our key (or was cut short): the bytes are evidence. */
  | { readonly kind: "unverified"; readonly error: DecodeError };

export interface SecuredExchange {
  readonly apdu: Uint8Array;
  /** What the response's digest (and decryption) is checked against; opaque, holds no key. */
  readonly context: SuiteContext;
  readonly role: SecuredRole;
  readonly sequence: number;
  readonly encrypted: boolean;
  readonly frame: Uint8Array;
  readonly responseFrame: Uint8Array;
  readonly outcome: SecuredOutcome;
  /** The 0x0C exchange this one followed, when the session resynchronised first. */
  readonly resynchronisedAfter: SecuredExchange | null;
}

export interface SecuredRequestOptions {
  readonly role?: SecuredRole;
  readonly sequence?: number;
  readonly encrypt?: boolean;
  /** Resend once with the device's number + 1 after a 0x0C (default true). */
  readonly resynchronise?: boolean;
}

/** A request sent earlier whose answer to a retransmission of it may still come; its answer, if one came. */
interface EarlierRequest {
  readonly sequence: number;
  readonly suite: SecuritySuite;
  readonly context: SuiteContext;
  readonly response: Uint8Array | null;
}

/** Failed requests kept for pairing late answers, beyond the last answered one: enough for a link that comes back. */
const EARLIER_REQUESTS_KEPT = 4;

export interface SecuredSettings {
  /** Encrypt requests (each message may choose; the device answers in kind). */
  readonly encrypt: boolean;
  /** The sequence number of the first request, before the device has told us its own. */
  readonly firstSequence: number;
  /** Told how every protected message (sendRaw) ended: link health. */
  readonly observer?: ExchangeObserver;
}

export abstract class SecuredSession implements TableClient {
  readonly trace: Trace;
  readonly codec = SECURED_TABLE_CODEC;
  /** The number the next request carries. */
  nextSequence: number;
  role: SecuredRole = "advanced";
  lastResponse: Uint8Array | null = null;
  lastExchange: SecuredExchange | null = null;
  /** The trace entry of the last message received, which a verdict on it amends. */
  protected lastRx = -1;
  /** Set on a session kept from an earlier scenario until its first request (resumed-session.ts). */
  private resumed: FirstRequestCheck | null = null;
  /** The last answered request and those that failed since, whose late answers the link may still bring. */
  private earlier: EarlierRequest[] = [];

  /** "MEP", "PLC": how reports and errors name the link. */
  abstract readonly linkName: string;
  /** Largest data count of one read response on this link. */
  abstract readonly maxReadChunk: number;
  /** Largest data count of one partial write on this link. */
  abstract readonly maxWriteChunk: number;
  /**
   * Writes one protected message exactly as given and resolves with the answer's payload. A link
   * that cannot pair answers with requests by itself (MEP) sets aside what `lateAnswer` says
   * answers an earlier request.
   */
  abstract sendRaw(payload: Uint8Array, lateAnswer?: LateAnswer): Promise<Uint8Array>;
  abstract close(): Promise<void>;

  constructor(
    readonly settings: SecuredSettings,
    private readonly suites: { readonly [R in SecuredRole]: SecuritySuite | null },
    redactor: Redactor,
  ) {
    this.trace = new Trace(redactor);
    this.nextSequence = settings.firstSequence >>> 0;
  }

  /** The role's suite; a role the PIXIT gives no key for is a session-state error. */
  suite(role: SecuredRole = this.role): SecuritySuite {
    const s = this.suites[role];
    if (s === null)
      throw new SessionError("OSGP_ERR_SESSION_STATE", `no ${role} key is configured for the ${this.linkName} link`);
    return s;
  }

  /** A session kept from an earlier scenario: its next request tells whether the device still answers it. */
  resume(check: FirstRequestCheck): void {
    this.resumed = check;
  }

  /** Protects, sends, checks the answer; learns the device's number from a 0x0C. */
  async exchange(apdu: Uint8Array, o: SecuredRequestOptions = {}): Promise<SecuredExchange> {
    const role = o.role ?? this.role;
    const suite = this.suite(role);
    const sequence = (o.sequence ?? this.nextSequence) >>> 0;
    const encrypt = o.encrypt ?? this.settings.encrypt;
    const { frame, context } = suite.protectRequest(apdu, sequence, encrypt);
    this.trace.note(
      `${role} key, sequence 0x${hex8(sequence)}${context.encrypted ? ", encrypted" : ""}: ${describeRequestMessage(apdu, SECURED_TABLE_CODEC)}`,
    );
    const responseFrame = await this.sendChecked(frame, { sequence, suite, context });
    this.nextSequence = (sequence + 1) >>> 0;
    const x: SecuredExchange = {
      apdu,
      context,
      role,
      sequence,
      encrypted: context.encrypted,
      frame,
      responseFrame,
      outcome: this.check(suite, context, apdu, responseFrame),
      resynchronisedAfter: null,
    };
    this.lastExchange = x;
    const device = deviceSequenceIn(x.outcome);
    if (device !== null) {
      this.nextSequence = (device + 1) >>> 0;
      this.trace.note(
        `the device's sequence number is 0x${hex8(device)}; the next request carries 0x${hex8(this.nextSequence)}`,
      );
      if (o.resynchronise !== false) {
        const again = await this.exchange(apdu, { role, encrypt, resynchronise: false });
        this.lastExchange = { ...again, resynchronisedAfter: x };
        return this.lastExchange;
      }
    }
    return x;
  }

  /** Sends an earlier request again, byte for byte (a replay), and checks the answer against it. */
  async resend(earlier: SecuredExchange): Promise<SecuredExchange> {
    this.trace.note(`the request of sequence 0x${hex8(earlier.sequence)} again, byte for byte`);
    const responseFrame = await this.sendChecked(earlier.frame, {
      sequence: earlier.sequence,
      suite: this.suite(earlier.role),
      context: earlier.context,
    });
    const x: SecuredExchange = {
      ...earlier,
      responseFrame,
      outcome: this.check(this.suite(earlier.role), earlier.context, earlier.apdu, responseFrame),
      resynchronisedAfter: null,
    };
    this.lastExchange = x;
    return x;
  }

  async requestRaw(apdu: Uint8Array): Promise<Uint8Array> {
    const x = await this.exchange(apdu);
    if (x.outcome.kind === "auth-failure") return Uint8Array.of(RESPONSE_CODE.auth);
    if (x.outcome.kind === "unverified") throw x.outcome.error;
    return x.outcome.apdu;
  }

  async readFull(tableId: number): Promise<ReadResponse> {
    return this.read({ service: "full-read", tableId });
  }

  async readPartial(tableId: number, offset: number, count: number): Promise<ReadResponse> {
    return readInChunks(
      (at, n) => this.read({ service: "partial-read", tableId, offset: at, count: n }),
      offset,
      count,
      this.maxReadChunk,
    );
  }

  async writeFull(tableId: number, data: Uint8Array): Promise<WriteResponse> {
    return this.write({ service: "full-write", tableId, data });
  }

  async writePartial(tableId: number, offset: number, data: Uint8Array): Promise<WriteResponse> {
    return writeInChunks(
      (at, chunk) => this.write({ service: "partial-write", tableId, offset: at, data: chunk }),
      offset,
      data,
      this.maxWriteChunk,
    );
  }

  /**
   * A transaction (9.10): the image goes into ET52 (in pieces as large as a write may be), then
   * ET53 is read as the guide says: its first 5 bytes (size, type, number), then as many as the
   * size says. `order` is the device's table data order (BT00), that of the images' UINT16 fields.
   */
  async transaction(
    number: number,
    entries: readonly Uint8Array[],
    order: ByteOrder,
  ): Promise<{
    readonly written: WriteResponse;
    readonly responses: Decoded<TransactionImage> | ErrorResponse;
    readonly image: Uint8Array;
  }> {
    const image = encodeTransaction({ type: TRANSACTION_REQUESTS, number, entries }, order);
    const written = await this.writePartial(ET52, 0, image);
    if (written.code !== RESPONSE_CODE.ok) return { written, responses: written, image };
    const head = await this.readPartial(ET53, 0, TRANSACTION_HEADER_SIZE);
    if (!("data" in head)) return { written, responses: head, image };
    const size = declaredTransactionSize(head.data, order);
    const whole = await this.readPartial(ET53, 0, Math.max(size, TRANSACTION_HEADER_SIZE));
    return { written, responses: "data" in whole ? decodeTransaction(whole.data, order) : whole, image };
  }

  /** One protected message; the first of a resumed session under its check. */
  private async sendChecked(frame: Uint8Array, request: Omit<EarlierRequest, "response">): Promise<Uint8Array> {
    const check = this.resumed;
    this.resumed = null;
    const send = () => this.sendRaw(frame, lateAnswerTo(request, this.earlier));
    try {
      const response = await (check === null
        ? send()
        : firstRequest(frame, send, securedSessionFate, check, this.trace));
      this.earlier = [{ ...request, response }];
      return response;
    } catch (e) {
      this.earlier = [...this.earlier, { ...request, response: null }].slice(-1 - EARLIER_REQUESTS_KEPT);
      throw e;
    }
  }

  /** Keeps the last answer's payload as evidence; subclasses call it when a response arrives. */
  protected received(payload: Uint8Array): Uint8Array {
    this.lastResponse = payload;
    return payload;
  }

  private check(
    suite: SecuritySuite,
    context: SuiteContext,
    apdu: Uint8Array,
    responseFrame: Uint8Array,
  ): SecuredOutcome {
    let outcome: SecuredOutcome;
    if (isAuthFailureFrame(responseFrame)) {
      outcome = { kind: "auth-failure" };
    } else {
      const d = suite.unprotectResponse(context, responseFrame);
      outcome = d.ok ? { kind: "response", apdu: d.value.apdu } : { kind: "unverified", error: d.error };
    }
    this.trace.amend(
      this.lastRx,
      outcome.kind === "response"
        ? describeSecuredResponse(apdu, outcome.apdu)
        : outcome.kind === "auth-failure"
          ? "0x0b authentication failure"
          : `does not verify: ${outcome.error.detail}`,
    );
    return outcome;
  }

  private async read(req: TableRequest): Promise<ReadResponse> {
    return unwrap(decodeReadResponse(await this.answer(req), SECURED_TABLE_CODEC));
  }

  private async write(req: TableRequest): Promise<WriteResponse> {
    return unwrap(decodeWriteResponse(await this.answer(req)));
  }

  private answer(req: TableRequest): Promise<Uint8Array> {
    return this.requestRaw(encodeTableRequest(req, SECURED_TABLE_CODEC));
  }
}

/**
 * Which frames answer an earlier request, not `current`: one that verifies under `current` may be its
 * answer; one that repeats an earlier answer byte for byte, or verifies under an earlier request (a
 * response's digest covers its request, sequence number included), is that request's late answer.
 */
function lateAnswerTo(current: Omit<EarlierRequest, "response">, earlier: readonly EarlierRequest[]): LateAnswer {
  return (frame) => {
    if (earlier.length === 0 || current.suite.unprotectResponse(current.context, frame).ok) return null;
    for (const e of earlier) {
      if (e.response !== null && bytesEqual(e.response, frame))
        return `it repeats byte for byte the answer to the request of sequence 0x${hex8(e.sequence)}`;
      if (!isAuthFailureFrame(frame) && e.suite.unprotectResponse(e.context, frame).ok)
        return `it verifies as the answer to the request of sequence 0x${hex8(e.sequence)}, whose number its digest covers`;
    }
    return null;
  };
}

/** The device's number when an answer is a verified 0x0C carrying it, else null. */
export function deviceSequenceIn(outcome: SecuredOutcome): number | null {
  if (
    outcome.kind !== "response" ||
    outcome.apdu[0] !== RESPONSE_CODE.seq ||
    outcome.apdu.length < SEQUENCE_ERROR_LENGTH
  )
    return null;
  const a = outcome.apdu;
  return ((a[1] as number) * 2 ** 24 + ((a[2] as number) << 16) + ((a[3] as number) << 8) + (a[4] as number)) >>> 0;
}

function describeSecuredResponse(request: Uint8Array, response: Uint8Array): string {
  if (isReadService(request[0])) {
    const d = decodeReadResponse(response, SECURED_TABLE_CODEC);
    return d.ok ? describeResponse(d.value) : `undecodable: ${d.error.detail}`;
  }
  const d = decodeWriteResponse(response);
  return d.ok ? describeResponse(d.value) : `undecodable: ${d.error.detail}`;
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, "0");
}

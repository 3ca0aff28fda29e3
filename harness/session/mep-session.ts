import { readInChunks, writeInChunks } from "./chunked-table-access";
import { unwrap, type Decoded } from "../bytes/decoded";
import { DecodeError, SessionError, type OsgpError } from "../errors";
import type { MepLinkConfig } from "../link/mep/mep-link-config";
import { MepClientLink, type MepClientEvent } from "../link/mep/mep-client-link";
import { describeMepFrame } from "../link/mep/mep-frame";
import { RESPONSE_CODE } from "../protocol/response-codes";
import { encodeTableRequest, type TableCodecOptions, type TableRequest } from "../protocol/table-requests";
import { decodeReadResponse, decodeWriteResponse, describeResponse, type ErrorResponse, type ReadResponse, type WriteResponse } from "../protocol/table-responses";
import { decodeTransaction, encodeTransaction, ET52, ET53, TRANSACTION_HEADER_SIZE, TRANSACTION_REQUESTS, type TransactionImage } from "../protocol/transactions";
import { isAuthFailureFrame } from "../security/rc4-psk";
import type { Redactor } from "../security/redactor";
import type { SecuritySuite, SuiteContext } from "../security/security-suite";
import type { ByteTransport } from "../transport/byte-transport";
import { MachineRunner } from "../transport/machine-runner";
import { describeRequestMessage } from "./message-summary";
import type { TableClient } from "./table-client";
import { Trace } from "./trace";

/**
 * A client of the MEP port (the OSGP secured serial link): each request APDU is followed by a
 * 4-byte sequence number and protected by the key of the chosen role (MAK = advanced, MBK =
 * basic), encrypted or not. The device answers 0x0B when no key verifies, and 0x0C with its own
 * sequence number when ours is out of its window; the session then takes that number + 1, and
 * (unless told not to) sends the request once more. Table data has no checksum on this link.
 */
export type MepKeyRole = "advanced" | "basic";

export const MEP_TABLE_CODEC: TableCodecOptions = { checksum: false };
const SEQUENCE_ERROR_LENGTH = 5;

export interface MepSessionSettings {
  readonly link: MepLinkConfig;
  /** Encrypt requests (MEP lets each message choose; the device answers in kind). */
  readonly encrypt: boolean;
  /** The sequence number of the first request, before the device has told us its own. */
  readonly firstSequence: number;
}

/** What one secured exchange gave: the device's verified answer, or that it refused us. */
export type MepOutcome =
  | { readonly kind: "response"; readonly apdu: Uint8Array }
  /** The device's 0x0B: no key verified the request. Never encrypted, never digested. */
  | { readonly kind: "auth-failure" }
  /** The device's answer did not verify under our key (or was cut short): the bytes are evidence. */
  | { readonly kind: "unverified"; readonly error: DecodeError };

export interface MepExchange {
  readonly apdu: Uint8Array;
  /** What the response's digest (and decryption) is checked against; opaque, holds no key. */
  readonly context: SuiteContext;
  readonly role: MepKeyRole;
  readonly sequence: number;
  readonly encrypted: boolean;
  readonly frame: Uint8Array;
  readonly responseFrame: Uint8Array;
  readonly outcome: MepOutcome;
  /** The 0x0C exchange this one followed, when the session resynchronised first. */
  readonly resynchronisedAfter: MepExchange | null;
}

export interface MepRequestOptions {
  readonly role?: MepKeyRole;
  readonly sequence?: number;
  readonly encrypt?: boolean;
  /** Resend once with the device's number + 1 after a 0x0C (default true). */
  readonly resynchronise?: boolean;
}

interface Pending {
  resolve(payload: Uint8Array): void;
  reject(error: OsgpError): void;
}

export class MepSession implements TableClient {
  readonly trace: Trace;
  readonly codec = MEP_TABLE_CODEC;
  private readonly link: MepClientLink;
  private readonly runner: MachineRunner<MepClientEvent>;
  private pending: Pending | null = null;
  private closedWith: OsgpError | null = null;
  private lastRx = -1;
  /** The number the next request carries. */
  nextSequence: number;
  role: MepKeyRole = "advanced";
  lastResponse: Uint8Array | null = null;
  lastExchange: MepExchange | null = null;
  alerts = 0;

  constructor(
    private readonly transport: ByteTransport,
    readonly settings: MepSessionSettings,
    private readonly suites: { readonly [R in MepKeyRole]: SecuritySuite | null },
    redactor: Redactor,
  ) {
    this.trace = new Trace(redactor);
    this.nextSequence = settings.firstSequence >>> 0;
    this.link = new MepClientLink(settings.link);
    this.runner = new MachineRunner(transport, this.link, { events: (es) => es.forEach((e) => this.onEvent(e)), closed: (e) => this.onClosed(e) });
  }

  /** Largest data count of one read response: 476 - code - count - digest. */
  get maxReadChunk(): number {
    return this.settings.link.maxPayload - 3 - 8;
  }

  /** Largest data count of one partial write: 476 - header (8) - sequence (4) - digest (8) = 456. */
  get maxWriteChunk(): number {
    return this.settings.link.maxPayload - 8 - 4 - 8;
  }

  suite(role: MepKeyRole = this.role): SecuritySuite {
    const s = this.suites[role];
    if (s === null) throw new SessionError("OSGP_ERR_SESSION_STATE", `no ${role} key (${role === "advanced" ? "MAK" : "MBK"}) is configured`);
    return s;
  }

  /** Protects, sends, checks the answer; learns the device's number from a 0x0C. */
  async exchange(apdu: Uint8Array, o: MepRequestOptions = {}): Promise<MepExchange> {
    const role = o.role ?? this.role;
    const suite = this.suite(role);
    const sequence = (o.sequence ?? this.nextSequence) >>> 0;
    const encrypt = o.encrypt ?? this.settings.encrypt;
    const { frame, context } = suite.protectRequest(apdu, sequence, encrypt);
    this.trace.note(`${role} key, sequence 0x${sequence.toString(16).padStart(8, "0")}${context.encrypted ? ", encrypted" : ""}: ${describeRequestMessage(apdu, MEP_TABLE_CODEC)}`);
    const responseFrame = await this.sendRaw(frame);
    this.nextSequence = (sequence + 1) >>> 0;
    const x: MepExchange = { apdu, context, role, sequence, encrypted: context.encrypted, frame, responseFrame, outcome: this.check(suite, context, apdu, responseFrame), resynchronisedAfter: null };
    this.lastExchange = x;
    const device = deviceSequenceIn(x.outcome);
    if (device !== null) {
      this.nextSequence = (device + 1) >>> 0;
      this.trace.note(`the device's sequence number is 0x${device.toString(16).padStart(8, "0")}; the next request carries 0x${this.nextSequence.toString(16).padStart(8, "0")}`);
      if (o.resynchronise !== false) {
        const again = await this.exchange(apdu, { role, encrypt, resynchronise: false });
        this.lastExchange = { ...again, resynchronisedAfter: x };
        return this.lastExchange;
      }
    }
    return x;
  }

  /** Sends an earlier request again, byte for byte (a replay), and checks the answer against it. */
  async resend(earlier: MepExchange): Promise<MepExchange> {
    this.trace.note(`the request of sequence 0x${earlier.sequence.toString(16).padStart(8, "0")} again, byte for byte`);
    const responseFrame = await this.sendRaw(earlier.frame);
    const x: MepExchange = { ...earlier, responseFrame, outcome: this.check(this.suite(earlier.role), earlier.context, earlier.apdu, responseFrame), resynchronisedAfter: null };
    this.lastExchange = x;
    return x;
  }

  private check(suite: SecuritySuite, context: SuiteContext, apdu: Uint8Array, responseFrame: Uint8Array): MepOutcome {
    let outcome: MepOutcome;
    if (isAuthFailureFrame(responseFrame)) {
      outcome = { kind: "auth-failure" };
    } else {
      const d = suite.unprotectResponse(context, responseFrame);
      outcome = d.ok ? { kind: "response", apdu: d.value.apdu } : { kind: "unverified", error: d.error };
    }
    this.trace.amend(this.lastRx, outcome.kind === "response" ? describeMepResponse(apdu, outcome.apdu) : outcome.kind === "auth-failure" ? "0x0b authentication failure" : `does not verify: ${outcome.error.detail}`);
    return outcome;
  }

  /** Writes one MEP message exactly as given (negative tests: tampered, replayed) and returns the answer's payload. */
  sendRaw(payload: Uint8Array): Promise<Uint8Array> {
    if (this.closedWith !== null) return Promise.reject(this.closedWith);
    if (this.pending !== null) return Promise.reject(new SessionError("OSGP_ERR_SESSION_STATE", "a MEP exchange is already in progress", { bytes: payload }));
    return new Promise<Uint8Array>((resolve, reject) => {
      this.pending = { resolve, reject };
      try {
        this.runner.act((now) => this.link.send(payload, now));
      } catch (e) {
        this.pending = null;
        reject(e as OsgpError);
      }
    }).then((r) => {
      this.lastResponse = r;
      return r;
    });
  }

  async readFull(tableId: number): Promise<ReadResponse> {
    return this.read({ service: "full-read", tableId });
  }

  async readPartial(tableId: number, offset: number, count: number): Promise<ReadResponse> {
    return readInChunks((at, n) => this.read({ service: "partial-read", tableId, offset: at, count: n }), offset, count, this.maxReadChunk);
  }

  async writeFull(tableId: number, data: Uint8Array): Promise<WriteResponse> {
    return this.write({ service: "full-write", tableId, data });
  }

  async writePartial(tableId: number, offset: number, data: Uint8Array): Promise<WriteResponse> {
    return writeInChunks((at, chunk) => this.write({ service: "partial-write", tableId, offset: at, data: chunk }), offset, data, this.maxWriteChunk);
  }

  /**
   * A transaction (9.10): the image goes into ET52 (in pieces of at most 456 bytes), then ET53 is
   * read as the guide says: its first 5 bytes (size, type, number), then as many as the size says.
   */
  async transaction(number: number, entries: readonly Uint8Array[]): Promise<{ readonly written: WriteResponse; readonly responses: Decoded<TransactionImage> | ErrorResponse; readonly image: Uint8Array }> {
    const image = encodeTransaction({ type: TRANSACTION_REQUESTS, number, entries });
    const written = await this.writePartial(ET52, 0, image);
    if (written.code !== RESPONSE_CODE.ok) return { written, responses: written, image };
    const head = await this.readPartial(ET53, 0, TRANSACTION_HEADER_SIZE);
    if (!("data" in head)) return { written, responses: head, image };
    const size = (head.data[0] as number) | ((head.data[1] as number) << 8);
    const whole = await this.readPartial(ET53, 0, Math.max(size, TRANSACTION_HEADER_SIZE));
    return { written, responses: "data" in whole ? decodeTransaction(whole.data) : whole, image };
  }

  async close(): Promise<void> {
    this.runner.stop();
    if (this.closedWith === null) this.closedWith = new SessionError("OSGP_ERR_SESSION_STATE", "the MEP session was closed");
    this.fail(this.closedWith);
    await this.transport.close();
  }

  async requestRaw(apdu: Uint8Array): Promise<Uint8Array> {
    const x = await this.exchange(apdu);
    if (x.outcome.kind === "auth-failure") return Uint8Array.of(RESPONSE_CODE.auth);
    if (x.outcome.kind === "unverified") throw x.outcome.error;
    return x.outcome.apdu;
  }

  private async read(req: TableRequest): Promise<ReadResponse> {
    return unwrap(decodeReadResponse(await this.answer(req), MEP_TABLE_CODEC));
  }

  private async write(req: TableRequest): Promise<WriteResponse> {
    return unwrap(decodeWriteResponse(await this.answer(req)));
  }

  private answer(req: TableRequest): Promise<Uint8Array> {
    return this.requestRaw(encodeTableRequest(req, MEP_TABLE_CODEC));
  }

  private onEvent(e: MepClientEvent): void {
    switch (e.kind) {
      case "tx":
        this.trace.record("tx", "mep", e.bytes, `mep len=${e.bytes.length - 2}${e.attempt > 0 ? ` (retransmission ${e.attempt})` : ""}`);
        this.runner.write(e.bytes);
        return;
      case "rx": {
        const ev = e.event;
        const summary = ev.kind === "frame" ? describeMepFrame({ kind: "message", payload: ev.payload }) : ev.kind === "alert" ? "mep alert (the device has alerts pending)" : `bad frame: ${ev.error.code} ${ev.error.detail}`;
        this.lastRx = this.trace.record("rx", ev.kind === "frame" ? "mep" : ev.kind, ev.bytes, summary).index;
        return;
      }
      case "alert":
        this.alerts++;
        return;
      case "response": {
        const p = this.pending;
        this.pending = null;
        p?.resolve(e.payload);
        return;
      }
      case "unsolicited":
        this.trace.amend(this.lastRx, "unsolicited message");
        return;
      case "failed":
        this.trace.note(e.error.message);
        this.fail(e.error);
        return;
    }
  }

  private fail(error: OsgpError): void {
    const p = this.pending;
    this.pending = null;
    p?.reject(error);
  }

  private onClosed(error: OsgpError | null): void {
    this.closedWith = error ?? new SessionError("OSGP_ERR_SESSION_STATE", "the MEP session was closed");
    if (error !== null) this.trace.note(`port lost: ${error.message}`);
    this.fail(this.closedWith);
  }
}

/** The device's number when an answer is a verified 0x0C carrying it, else null. */
export function deviceSequenceIn(outcome: MepOutcome): number | null {
  if (outcome.kind !== "response" || outcome.apdu[0] !== RESPONSE_CODE.seq || outcome.apdu.length < SEQUENCE_ERROR_LENGTH) return null;
  const a = outcome.apdu;
  return ((a[1] as number) * 2 ** 24 + ((a[2] as number) << 16) + ((a[3] as number) << 8) + (a[4] as number)) >>> 0;
}

function describeMepResponse(request: Uint8Array, response: Uint8Array): string {
  const code = request[0];
  if (code === 0x30 || code === 0x3f) {
    const d = decodeReadResponse(response, MEP_TABLE_CODEC);
    return d.ok ? describeResponse(d.value) : `undecodable: ${d.error.detail}`;
  }
  const d = decodeWriteResponse(response);
  return d.ok ? describeResponse(d.value) : `undecodable: ${d.error.detail}`;
}

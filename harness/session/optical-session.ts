import { SessionError } from "../errors";
import {
  encodeLinkRequest,
  decodeIdentifyResponse,
  decodeNegotiateResponse,
  baudCodeOf,
  BAUD_CODES,
  PASSWORD_LENGTH,
  type IdentifyResponse,
  type NegotiateResponse,
  type LinkServiceRequest,
} from "../link/c1218/link-services";
import type { LinkConfig } from "../link/c1218/link-state-machine";
import { RESPONSE_CODE, describeResponseCode } from "../protocol/response-codes";
import { C1218_TABLE_CODEC, encodeTableRequest, type TableRequest } from "../protocol/table-requests";
import {
  decodeCodeOnlyResponse,
  decodeReadResponse,
  decodeWriteResponse,
  type ErrorResponse,
  type ReadResponse,
  type WriteResponse,
} from "../protocol/table-responses";
import { Redactor } from "../security/redactor";
import type { Secret } from "../security/secret";
import type { ByteTransport } from "../transport/byte-transport";
import { C1218Channel } from "./c1218-channel";
import { Trace } from "./trace";
import type { TableClient } from "./table-client";
import { unwrap } from "../bytes/decoded";
import { readInChunks, writeInChunks } from "./chunked-table-access";
import { observed, type ExchangeObserver } from "./exchange-observer";
import { c1218SessionFate, firstRequest, type FirstRequestCheck } from "./resumed-session";
import { now, sleep } from "../transport/timers";

/**
 * The optical-port client: the C12.18 session a lab's probe runs against a meter.
 * wake-up -> identification -> negotiate -> logon -> security -> table and procedure services ->
 * logoff -> terminate. Every method returns the device's decoded answer, whatever its code; a
 * response that does not decode throws the DecodeError (with the bytes), and a link or port
 * failure throws its LinkError/TransportError/SessionError. Judging the answer is the caller's job.
 */
export interface OpticalSessionSettings {
  readonly link: LinkConfig;
  /** From the device's last ACK of a request to the first packet of its response. */
  readonly responseTimeoutMs: number;
  /** Bytes sent before the first request to wake the port (NES meters want four 0x55 at 50 ms). */
  readonly wakeup: { readonly byte: number; readonly count: number; readonly intervalMs: number };
  readonly negotiate: { readonly packetSize: number; readonly packetCount: number; readonly baudRate: number | null };
  readonly logon: { readonly userId: number; readonly user: string };
  /** Pacing: the least time from one request to the next. */
  readonly minRequestIntervalMs: number;
  /** Told how every request ended (link health); wake-up bytes are no exchange and are not reported. */
  readonly observer?: ExchangeObserver;
}

export class OpticalSession implements TableClient {
  readonly trace: Trace;
  readonly codec = C1218_TABLE_CODEC;
  private readonly redactor = new Redactor();
  private channel: C1218Channel;
  private lastRequestAt = -Infinity;
  /** Set on a session kept from an earlier scenario until its first request (resumed-session.ts). */
  private resumed: FirstRequestCheck | null = null;
  /** The raw bytes of the last response, kept as evidence for verdicts. */
  lastResponse: Uint8Array | null = null;

  constructor(
    transport: ByteTransport,
    readonly settings: OpticalSessionSettings,
    redactor?: Redactor,
  ) {
    if (redactor !== undefined) this.redactor = redactor;
    this.trace = new Trace(this.redactor);
    this.channel = new C1218Channel(transport, settings.link, this.trace, C1218_TABLE_CODEC);
  }

  /** Largest table-data count of one read response under the negotiated limits. */
  get maxReadChunk(): number {
    return this.channel.maxMessageLength - 4; // code, count (2), checksum
  }

  /** Largest data count of one partial write under the negotiated limits. */
  get maxWriteChunk(): number {
    return this.channel.maxMessageLength - 9; // code, table id (2), offset (3), count (2), checksum
  }

  async wake(): Promise<void> {
    const w = this.settings.wakeup;
    for (let i = 0; i < w.count; i++) {
      this.channel.writeRaw(Uint8Array.of(w.byte), "wake-up", `wake-up byte ${i + 1} of ${w.count}`);
      await this.channel.flush();
      if (w.intervalMs > 0) await sleep(w.intervalMs);
    }
  }

  async identify(): Promise<IdentifyResponse> {
    return unwrap(decodeIdentifyResponse(await this.linkRequest({ service: "identify" })));
  }

  /** Negotiates, then applies what the device granted: its packet limits and, if any, its baud rate. */
  async negotiate(): Promise<NegotiateResponse> {
    const n = this.settings.negotiate;
    const baudCode = n.baudRate === null ? undefined : baudCodeOf(n.baudRate);
    if (n.baudRate !== null && baudCode === undefined) {
      throw new SessionError("OSGP_ERR_SESSION_STATE", `${n.baudRate} baud has no C12.18 baud code`);
    }
    const resp = unwrap(
      decodeNegotiateResponse(
        await this.linkRequest({
          service: "negotiate",
          packetSize: n.packetSize,
          packetCount: n.packetCount,
          baudCodes: baudCode === undefined ? [] : [baudCode],
        }),
      ),
    );
    if (resp.code === RESPONSE_CODE.ok && resp.packetSize !== undefined && resp.packetCount !== undefined) {
      this.channel.setPacketLimits({ packetSize: resp.packetSize, packetCount: resp.packetCount });
      const rate = resp.baudCode === undefined ? undefined : BAUD_CODES[resp.baudCode];
      if (rate !== undefined) await this.channel.setBaudRate(rate);
    }
    return resp;
  }

  logon(): Promise<ErrorResponse> {
    return this.codeOnly({ service: "logon", userId: this.settings.logon.userId, user: this.settings.logon.user });
  }

  /** Sends the password padded with 0x00 to 20 bytes, as both reference clients do. */
  security(password: Secret): Promise<ErrorResponse> {
    const field = passwordField(password);
    this.redactor.add(password, field);
    return this.codeOnly({ service: "security", password: field });
  }

  logoff(): Promise<ErrorResponse> {
    return this.codeOnly({ service: "logoff" });
  }

  terminate(): Promise<ErrorResponse> {
    return this.codeOnly({ service: "terminate" });
  }

  wait(seconds: number): Promise<ErrorResponse> {
    return this.codeOnly({ service: "wait", seconds });
  }

  /**
   * The usual opening: wake-up, identification, negotiation, logon and, with a password, security.
   * Throws OSGP_ERR_REQUEST_REFUSED naming the step the device refused.
   */
  async open(password: Secret | null): Promise<void> {
    await this.wake();
    let ident = await this.identify();
    if (ident.code === RESPONSE_CODE.isss) {
      // A session that ended without terminate (a probe pulled, a harness stopped) left the device
      // outside its base state: end it, as C12.18 allows, and identify again.
      this.trace.note("the device is still in an earlier session: terminate, then identify again");
      await this.terminate();
      ident = await this.identify();
    }
    expectOk("identification", ident);
    expectOk("negotiate", await this.negotiate());
    expectOk("logon", await this.logon());
    if (password !== null) expectOk(`security with ${password.label}`, await this.security(password));
  }

  /**
   * A session kept from an earlier scenario: its next request finds out whether the device still
   * holds it, and reopens it in place when the device's bytes prove it does not (resumed-session.ts).
   */
  resume(check: FirstRequestCheck): void {
    this.resumed = check;
  }

  /**
   * The session under another password on the same channel: Logoff, Logon and, with a password,
   * Security. C12.18 returns the device to its ID state after Logoff, where Logon is valid, so the
   * wake-up, identification and negotiation (and the packet limits and speed they set) carry over.
   * A pending check of a kept session's first request is dropped: a device that ended the session
   * meanwhile refuses the Logoff, and any failure here leads to a fresh session all the same. On a
   * failure, Terminate (valid in every state) and the port closed, then the error, which names the
   * step refused as open's does.
   */
  async relogon(password: Secret | null): Promise<void> {
    this.resumed = null;
    try {
      expectOk("logoff", await this.logoff());
      expectOk("logon", await this.logon());
      if (password !== null) expectOk(`security with ${password.label}`, await this.security(password));
    } catch (e) {
      await this.terminate().catch((t: Error) => this.trace.note(`closing: ${t.message}`));
      await this.channel.close();
      throw e;
    }
  }

  /**
   * The session again on a fresh connection, in place of one the device has ended: the old port
   * closed without goodbye (the device is no longer in that session; and a serial port opens only
   * once), then `connect`'s, and the usual opening on it.
   */
  async reopen(connect: () => Promise<ByteTransport>, password: Secret | null): Promise<void> {
    await this.channel.close();
    this.channel = new C1218Channel(await connect(), this.settings.link, this.trace, C1218_TABLE_CODEC);
    await this.open(password);
  }

  /**
   * Logoff and terminate, then close the port; a device that fails to answer still gets closed.
   * `farewell: false` closes the port alone: over a link known to be lost, logoff would only wait
   * out every retransmission again.
   */
  async close(o: { readonly farewell?: boolean } = {}): Promise<void> {
    try {
      if (!this.channel.isClosed && o.farewell !== false) {
        await this.logoff();
        await this.terminate();
      }
    } catch (e) {
      this.trace.note(`closing: ${(e as Error).message}`);
    } finally {
      await this.channel.close();
    }
  }

  async readFull(tableId: number): Promise<ReadResponse> {
    return unwrap(decodeReadResponse(await this.tableRequest({ service: "full-read", tableId }), C1218_TABLE_CODEC));
  }

  /** Partial read; a count larger than one response can carry is split (chunked-table-access.ts). */
  async readPartial(tableId: number, offset: number, count: number): Promise<ReadResponse> {
    const read = async (at: number, n: number) =>
      unwrap(
        decodeReadResponse(
          await this.tableRequest({ service: "partial-read", tableId, offset: at, count: n }),
          C1218_TABLE_CODEC,
        ),
      );
    return readInChunks(read, offset, count, this.maxReadChunk);
  }

  async writeFull(tableId: number, data: Uint8Array): Promise<WriteResponse> {
    return unwrap(decodeWriteResponse(await this.tableRequest({ service: "full-write", tableId, data })));
  }

  /** Partial write, split like readPartial when the data exceeds one request. */
  async writePartial(tableId: number, offset: number, data: Uint8Array): Promise<WriteResponse> {
    const write = async (at: number, chunk: Uint8Array) =>
      unwrap(
        decodeWriteResponse(await this.tableRequest({ service: "partial-write", tableId, offset: at, data: chunk })),
      );
    return writeInChunks(write, offset, data, this.maxWriteChunk);
  }

  /** Sends bytes exactly as given (negative tests, fuzzing) and returns the raw response. */
  requestRaw(request: Uint8Array): Promise<Uint8Array> {
    const check = this.resumed;
    this.resumed = null;
    const send = () => this.send(request);
    return check === null ? send() : firstRequest(request, send, c1218SessionFate, check, this.trace);
  }

  private async send(request: Uint8Array): Promise<Uint8Array> {
    await this.pace();
    const response = await observed(
      this.settings.observer,
      this.channel.exchange(request, this.settings.responseTimeoutMs),
    );
    this.lastResponse = response;
    return response;
  }

  private tableRequest(req: TableRequest): Promise<Uint8Array> {
    return this.requestRaw(encodeTableRequest(req, C1218_TABLE_CODEC));
  }

  private linkRequest(req: LinkServiceRequest): Promise<Uint8Array> {
    return this.requestRaw(encodeLinkRequest(req));
  }

  private async codeOnly(req: LinkServiceRequest): Promise<ErrorResponse> {
    return unwrap(decodeCodeOnlyResponse(await this.linkRequest(req)));
  }

  private async pace(): Promise<void> {
    const wait = this.lastRequestAt + this.settings.minRequestIntervalMs - now();
    if (wait > 0) await sleep(wait);
    this.lastRequestAt = now();
  }
}

/** The C12.18 password field: the key's bytes padded with 0x00 to 20. */
export function passwordField(password: Secret): Uint8Array {
  const raw = password.reveal();
  if (raw.length > PASSWORD_LENGTH) {
    throw new SessionError(
      "OSGP_ERR_SESSION_STATE",
      `${password.label} is ${raw.length} bytes; the C12.18 password field holds ${PASSWORD_LENGTH}`,
    );
  }
  const field = new Uint8Array(PASSWORD_LENGTH);
  field.set(raw);
  return field;
}

/** A service of the session's opening that the device answered with another code than ok. */
export class OpeningRefused extends SessionError {
  constructor(
    readonly service: string,
    readonly responseCode: number,
  ) {
    super("OSGP_ERR_REQUEST_REFUSED", `the device answered ${service} with ${describeResponseCode(responseCode)}`);
  }
}

function expectOk(step: string, resp: { code: number }): void {
  if (resp.code !== RESPONSE_CODE.ok) throw new OpeningRefused(step, resp.code);
}

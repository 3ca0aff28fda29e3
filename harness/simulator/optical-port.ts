import { toHex } from "../bytes/hex";
import type { TransportError } from "../errors";
import {
  BAUD_CODES,
  SERVICE_LOGOFF,
  decodeLinkRequest,
  describeLinkRequest,
  encodeIdentifyResponse,
  encodeNegotiateResponse,
  isLinkServiceCode,
  type LinkServiceRequest,
} from "../link/c1218/link-services";
import {
  C1218Link,
  DEFAULT_PACKET_LIMITS,
  type LinkConfig,
  type LinkEvent,
  type PacketLimits,
} from "../link/c1218/link-state-machine";
import { ACK, dataLengthOf, HEADER_SIZE, PACKET_OVERHEAD } from "../link/c1218/packet";
import { clearToggle, flipToggle, sequenceOffByOne } from "./link-faults";
import { RESPONSE_CODE } from "../protocol/response-codes";
import { C1218_TABLE_CODEC, TABLE_SERVICE_CODES } from "../protocol/table-requests";
import type { ByteTransport } from "../transport/byte-transport";
import { MachineRunner } from "../transport/machine-runner";
import type { AccessLevel } from "./access-levels";
import type { ReferenceMeter } from "./meter";
import { levelForPassword, type OpticalKeys } from "./optical-keys";
import type { LogonLimit } from "./logon-limit";
import { wrapPartialWriteOffset } from "./robustness-faults";
import { OpticalTestFaults, type TestFault } from "./test-faults";
import { setTimer, wallNow, type Timer } from "../transport/timers";

/**
 * The reference meter's optical port: the C12.18 server side. It runs the same link state machine
 * as the harness, follows the C12.18 service sequence (base -> identified -> session) and passes
 * table services to the meter with the access level that the security service granted.
 *
 *   identification  base or identified -> identified     (in a session: isss)
 *   negotiate       identified only; grants min(asked, profile maximum) and the first baud rate asked
 *   logon           identified -> session, no key yet (with a logon limit: bsy during its hold-off)
 *   security        session: sets the level from MK/PK/RK; a wrong password -> err, level none
 *   logoff          session -> identified;  terminate: any -> base
 *   table services  session only (else isss);  any other code -> sns
 * After `channelTrafficTimeoutMs` without a message the port returns to base, as C12.18 requires.
 */
export interface OpticalPortOptions {
  readonly meter: ReferenceMeter;
  readonly keys: OpticalKeys;
  readonly link: LinkConfig;
  readonly channelTrafficTimeoutMs: number;
  readonly log?: (line: string) => void;
  /** The port went away (null: closed on purpose). */
  readonly onClosed?: (error: TransportError | null) => void;
  /** Faults of the harness's own tests (test-faults.ts): on the Security requests, and on a Logon after Logoff. */
  readonly testFaults?: ReadonlySet<TestFault>;
  /** Refuses logons with bsy for a hold-off after too many (logon-limit.ts); shared by every session of the port. */
  readonly logonLimit?: LogonLimit;
}

type PortState = "base" | "identified" | "session";

export class OpticalPort {
  private readonly link: C1218Link;
  private readonly runner: MachineRunner<LinkEvent>;
  private state: PortState = "base";
  private level: AccessLevel = "none";
  private idleTimer: Timer | null = null;
  /** What to do once the response now being sent has been acknowledged. */
  private afterSent: (() => Promise<void> | void) | null = null;
  /** duplicate-executed-twice: responses waiting for the one being sent to be acknowledged. */
  private readonly queued: Uint8Array[] = [];
  /** response-sent-twice: the last packet written, which goes out again once it is acknowledged. */
  private lastPacket: Uint8Array | null = null;
  /** logoff-not-acked: the ACK about to go out is held back. */
  private withholdAck = false;
  /** Set when a robustness defect has killed the port: it answers nothing more. */
  private dead = false;
  private readonly testFaults: OpticalTestFaults | null;

  constructor(
    private readonly transport: ByteTransport,
    private readonly opts: OpticalPortOptions,
  ) {
    const retries = opts.meter.defects.has("unacked-retries-unbounded") ? opts.link.retries + 3 : opts.link.retries;
    this.link = new C1218Link({ ...opts.link, retries }, DEFAULT_PACKET_LIMITS);
    this.testFaults =
      opts.testFaults === undefined || opts.testFaults.size === 0
        ? null
        : new OpticalTestFaults(opts.testFaults, (l) => this.log(l));
    this.runner = new MachineRunner(
      transport,
      this.link,
      {
        events: (events) => events.forEach((e) => this.onEvent(e)),
        closed: (error) => this.onClosed(error),
      },
      "device",
    );
  }

  close(): Promise<void> {
    this.stopIdleTimer();
    this.runner.stop();
    return this.transport.close();
  }

  private onEvent(e: LinkEvent): void {
    if (this.dead) return;
    switch (e.kind) {
      case "tx": {
        const bytes = this.misbehave(this.testFaults === null ? e : { ...e, bytes: this.testFaults.sending(e) });
        if (bytes !== null) this.runner.write(bytes);
        return;
      }
      case "rx":
        if (this.diesOn(e.event.bytes)) return;
        this.testFaults?.received(e);
        if (
          e.event.kind === "packet" &&
          e.note !== "duplicate" &&
          e.event.packet.data[0] === SERVICE_LOGOFF &&
          this.opts.meter.defects.has("logoff-not-acked")
        )
          this.withholdAck = true;
        // duplicate-executed-twice: the retransmission is taken for
        // a new request, as a link without duplicate detection does.
        if (
          e.event.kind === "packet" &&
          e.note === "duplicate" &&
          !e.event.packet.multiPacket &&
          this.opts.meter.defects.has("duplicate-executed-twice")
        )
          this.respond(this.handleSafely(e.event.packet.data));
        if (e.event.kind === "bad-packet") this.log(`bad packet: ${e.event.error.message}`);
        else if (e.note !== undefined) this.log(`${e.event.kind} (${e.note})`);
        return;
      case "message":
        this.restartIdleTimer();
        const instead = this.testFaults?.request(e.data);
        if (instead !== null) this.respond(instead ?? this.handleSafely(e.data));
        return;
      case "sent": {
        if (this.lastPacket !== null && this.opts.meter.defects.has("response-sent-twice")) {
          this.log("the acknowledged response packet, sent again (defect response-sent-twice)");
          this.runner.write(this.lastPacket);
        }
        const queued = this.queued.shift();
        if (queued !== undefined) this.respond(queued);
        const next = this.afterSent;
        this.afterSent = null;
        if (next !== null)
          void Promise.resolve(next()).catch((err: Error) => this.log(`after response: ${err.message}`));
        return;
      }
      case "send-failed":
        this.log(`response not delivered: ${e.error.message}`);
        this.afterSent = null;
        return;
      case "message-dropped":
        this.log(`message dropped: ${e.error.message}`);
        return;
    }
  }

  /** What the link defects make of the bytes the link sends; null: send nothing. */
  private misbehave(e: Extract<LinkEvent, { kind: "tx" }>): Uint8Array | null {
    const defects = this.opts.meter.defects;
    if (e.what === "ack" && this.withholdAck) {
      this.withholdAck = false;
      return null;
    }
    if (e.what === "nak" && defects.has("bad-crc-acked")) return Uint8Array.of(ACK);
    if (e.what !== "packet") return e.bytes;
    let bytes = e.bytes;
    if (defects.has("toggle-not-alternating")) bytes = clearToggle(bytes);
    if (defects.has("nak-resend-changed") && (e.attempt ?? 0) > 0) bytes = flipToggle(bytes);
    if (defects.has("multi-packet-numbering-off")) bytes = sequenceOffByOne(bytes);
    if (defects.has("bad-response-crc")) {
      bytes = bytes.slice();
      bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 0xff;
    }
    this.lastPacket = bytes;
    return bytes;
  }

  /** A fault in the meter must not take the port down: the client gets err, the log gets the fault. */
  private handleSafely(data: Uint8Array): Uint8Array {
    try {
      return this.handle(data);
    } catch (e) {
      this.log(
        `internal fault while serving ${toHex(data.subarray(0, 8))}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
      );
      return this.opts.meter.error(RESPONSE_CODE.err);
    }
  }

  private handle(data: Uint8Array): Uint8Array {
    const meter = this.opts.meter;
    const code = data[0];
    if (code === undefined) return meter.error(RESPONSE_CODE.err);
    if (isLinkServiceCode(code)) {
      const d = decodeLinkRequest(data);
      if (!d.ok) {
        this.log(`undecodable request: ${d.error.message}`);
        return meter.error(RESPONSE_CODE.err);
      }
      return this.linkService(d.value);
    }
    if (TABLE_SERVICE_CODES.includes(code) && this.state !== "session") return meter.error(RESPONSE_CODE.isss);
    const request = meter.defects.has("partial-write-offset-16-bit")
      ? wrapPartialWriteOffset(data, C1218_TABLE_CODEC)
      : data;
    const response = meter.serve(request, this.level, C1218_TABLE_CODEC, this.link.maxMessageLength);
    this.log(`request ${toHex(data.subarray(0, 8))} as ${this.level} -> ${toHex(response.subarray(0, 1))}`);
    return response;
  }

  private linkService(req: LinkServiceRequest): Uint8Array {
    const meter = this.opts.meter;
    this.log(`${describeLinkRequest(req)} in state ${this.state}`);
    const ok = Uint8Array.of(RESPONSE_CODE.ok);
    switch (req.service) {
      case "identify":
        if (this.state === "session") return meter.error(RESPONSE_CODE.isss);
        this.state = "identified";
        return encodeIdentifyResponse({ code: RESPONSE_CODE.ok, standard: 0, version: 2, revision: 0, features: [] });
      case "negotiate": {
        const allowedHere =
          this.state === "identified" ||
          (this.state === "session" && meter.defects.has("negotiate-in-session-accepted"));
        if (!allowedHere) return meter.error(RESPONSE_CODE.isss);
        const max = meter.profile.maxPacketLimits;
        if (req.packetSize <= PACKET_OVERHEAD || req.packetCount === 0) return meter.error(RESPONSE_CODE.err);
        const granted: PacketLimits = {
          packetSize: Math.min(req.packetSize, max.packetSize),
          packetCount: Math.min(req.packetCount, max.packetCount),
        };
        const baudCode = req.baudCodes.find((c) => BAUD_CODES[c] !== undefined);
        const used: PacketLimits = {
          packetSize: meter.defects.has("packet-size-ignored") ? max.packetSize : granted.packetSize,
          packetCount: meter.defects.has("packet-count-ignored") ? Math.max(max.packetCount, 8) : granted.packetCount,
        };
        this.afterSent = async () => {
          this.link.setPacketLimits(used);
          const rate = baudCode === undefined ? undefined : BAUD_CODES[baudCode];
          if (rate !== undefined) await this.transport.setBaudRate(rate);
        };
        return encodeNegotiateResponse({
          code: RESPONSE_CODE.ok,
          packetSize: granted.packetSize,
          packetCount: granted.packetCount,
          ...(baudCode === undefined ? {} : { baudCode }),
        });
      }
      case "logon":
        if (this.state !== "identified") return meter.error(RESPONSE_CODE.isss);
        if (this.opts.logonLimit?.admit(wallNow()) === false) {
          const ends = this.opts.logonLimit.holdOffEnds(wallNow());
          this.log(`logon refused (bsy): hold-off until ${ends === null ? "now" : new Date(ends).toISOString()}`);
          return meter.error(RESPONSE_CODE.bsy);
        }
        this.state = "session";
        this.level = "none";
        meter.startSession();
        return ok;
      case "security":
        if (this.state !== "session") return meter.error(RESPONSE_CODE.isss);
        this.level = levelForPassword(this.opts.keys, req.password);
        if (this.level === "none" && meter.defects.has("wrong-password-grants-access")) {
          this.level = "reader";
          this.log("wrong password, yet access level reader (defect wrong-password-grants-access)");
          return meter.error(RESPONSE_CODE.err);
        }
        this.log(`access level ${this.level}`);
        return this.level === "none" ? meter.error(RESPONSE_CODE.err) : ok;
      case "logoff":
        if (this.state !== "session") return meter.error(RESPONSE_CODE.isss);
        this.state = "identified";
        this.level = "none";
        return ok;
      case "terminate":
        this.afterSent = () => this.toBase();
        return ok;
      case "wait":
        return ok;
    }
  }

  private respond(response: Uint8Array): void {
    if (this.link.sending && this.opts.meter.defects.has("duplicate-executed-twice")) {
      this.queued.push(response);
      return;
    }
    try {
      this.runner.act((now) => this.link.send(response, now));
    } catch (e) {
      // The client sent a new request before acknowledging our last response: C12.18 has no room
      // for that, so the new request goes unanswered and the client's time-out reports it.
      this.log(`cannot respond: ${(e as Error).message}`);
    }
  }

  /**
   * oversize-packet-crash: a packet (whole or not) whose length field exceeds the negotiated packet
   * size kills the port, as a firmware that copies it into a buffer of that size would.
   */
  private diesOn(bytes: Uint8Array): boolean {
    if (!this.opts.meter.defects.has("oversize-packet-crash") || bytes[0] !== 0xee || bytes.length < HEADER_SIZE)
      return false;
    if (dataLengthOf(bytes) <= this.link.packetLimits.packetSize - PACKET_OVERHEAD) return false;
    this.dead = true;
    this.log(
      `packet length ${dataLengthOf(bytes)} exceeds the negotiated size: the port dies (defect oversize-packet-crash)`,
    );
    void this.close();
    return true;
  }

  private toBase(): void {
    this.state = "base";
    this.level = "none";
    this.link.resetReceiver();
    this.link.setPacketLimits(DEFAULT_PACKET_LIMITS);
  }

  private restartIdleTimer(): void {
    this.stopIdleTimer();
    this.idleTimer = setTimer(
      () => {
        this.log(`no traffic for ${this.opts.channelTrafficTimeoutMs} ms: back to base state`);
        this.toBase();
      },
      this.opts.channelTrafficTimeoutMs,
      { side: "device", ref: false },
    );
  }

  private stopIdleTimer(): void {
    this.idleTimer?.cancel();
    this.idleTimer = null;
  }

  private onClosed(error: TransportError | null): void {
    this.stopIdleTimer();
    if (error !== null) this.log(`port closed: ${error.message}`);
    this.opts.onClosed?.(error);
  }

  private log(line: string): void {
    this.opts.log?.(line);
  }
}

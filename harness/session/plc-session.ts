import type { DecodeError, OsgpError } from "../errors";
import { ExchangeSlot, type InFlight } from "./exchange-slot";
import { LinkError, SessionError } from "../errors";
import type { CnipPacket } from "../link/cnip/cnip-header";
import type { LonAddress } from "../link/lon/lon-address";
import type { LonApdu } from "../link/lon/lon-apdu";
import { osgpResponseMessage } from "../link/lon/osgp-over-lon";
import {
  describePlcDatagram,
  describePlcDestination,
  PlcClientLink,
  type PlcClientEvent,
  type PlcDestination,
  type PlcResponder,
} from "../link/lon/plc-client-link";
import type { PlcLinkConfig } from "../link/lon/plc-link-config";
import type { Redactor } from "../security/redactor";
import type { SecuritySuite } from "../security/security-suite";
import type { ByteTransport } from "../transport/byte-transport";
import { MachineRunner } from "../transport/machine-runner";
import { observed } from "./exchange-observer";
import { SecuredSession, type SecuredRole, type SecuredSettings } from "./secured-session";

/**
 * A client of one meter on the PLC link: the secured exchanges of SecuredSession, each carried as
 * one ISO/IEC 14908-1 request/response transaction through a CN/IP gateway, with the link's
 * retries. Besides the meter's OSGP APDUs the session sends 14908-1 network management (clause 5:
 * Query ID, Respond to Query), to one node, a group or the whole domain, and keeps what the
 * clause-4 and 9.1 checks need: every datagram the link set aside and why, the attempt an answer
 * came on, the Service Pin messages heard.
 */
export interface PlcSessionSettings extends SecuredSettings {
  readonly link: PlcLinkConfig;
  /** Where the meter's OSGP requests go. */
  readonly meter: PlcDestination;
  /** The meter's identity from the PIXIT, whichever form `meter` uses. */
  readonly meterAddress: { readonly subnet: number; readonly node: number; readonly uniqueId: Uint8Array };
  /** Largest data count of one read response (9.2: 84 in Jovanovic and Neves, "Dumb Crypto in Smart Grids"). */
  readonly maxReadData: number;
  /** Largest data count of one partial write (9.2: 75). */
  readonly maxWriteData: number;
  /** Ask the gateway for its status before the first request, so that a missing gateway shows as such. */
  readonly probeGateway: boolean;
}

/** A datagram the link did not take as an answer, and why: the evidence of 9.1's matching. */
export interface IgnoredDatagram {
  readonly reason: string;
  readonly bytes: Uint8Array;
  readonly error?: DecodeError;
  /**
   * Every transaction number the session had sent when this came: an answer with another one answers nothing of ours.
   */
  readonly tnsSent: readonly number[];
}

export interface PlcAnswer {
  readonly from: PlcResponder;
  readonly apdu: LonApdu;
  /** 0 for the first attempt; the retry the answer came on otherwise. */
  readonly attempt: number;
  readonly tn: number;
}

/** How one 14908-1 transaction ended. "silent": no node answered any attempt. */
export interface PlcTransaction {
  readonly to: PlcDestination;
  /** The transaction number it went out with. */
  readonly tn: number | null;
  readonly answers: readonly PlcAnswer[];
  readonly outcome: "answered" | "completed" | "silent";
  /** For a group: the members below the expected size that did not answer. */
  readonly missingMembers: readonly number[];
  /** The link's error when silent. */
  readonly error: LinkError | null;
}

export interface ServicePinHeard {
  readonly uniqueId: Uint8Array;
  readonly programId: Uint8Array;
  readonly from: LonAddress;
}

type Pending =
  | ({
      readonly kind: "transaction";
      readonly to: PlcDestination;
      readonly answers: PlcAnswer[];
      tn: number | null;
      resolve(t: PlcTransaction): void;
    } & InFlight)
  | ({ readonly kind: "status"; resolve(p: CnipPacket): void } & InFlight);

export class PlcSession extends SecuredSession {
  readonly linkName = "PLC";
  readonly ignored: IgnoredDatagram[] = [];
  readonly servicePins: ServicePinHeard[] = [];
  /** Every answer taken, with the length of the OSGP message it carried (9.2). */
  readonly responses: { readonly bytes: Uint8Array; readonly osgpLength: number }[] = [];
  /** The transaction number of each transaction, in the order they went out (retries not repeated). */
  readonly transactionNumbers: number[] = [];
  /** The last transaction that ended, answered or not. */
  lastTransaction: PlcTransaction | null = null;
  private readonly link: PlcClientLink;
  private readonly runner: MachineRunner<PlcClientEvent>;
  private readonly slot = new ExchangeSlot<Pending>("a PLC transaction");
  private readonly tnsSent = new Set<number>();

  constructor(
    private readonly transport: ByteTransport,
    readonly plcSettings: PlcSessionSettings,
    suites: { readonly [R in SecuredRole]: SecuritySuite | null },
    redactor: Redactor,
  ) {
    super(plcSettings, suites, redactor);
    this.link = new PlcClientLink(plcSettings.link);
    this.runner = new MachineRunner(transport, this.link, {
      events: (es) => es.forEach((e) => this.onEvent(e)),
      closed: (e) => this.onClosed(e),
    });
  }

  get maxReadChunk(): number {
    return this.plcSettings.maxReadData;
  }

  get maxWriteChunk(): number {
    return this.plcSettings.maxWriteData;
  }

  /** The gateway probe of the PIXIT: a CN/IP status request that must be answered. */
  async open(): Promise<void> {
    if (this.slot.closedError !== null) throw this.slot.closedError;
    if (!this.plcSettings.probeGateway) return;
    // A gateway that answers says nothing of the meter behind it, so only its silence is reported.
    const status = await observed(
      this.settings.observer,
      this.start<CnipPacket>(
        (resolve, reject) => ({ kind: "status", resolve, reject }),
        (now) => this.link.statusRequest(now),
        new Uint8Array(0),
      ),
      true,
    );
    this.trace.note(
      `the CN/IP gateway answered its status request (session id 0x${status.sessionId.toString(16).padStart(8, "0")})`,
    );
  }

  /** One protected OSGP message to the meter; resolves with the protected answer's bytes. */
  sendRaw(frame: Uint8Array): Promise<Uint8Array> {
    const to = this.plcSettings.meter;
    return observed(
      this.settings.observer,
      this.transact((now) => this.link.requestOsgp(frame, to, now), to, frame).then((t) => this.osgpAnswer(t)),
    );
  }

  /**
   * The last transaction once more under its own transaction number, as a retry whose answer was
   * lost looks to the meter (clause 4: it answers again and does not execute twice).
   */
  async repeatLast(): Promise<PlcTransaction> {
    const last = this.lastTransaction;
    if (last === null)
      throw new SessionError("OSGP_ERR_SESSION_STATE", "no PLC transaction has ended yet, so there is none to repeat");
    this.trace.note("the last transaction again, under its own transaction number");
    return this.transact((now) => this.link.repeatLast(now), last.to, new Uint8Array(0));
  }

  /** The OSGP message of a transaction's (first) answer, as sendRaw gives it; silence throws the link's error. */
  osgpAnswer(t: PlcTransaction): Uint8Array {
    const answer = t.answers[0];
    if (answer === undefined)
      throw t.error ?? new LinkError("OSGP_ERR_PLC_NO_RESPONSE", `no answer from ${describePlcDestination(t.to)}`);
    const osgp = osgpResponseMessage(answer.apdu, this.plcSettings.link.carriage);
    if (!osgp.ok) throw osgp.error;
    return this.received(osgp.value);
  }

  /**
   * Any 14908-1 APDU (network management, most often) as a request/response transaction. Unlike
   * an OSGP request, silence is an outcome here, not an error: a Query ID that no node is selected
   * for is answered by nobody. So the observer is not told: a silence the scenario asked for must
   * not count against the link.
   */
  request(apdu: LonApdu, to: PlcDestination): Promise<PlcTransaction> {
    return this.transact((now) => this.link.request(apdu, to, now), to, new Uint8Array(0));
  }

  async close(): Promise<void> {
    this.runner.stop();
    this.slot.shut(new SessionError("OSGP_ERR_SESSION_STATE", "the PLC session was closed"));
    await this.transport.close();
  }

  private transact(
    send: (now: number) => PlcClientEvent[],
    to: PlcDestination,
    bytes: Uint8Array,
  ): Promise<PlcTransaction> {
    return this.start<PlcTransaction>(
      (resolve, reject) => ({ kind: "transaction", to, answers: [], tn: null, resolve, reject }),
      send,
      bytes,
    );
  }

  private start<T>(
    make: (resolve: (v: T) => void, reject: (e: OsgpError) => void) => Pending,
    send: (now: number) => PlcClientEvent[],
    bytes: Uint8Array,
  ): Promise<T> {
    return this.slot.start<T>(make, () => this.runner.act(send), bytes);
  }

  private onEvent(e: PlcClientEvent): void {
    switch (e.kind) {
      case "tx":
        if (e.tn !== null) this.tnsSent.add(e.tn);
        if (e.tn !== null && e.attempt === 0) this.transactionNumbers.push(e.tn);
        if (this.slot.pending?.kind === "transaction") this.slot.pending.tn = e.tn;
        this.trace.record(
          "tx",
          "plc",
          e.datagram,
          `${describePlcDatagram(e)}${e.attempt > 0 ? ` (retry ${e.attempt})` : ""}`,
        );
        this.runner.write(e.datagram);
        return;
      case "rx":
        this.lastRx = this.trace.record(
          "rx",
          e.pdu === null ? "plc-other" : "plc",
          e.datagram,
          describePlcDatagram(e),
        ).index;
        return;
      case "ignored":
        this.ignored.push({
          reason: e.reason,
          bytes: e.datagram,
          tnsSent: [...this.tnsSent],
          ...(e.error === undefined ? {} : { error: e.error }),
        });
        this.trace.amend(this.lastRx, `not taken: ${e.reason}`);
        return;
      case "service-pin":
        this.servicePins.push({ uniqueId: e.uniqueId, programId: e.programId, from: e.from });
        this.trace.amend(this.lastRx, "a Service Pin message");
        return;
      case "gateway-status": {
        const p = this.slot.pending;
        if (p?.kind !== "status") return;
        this.slot.take();
        p.resolve(e.packet);
        return;
      }
      case "response": {
        const p = this.slot.pending;
        if (p?.kind !== "transaction") return;
        p.answers.push({ from: e.from, apdu: e.apdu, attempt: e.attempt, tn: e.tn });
        const osgp = osgpResponseMessage(e.apdu, this.plcSettings.link.carriage);
        this.responses.push({ bytes: e.datagram, osgpLength: osgp.ok ? osgp.value.length : 1 + e.apdu.data.length });
        if (e.attempt > 0) this.trace.amend(this.lastRx, `answers retry ${e.attempt}`);
        if (e.final) this.finish(p, "answered", [], null);
        return;
      }
      case "completed": {
        const p = this.slot.pending;
        if (p?.kind === "transaction") this.finish(p, "completed", e.missingMembers, null);
        return;
      }
      case "failed":
        this.trace.note(e.error.message);
        if (this.slot.pending?.kind === "transaction") this.finish(this.slot.pending, "silent", [], e.error);
        else this.slot.fail(e.error);
        return;
    }
  }

  private finish(
    p: Extract<Pending, { kind: "transaction" }>,
    outcome: PlcTransaction["outcome"],
    missingMembers: readonly number[],
    error: LinkError | null,
  ): void {
    this.slot.take();
    const t: PlcTransaction = { to: p.to, tn: p.tn, answers: p.answers, outcome, missingMembers, error };
    this.lastTransaction = t;
    p.resolve(t);
  }

  private onClosed(error: OsgpError | null): void {
    if (error !== null) this.trace.note(`gateway link lost: ${error.message}`);
    this.slot.shut(error ?? new SessionError("OSGP_ERR_SESSION_STATE", "the PLC session was closed"));
  }
}

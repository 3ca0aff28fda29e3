import { SessionError, type OsgpError } from "../errors";
import { ExchangeSlot, type InFlight } from "./exchange-slot";
import type { MepLinkConfig } from "../link/mep/mep-link-config";
import { MepClientLink, type LateAnswer, type MepClientEvent } from "../link/mep/mep-client-link";
import { describeMepFrame } from "../link/mep/mep-frame";
import type { Redactor } from "../security/redactor";
import type { SecuritySuite } from "../security/security-suite";
import type { ByteTransport } from "../transport/byte-transport";
import { MachineRunner } from "../transport/machine-runner";
import { observed } from "./exchange-observer";
import { SecuredSession, type SecuredRole, type SecuredSettings } from "./secured-session";

/**
 * A client of the MEP port (the OSGP secured serial link): the secured exchanges of
 * SecuredSession carried in MEP frames, MAK as the advanced key and MBK as the basic one. The
 * port's alert (00 00, alerts pending) is counted, never taken for an answer, and so is the late
 * answer to an earlier request's retransmission (it goes to the trace, marked as such).
 */
export interface MepSessionSettings extends SecuredSettings {
  readonly link: MepLinkConfig;
}

interface Pending extends InFlight {
  resolve(payload: Uint8Array): void;
}

export class MepSession extends SecuredSession {
  readonly linkName = "MEP";
  private readonly link: MepClientLink;
  private readonly runner: MachineRunner<MepClientEvent>;
  private readonly slot = new ExchangeSlot<Pending>("a MEP exchange");
  alerts = 0;

  constructor(
    private readonly transport: ByteTransport,
    readonly mepSettings: MepSessionSettings,
    suites: { readonly [R in SecuredRole]: SecuritySuite | null },
    redactor: Redactor,
  ) {
    super(mepSettings, suites, redactor);
    this.link = new MepClientLink(mepSettings.link);
    this.runner = new MachineRunner(transport, this.link, {
      events: (es) => es.forEach((e) => this.onEvent(e)),
      closed: (e) => this.onClosed(e),
    });
  }

  /** Largest data count of one read response: 476 - code - count - digest. */
  get maxReadChunk(): number {
    return this.mepSettings.link.maxPayload - 3 - 8;
  }

  /** Largest data count of one partial write: 476 - header (8) - sequence (4) - digest (8) = 456. */
  get maxWriteChunk(): number {
    return this.mepSettings.link.maxPayload - 8 - 4 - 8;
  }

  sendRaw(payload: Uint8Array, lateAnswer?: LateAnswer): Promise<Uint8Array> {
    return observed(this.settings.observer, this.send(payload, lateAnswer));
  }

  private send(payload: Uint8Array, lateAnswer: LateAnswer | undefined): Promise<Uint8Array> {
    return this.slot
      .start<Uint8Array>(
        (resolve, reject) => ({ resolve, reject }),
        () => this.runner.act((now) => this.link.send(payload, now, lateAnswer)),
        payload,
      )
      .then((r) => this.received(r));
  }

  async close(): Promise<void> {
    this.runner.stop();
    this.slot.shut(new SessionError("OSGP_ERR_SESSION_STATE", "the MEP session was closed"));
    await this.transport.close();
  }

  private onEvent(e: MepClientEvent): void {
    switch (e.kind) {
      case "tx":
        this.trace.record(
          "tx",
          "mep",
          e.bytes,
          `mep len=${e.bytes.length - 2}${e.attempt > 0 ? ` (retransmission ${e.attempt})` : ""}`,
        );
        this.runner.write(e.bytes);
        return;
      case "rx": {
        const ev = e.event;
        const summary =
          ev.kind === "frame"
            ? describeMepFrame({ kind: "message", payload: ev.payload })
            : ev.kind === "alert"
              ? "mep alert (the device has alerts pending)"
              : `bad frame: ${ev.error.code} ${ev.error.detail}`;
        this.lastRx = this.trace.record("rx", ev.kind === "frame" ? "mep" : ev.kind, ev.bytes, summary).index;
        return;
      }
      case "alert":
        this.alerts++;
        return;
      case "response":
        this.slot.take()?.resolve(e.payload);
        return;
      case "unsolicited":
        this.trace.amend(this.lastRx, "unsolicited message");
        return;
      case "late":
        this.trace.amend(this.lastRx, `late answer to an earlier request, not taken for this one's: ${e.why}`);
        return;
      case "failed":
        this.trace.note(e.error.message);
        this.slot.fail(e.error);
        return;
    }
  }

  private onClosed(error: OsgpError | null): void {
    if (error !== null) this.trace.note(`port lost: ${error.message}`);
    this.slot.shut(error ?? new SessionError("OSGP_ERR_SESSION_STATE", "the MEP session was closed"));
  }
}

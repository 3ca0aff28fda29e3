import { bytesEqual } from "../bytes/byte-arrays";
import type { TransportError } from "../errors";
import { encodeMepAlert, LENGTH_SIZE, lengthFieldOf } from "../link/mep/mep-frame";
import { DEFAULT_MEP_SERVER_CONFIG, type MepServerConfig } from "../link/mep/mep-link-config";
import { MepServerLink, type MepServerEvent } from "../link/mep/mep-server-link";
import { aesPskProfile } from "../security/aes128-psk";
import { MIN_REQUEST_FRAME, mepKeys } from "../security/rc4-psk";
import { aesPskSuite, rc4PskSuite } from "../security/security-suite";
import { Secret } from "../security/secret";
import type { ByteTransport } from "../transport/byte-transport";
import { MachineRunner } from "../transport/machine-runner";
import type { ReferenceMeter } from "./meter";
import { SecuredApduServer, type KeyedSuite } from "./secured-apdu-server";
import { securedTestFault, type TestFault } from "./test-faults";
import { setRepeating, setTimer, type Timer } from "../transport/timers";

/**
 * The reference meter's MEP port: MEP framing (harness/link/mep) around the secured APDU server,
 * MAK tried before MBK. While an alert is pending (an interface change, until ET04 is read) the
 * port sends the alert `00 00` once a second.
 */
export interface MepKeys {
  /** MAK, the advanced key: full access (subject to the hardware lock). */
  readonly mak: Secret;
  /** MBK, the basic key: read access, and transactions of reads. */
  readonly mbk: Secret;
}

/**
 * Documented default keys (ASCII, 16 bytes). Not the MEP guide's default MAK (01 x 16): a key whose
 * bytes are all equal cannot tell a correct digest from one computed with the key's bytes in the
 * wrong order, so the reference meter's own keys must not be uniform.
 */
export const DEFAULT_MEP_KEYS_TEXT = { mak: "MAK-OSGP-SIM-KEY", mbk: "MBK-OSGP-SIM-KEY" } as const;

export function defaultMepKeys(): MepKeys {
  return {
    mak: Secret.fromText(DEFAULT_MEP_KEYS_TEXT.mak, "MAK"),
    mbk: Secret.fromText(DEFAULT_MEP_KEYS_TEXT.mbk, "MBK"),
  };
}
/**
 * How late the mep-response-late defect answers: past the MEP guide's 500 ms and any bench's
 * margin, yet within the link probe's wait of twice the response time, so that the scenario sees
 * the response arrive late rather than not at all.
 */
const MEP_LATE_RESPONSE_MS = 750;

/** The server's first sequence number: the value in the MEP guide's worked example. */
export const DEFAULT_FIRST_SEQUENCE = 0x77635b90;

export interface MepPortOptions {
  readonly meter: ReferenceMeter;
  readonly keys: MepKeys;
  readonly link?: MepServerConfig;
  readonly firstSequence?: number;
  readonly alertIntervalMs?: number;
  readonly log?: (line: string) => void;
  readonly onClosed?: (error: TransportError | null) => void;
  /** Faults of the harness's own tests (test-faults.ts), on every request. */
  readonly testFaults?: ReadonlySet<TestFault>;
}

/** Swaps each pair of key bytes: the digest-key-bytes-swapped defect. */
function swapPairs(key: Uint8Array): Uint8Array {
  const out = key.slice();
  for (let i = 0; i + 1 < out.length; i += 2) [out[i], out[i + 1]] = [out[i + 1] as number, out[i] as number];
  return out;
}

export class MepPort {
  private readonly link: MepServerLink;
  private readonly runner: MachineRunner<MepServerEvent>;
  private readonly server: SecuredApduServer;
  private readonly alertTimer: Timer;
  /** Set when a robustness defect has hung or killed the port: it answers nothing more. */
  private silent = false;
  /** The last request frame, for mep-retransmission-executed-twice. */
  private lastRequest: Uint8Array | null = null;
  /** Responses held back by mep-response-late, dropped when the port closes. */
  private readonly lateResponses = new Set<Timer>();

  constructor(
    private readonly transport: ByteTransport,
    private readonly opts: MepPortOptions,
  ) {
    const meter = opts.meter;
    const asked = opts.link ?? DEFAULT_MEP_SERVER_CONFIG;
    // A segment as long as the longest frame: every response goes in one burst.
    const config = meter.defects.has("mep-response-not-segmented")
      ? { ...asked, segmentSize: LENGTH_SIZE + asked.maxPayload }
      : asked;
    const keyBytes = (s: Secret) =>
      meter.defects.has("digest-key-bytes-swapped") ? swapPairs(s.reveal()) : s.reveal();
    const rc4 = (name: string, s: Secret, level: KeyedSuite["level"]): KeyedSuite => ({
      name,
      level,
      suite: rc4PskSuite(mepKeys(keyBytes(s)), { responseKeystream: "continue", emptyInput: "one-zero-block" }),
    });
    const aes = (name: string, s: Secret, level: KeyedSuite["level"]): KeyedSuite => ({
      name,
      level,
      suite: aesPskSuite(keyBytes(s), aesPskProfile()),
    });
    this.server = new SecuredApduServer(
      meter,
      {
        rc4: [rc4("MAK", opts.keys.mak, "master"), rc4("MBK", opts.keys.mbk, "reader")],
        aes128: [aes("MAK", opts.keys.mak, "master"), aes("MBK", opts.keys.mbk, "reader")],
      },
      {
        window: 8,
        firstSequence: opts.firstSequence ?? DEFAULT_FIRST_SEQUENCE,
        icaJump: 25,
        codec: { checksum: false },
      },
      (l) => this.log(l),
    );
    this.link = new MepServerLink(config);
    this.runner = new MachineRunner(
      transport,
      this.link,
      {
        events: (es) => es.forEach((e) => this.onEvent(e)),
        closed: (e) => this.onClosed(e),
      },
      "device",
    );
    this.alertTimer = setRepeating(
      () => {
        if (meter.interface.alertPending && !this.link.responding && !this.silent)
          this.runner.act((now) => this.link.alert(now));
      },
      opts.alertIntervalMs ?? 1000,
      { side: "device", ref: false },
    );
  }

  /** The device's sequence number (for tests and logs). */
  get sequence(): number {
    return this.server.last;
  }

  close(): Promise<void> {
    this.alertTimer.cancel();
    for (const t of this.lateResponses) t.cancel();
    this.runner.stop();
    return this.transport.close();
  }

  private onEvent(e: MepServerEvent): void {
    switch (e.kind) {
      case "tx":
        this.write(e);
        return;
      case "request": {
        if (this.silent) {
          this.log("a request arrives but the port no longer answers (robustness defect)");
          return;
        }
        if (this.opts.meter.defects.has("short-envelope-crash") && e.payload.length < MIN_REQUEST_FRAME) {
          this.silent = true;
          this.log(`a ${e.payload.length}-byte secured frame: the port dies (defect short-envelope-crash)`);
          void this.close();
          return;
        }
        const again = this.lastRequest !== null && bytesEqual(this.lastRequest, e.payload);
        this.lastRequest = e.payload.slice();
        if (again && this.opts.meter.defects.has("mep-retransmission-executed-twice")) {
          // The window check then takes the repeated number for the next one: the request runs again.
          this.server.last = (this.server.last - 1) >>> 0;
          this.log("the same request again: executed as a new one (defect mep-retransmission-executed-twice)");
        }
        let response: Uint8Array;
        try {
          // Room for the digest: a response APDU may fill the frame but for its 8 bytes.
          response = this.server.handle(e.payload, (this.opts.link ?? DEFAULT_MEP_SERVER_CONFIG).maxPayload - 8);
        } catch (err) {
          this.log(`internal fault: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
          return;
        }
        const answer =
          this.opts.testFaults === undefined ? response : securedTestFault(this.opts.testFaults, e.payload, response);
        if (answer === null) {
          this.log("a request, not answered (test fault)");
          return;
        }
        const respond = () => this.runner.act((now) => this.link.respond(answer, now));
        if (!this.opts.meter.defects.has("mep-response-late")) {
          respond();
          return;
        }
        this.log(`the response is held back ${MEP_LATE_RESPONSE_MS} ms (defect mep-response-late)`);
        const t = setTimer(
          () => {
            this.lateResponses.delete(t);
            respond();
          },
          MEP_LATE_RESPONSE_MS,
          { side: "device" },
        );
        this.lateResponses.add(t);
        return;
      }
      case "rx":
        if (e.event.kind === "bad-frame") this.log(`bad frame: ${e.event.error.message}`);
        if (
          e.event.kind === "bad-frame" &&
          e.event.error.code === "OSGP_ERR_FRAME_INTERCHAR_TIMEOUT" &&
          this.opts.meter.defects.has("truncated-frame-hang")
        ) {
          this.silent = true;
          this.log("a frame cut short: the port stops answering (defect truncated-frame-hang)");
        }
        return;
      default:
        return;
    }
  }

  private write(e: Extract<MepServerEvent, { kind: "tx" }>): void {
    this.put(e);
    // A write completes when its last byte is out (on a paced or real line, its line time later):
    // the link times the gap before the next segment from then, so that the gap is silence on the wire.
    if (e.what === "response") void this.runner.flush().then(() => this.runner.act((now) => this.link.sent(now)));
  }

  private put(e: Extract<MepServerEvent, { kind: "tx" }>): void {
    const defects = this.opts.meter.defects;
    if (
      e.what === "response" &&
      e.segment > 0 &&
      this.opts.meter.interface.alertPending &&
      defects.has("mep-alert-inside-response")
    ) {
      this.runner.write(encodeMepAlert());
    }
    if (e.what === "response" && e.segment === 0 && defects.has("mep-length-off-by-one")) {
      const bytes = e.bytes.slice();
      const length = lengthFieldOf(bytes) + 1;
      bytes[0] = length >> 8;
      bytes[1] = length & 0xff;
      this.runner.write(bytes);
      return;
    }
    this.runner.write(e.bytes);
  }

  private onClosed(error: TransportError | null): void {
    this.alertTimer.cancel();
    if (error !== null) this.log(`port closed: ${error.message}`);
    this.opts.onClosed?.(error);
  }

  private log(line: string): void {
    this.opts.log?.(line);
  }
}

import { unwrap } from "../bytes/decoded";
import { SessionError } from "../errors";
import {
  BAUD_CODES,
  baudCodeOf,
  decodeIdentifyResponse,
  decodeNegotiateResponse,
  encodeLinkRequest,
  type LinkServiceRequest,
  type NegotiateResponse,
} from "../link/c1218/link-services";
import { describeResponseCode, RESPONSE_CODE } from "../protocol/response-codes";
import type { Secret } from "../security/secret";
import type { C1218Probe, ProbeSettings } from "../session/c1218-probe";
import { passwordField } from "../session/optical-session";
import type { Pixit } from "./pixit";
import { PACKET_OVERHEAD } from "../link/c1218/packet";
import { C1218_TABLE_CODEC, encodeTableRequest } from "../protocol/table-requests";
import {
  decodeReadResponse,
  decodeWriteResponse,
  type ReadResponse,
  type WriteResponse,
} from "../protocol/table-responses";
import type { TableClient } from "../session/table-client";

/**
 * The C12.18 service sequence run through the link probe, so that the link scenarios can open
 * and end a session the same way the ordinary client does while every byte stays observable.
 */
export function probeSettings(p: Pixit): ProbeSettings {
  return {
    identity: p.link.identity,
    ackTimeoutMs: p.link.ackTimeoutMs,
    interCharTimeoutMs: p.link.interCharTimeoutMs,
    responseTimeoutMs: p.session.responseTimeoutMs,
    retries: p.link.retries,
    wakeup: p.session.wakeup,
  };
}

export function linkRequest(req: LinkServiceRequest): Uint8Array {
  return encodeLinkRequest(req);
}

/** Negotiates the sizes asked; applies what the device granted. */
export async function probeNegotiate(
  probe: C1218Probe,
  ask: { packetSize: number; packetCount: number; baudRate: number | null },
): Promise<NegotiateResponse> {
  const baudCode = ask.baudRate === null ? undefined : baudCodeOf(ask.baudRate);
  const resp = unwrap(
    decodeNegotiateResponse(
      await probe.request(
        linkRequest({
          service: "negotiate",
          packetSize: ask.packetSize,
          packetCount: ask.packetCount,
          baudCodes: baudCode === undefined ? [] : [baudCode],
        }),
      ),
    ),
  );
  if (resp.code === RESPONSE_CODE.ok && resp.packetSize !== undefined && resp.packetCount !== undefined) {
    probe.setPacketLimits({ packetSize: resp.packetSize, packetCount: resp.packetCount });
    const rate = resp.baudCode === undefined ? undefined : BAUD_CODES[resp.baudCode];
    if (rate !== undefined) await probe.setBaudRate(rate);
  }
  return resp;
}

/** Wake-up, identification, negotiation (the PIXIT's sizes), logon and, with a password, security. */
export async function probeOpen(probe: C1218Probe, pixit: Pixit, password: Secret | null): Promise<void> {
  await probe.wakeUp();
  expectOk(
    "identification",
    unwrap(decodeIdentifyResponse(await probe.request(linkRequest({ service: "identify" })))).code,
  );
  expectOk("negotiate", (await probeNegotiate(probe, pixit.session.negotiate)).code);
  expectOk(
    "logon",
    codeOf(
      await probe.request(
        linkRequest({ service: "logon", userId: pixit.session.logon.userId, user: pixit.session.logon.user }),
      ),
    ),
  );
  if (password !== null)
    expectOk(
      `security with ${password.label}`,
      codeOf(await probe.request(linkRequest({ service: "security", password: passwordField(password) }))),
    );
}

/** Logoff and terminate; a device that fails to answer is still left to its own time-outs. */
export async function probeEnd(probe: C1218Probe): Promise<void> {
  try {
    await probe.request(linkRequest({ service: "logoff" }));
    await probe.request(linkRequest({ service: "terminate" }));
  } catch (e) {
    probe.trace.note(`ending the session: ${(e as Error).message}`);
  }
}

export function codeOf(response: Uint8Array): number {
  const c = response[0];
  if (c === undefined) throw new SessionError("OSGP_ERR_SESSION_STATE", "the device answered an empty message");
  return c;
}

function expectOk(step: string, code: number): void {
  if (code !== RESPONSE_CODE.ok)
    throw new SessionError(
      "OSGP_ERR_REQUEST_REFUSED",
      `the device answered ${step} with ${describeResponseCode(code)}`,
    );
}

/**
 * The probe as a table client, for the reads and writes around the exchange under test (the
 * scratch area before and after, the clock), so that they go through the same ordinary code as
 * every other scenario's.
 */
export class ProbeTableClient implements TableClient {
  readonly codec = C1218_TABLE_CODEC;
  lastResponse: Uint8Array | null = null;

  constructor(private readonly probe: C1218Probe) {}

  get maxReadChunk(): number {
    return this.probe.packetLimits.packetCount * (this.probe.packetLimits.packetSize - PACKET_OVERHEAD) - 4;
  }

  async requestRaw(apdu: Uint8Array): Promise<Uint8Array> {
    this.lastResponse = await this.probe.request(apdu);
    return this.lastResponse;
  }

  async readFull(tableId: number): Promise<ReadResponse> {
    return unwrap(
      decodeReadResponse(
        await this.requestRaw(encodeTableRequest({ service: "full-read", tableId }, this.codec)),
        this.codec,
      ),
    );
  }

  async readPartial(tableId: number, offset: number, count: number): Promise<ReadResponse> {
    return unwrap(
      decodeReadResponse(
        await this.requestRaw(encodeTableRequest({ service: "partial-read", tableId, offset, count }, this.codec)),
        this.codec,
      ),
    );
  }

  async writeFull(tableId: number, data: Uint8Array): Promise<WriteResponse> {
    return unwrap(
      decodeWriteResponse(
        await this.requestRaw(encodeTableRequest({ service: "full-write", tableId, data }, this.codec)),
      ),
    );
  }

  async writePartial(tableId: number, offset: number, data: Uint8Array): Promise<WriteResponse> {
    return unwrap(
      decodeWriteResponse(
        await this.requestRaw(encodeTableRequest({ service: "partial-write", tableId, offset, data }, this.codec)),
      ),
    );
  }
}

import { toHex } from "../bytes/hex";
import {
  decodeIdentifyResponse,
  decodeLinkRequest,
  decodeNegotiateResponse,
  describeLinkRequest,
  isLinkServiceCode,
  type IdentifyResponse,
  type NegotiateResponse,
} from "../link/c1218/link-services";
import { BAUD_CODES } from "../link/c1218/link-services";
import { describeResponseCode } from "../protocol/response-codes";
import {
  decodeTableRequest,
  describeTableRequest,
  isReadService,
  isWriteService,
  type TableCodecOptions,
} from "../protocol/table-requests";
import {
  decodeCodeOnlyResponse,
  decodeReadResponse,
  decodeWriteResponse,
  describeResponse,
} from "../protocol/table-responses";

/**
 * One-line meanings of whole messages for the trace: "full read BT00", "ok, 43 data byte(s)".
 * A message that does not decode is summarised by its error, which names the offset.
 */
export function describeRequestMessage(bytes: Uint8Array, opts: TableCodecOptions): string {
  if (bytes.length === 0) return "empty message";
  // Only a link service code is tried as one: a failed decode builds an error, and this runs for every request.
  if (isLinkServiceCode(bytes[0] as number)) {
    const link = decodeLinkRequest(bytes);
    if (link.ok) return describeLinkRequest(link.value);
  }
  const table = decodeTableRequest(bytes, opts);
  if (table.ok) return describeTableRequest(table.value);
  return `undecodable request: ${table.error.code} ${table.error.detail}`;
}

export function describeResponseMessage(
  request: Uint8Array | null,
  response: Uint8Array,
  opts: TableCodecOptions,
): string {
  if (response.length === 0) return "empty response";
  const code = request?.[0];
  const result =
    code === 0x20
      ? mapDecoded(decodeIdentifyResponse(response), describeIdentifyResponse)
      : code !== undefined && code >= 0x60 && code <= 0x6b
        ? mapDecoded(decodeNegotiateResponse(response), describeNegotiateResponse)
        : isReadService(code)
          ? mapDecoded(decodeReadResponse(response, opts), describeResponse)
          : isWriteService(code)
            ? mapDecoded(decodeWriteResponse(response), describeResponse)
            : mapDecoded(decodeCodeOnlyResponse(response), describeResponse);
  return result;
}

export function describeIdentifyResponse(v: IdentifyResponse): string {
  if (v.code !== 0) return describeResponseCode(v.code);
  const features = v.features?.length ? ` features ${toHex(Uint8Array.from(v.features))}` : "";
  return `ok, standard ${v.standard} version ${v.version} revision ${v.revision}${features}`;
}

export function describeNegotiateResponse(v: NegotiateResponse): string {
  if (v.code !== 0) return describeResponseCode(v.code);
  const baud = v.baudCode === undefined ? "" : ` baud ${BAUD_CODES[v.baudCode] ?? `code ${v.baudCode}`}`;
  return `ok, packet size ${v.packetSize} count ${v.packetCount}${baud}`;
}

function mapDecoded<T>(
  d: { ok: true; value: T } | { ok: false; error: { code: string; detail: string; offset: number | undefined } },
  f: (v: T) => string,
): string {
  return d.ok
    ? f(d.value)
    : `undecodable response: ${d.error.code} ${d.error.detail}${d.error.offset === undefined ? "" : ` at offset ${d.error.offset}`}`;
}

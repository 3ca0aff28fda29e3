/**
 * Response codes of 9.9: the C12.18/C12.19 codes 0x00..0x0A and OSGP's secured-link additions
 * 0x0B and 0x0C. The meanings are ours, restated from the C12.18 names and the MEP guide.
 */
export const RESPONSE_CODES = [
  { code: 0x00, mnemonic: "ok", meaning: "acknowledge: the request was carried out" },
  { code: 0x01, mnemonic: "err", meaning: "error: the request was rejected, no reason given" },
  { code: 0x02, mnemonic: "sns", meaning: "service not supported" },
  { code: 0x03, mnemonic: "isc", meaning: "insufficient security clearance (key level or hardware lock)" },
  { code: 0x04, mnemonic: "onp", meaning: "operation not possible" },
  { code: 0x05, mnemonic: "iar", meaning: "inappropriate action requested" },
  { code: 0x06, mnemonic: "bsy", meaning: "device busy" },
  { code: 0x07, mnemonic: "dnr", meaning: "data not ready" },
  { code: 0x08, mnemonic: "dlk", meaning: "data locked" },
  { code: 0x09, mnemonic: "rno", meaning: "renegotiate request" },
  { code: 0x0a, mnemonic: "isss", meaning: "invalid service sequence state" },
  { code: 0x0b, mnemonic: "auth", meaning: "authentication failure: the digest verified under no key (secured links)" },
  {
    code: 0x0c,
    mnemonic: "seq",
    meaning: "invalid sequence number; the device's sequence number follows (secured links)",
  },
] as const;

export type ResponseMnemonic = (typeof RESPONSE_CODES)[number]["mnemonic"];

export const RESPONSE_CODE = Object.fromEntries(RESPONSE_CODES.map((c) => [c.mnemonic, c.code])) as {
  readonly [M in ResponseMnemonic]: number;
};

const BY_CODE = new Map<number, (typeof RESPONSE_CODES)[number]>(RESPONSE_CODES.map((c) => [c.code, c]));

export function isKnownResponseCode(code: number): boolean {
  return BY_CODE.has(code);
}

/** "isc (0x03)"; an unknown code prints as "unknown (0x5a)" so that a trace never hides it. */
export function describeResponseCode(code: number): string {
  return `${BY_CODE.get(code)?.mnemonic ?? "unknown"} (0x${code.toString(16).padStart(2, "0")})`;
}

export function responseMeaning(code: number): string {
  return BY_CODE.get(code)?.meaning ?? "not a response code of 9.9";
}

/** Accepts a mnemonic ("isc") or a number ("0x03", "3"); null when neither. */
export function parseResponseCode(text: string): number | null {
  const t = text.trim().toLowerCase();
  if (t in RESPONSE_CODE) return RESPONSE_CODE[t as ResponseMnemonic];
  if (/^(0x[0-9a-f]{1,2}|\d{1,3})$/.test(t) && Number(t) <= 0xff) return Number(t);
  return null;
}

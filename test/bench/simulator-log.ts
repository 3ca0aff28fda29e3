/**
 * The requests the standalone simulator's optical port logs (`simulate` without --quiet, on stderr):
 * one line for each link service and each table request it answered, with the time it decoded it.
 * Counted on the meter's side, the requests of two different clients are counted the same way.
 */
export interface LoggedRequest {
  readonly atMs: number;
  /** A link service's name (identify, logon, terminate...), or "full read", "partial read", "table 0x40"... */
  readonly service: string;
  /** The table a table request named (C12.18: bytes 1-2, most significant first). */
  readonly tableId: number | null;
  /** The meter's response code to a table request, as hex. */
  readonly code: string | null;
}

const LINE = /^(\S+Z) optical: (.*)$/;
const TABLE_REQUEST = /^request ([0-9a-f]{2}) ([0-9a-f]{2}) ([0-9a-f]{2})\b.* -> ([0-9a-f]{2})$/;
const LINK_SERVICE = /^(identify|negotiate|logon|security|logoff|terminate|wait)\b.* in state \w+$/;
const TABLE_SERVICES: Readonly<Record<string, string>> = { "30": "full read", "3f": "partial read" };

export function loggedRequests(log: string): LoggedRequest[] {
  const out: LoggedRequest[] = [];
  for (const line of log.split("\n")) {
    const m = LINE.exec(line);
    if (m === null) continue;
    const atMs = Date.parse(m[1] as string);
    const t = TABLE_REQUEST.exec(m[2] as string);
    if (t !== null) {
      const [, code, hi, lo, answer] = t as unknown as [string, string, string, string, string];
      const service = TABLE_SERVICES[code] ?? `table 0x${code}`;
      out.push({ atMs, service, tableId: parseInt(hi + lo, 16), code: answer });
      continue;
    }
    const s = LINK_SERVICE.exec(m[2] as string);
    if (s !== null) out.push({ atMs, service: s[1] as string, tableId: null, code: null });
  }
  return out;
}

/** From the first request to the last, in seconds: the client's time on the line, its process start left out. */
export function lineSeconds(requests: readonly LoggedRequest[]): number {
  const first = requests[0];
  const last = requests.at(-1);
  return first === undefined || last === undefined ? 0 : (last.atMs - first.atMs) / 1000;
}

/**
 * Seconds from each request `pick` selects to the request after it (its response on the line, the
 * client's turn-around), summed: what those requests cost the client.
 */
export function secondsOn(requests: readonly LoggedRequest[], pick: (r: LoggedRequest) => boolean): number {
  let ms = 0;
  for (let i = 0; i + 1 < requests.length; i++) {
    const r = requests[i] as LoggedRequest;
    if (pick(r)) ms += (requests[i + 1] as LoggedRequest).atMs - r.atMs;
  }
  return ms / 1000;
}

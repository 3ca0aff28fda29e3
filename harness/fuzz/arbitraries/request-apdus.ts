import fc from "fast-check";
import { encodeTableRequest, type TableCodecOptions, type TableRequest } from "../../protocol/table-requests";
import { isLinkServiceCode } from "../../link/c1218/link-services";
import { TABLE_SERVICE_CODES } from "../../protocol/table-requests";
import { arbLinkServiceCase, type LinkServiceCase } from "./link-service-requests";

/**
 * Table-service request APDUs (9.3-9.6) for fuzzing a device: well-formed requests of every
 * service (valid), requests at the edges of offsets and counts (boundary: the last byte, just past
 * the end, offset + count across 0xffff, the largest offset, counts of 0 and of more than one
 * message carries), requests to tables the device does not declare or may not write, and damaged
 * ones: cut short, followed by stray bytes, a wrong data checksum, a count larger or smaller than
 * the data, a service code that names no service; on C12.18, link services sent inside the session.
 *
 * Cases are built from a RequestSpace (what the device declares, read by the campaign), never from
 * fixed table ids, and never longer than the session's link carries.
 */
export type RequestAnomaly =
  | "valid"
  | "boundary"
  | "unknown-table"
  | "not-writeable"
  | "truncated"
  | "trailing"
  | "bad-checksum"
  | "overlong-count"
  | "short-count"
  | "unknown-code"
  | "link-service";

export interface RequestCase {
  readonly anomaly: RequestAnomaly;
  /** The well-formed request the bytes were made from; null for an unknown service code or a link service. */
  readonly request: TableRequest | null;
  readonly bytes: Uint8Array;
  /** For "link-service": the C12.18 service sent inside the session, and what was done to it. */
  readonly linkService?: LinkServiceCase;
}

export interface ScratchSpace {
  readonly tableId: number;
  readonly offset: number;
  readonly length: number;
  readonly tableSize: number;
}

export interface RequestSpace {
  readonly codec: TableCodecOptions;
  readonly maxApdu: number;
  readonly maxReadChunk: number;
  readonly declared: readonly number[];
  readonly undeclared: readonly number[];
  /** Declared tables BT00 says are not writeable and whose content never changes. */
  readonly staticTables: readonly number[];
  readonly scratch: ScratchSpace | null;
  /** The link is C12.18 (optical): its link services are sent inside the session too. */
  readonly linkServices: boolean;
}

type Damage =
  | { readonly kind: "truncated"; readonly keep: number }
  | { readonly kind: "trailing"; readonly bytes: Uint8Array }
  | { readonly kind: "bad-checksum"; readonly xor: number }
  | { readonly kind: "overlong-count"; readonly extra: number }
  | { readonly kind: "short-count"; readonly less: number };

/** Offsets where arithmetic goes wrong: around 16 bits, past 16 bits, and the largest 24-bit offset. */
const EDGE_OFFSETS = [0xfff0, 0xfffe, 0xffff, 0x10000, 0x10001, 0x1fffe, 0x7fffff, 0xfffff0, 0xffffff];
const u8 = fc.integer({ min: 0, max: 255 });

export function arbReadCase(space: RequestSpace): fc.Arbitrary<RequestCase> {
  const any = [...space.declared, ...space.undeclared];
  const table = space.declared.length > 0 ? fc.constantFrom(...space.declared) : fc.integer({ min: 0, max: 0xffff });
  const unknown =
    space.undeclared.length > 0 ? fc.constantFrom(...space.undeclared) : fc.integer({ min: 0x0700, max: 0x07ff });
  const offset = fc.oneof(fc.integer({ min: 0, max: 64 }), fc.constantFrom(...EDGE_OFFSETS));
  const count = fc.oneof(
    fc.integer({ min: 1, max: space.maxReadChunk }),
    fc.constant(0),
    fc.integer({ min: space.maxReadChunk + 1, max: space.maxReadChunk + 16 }),
    fc.constant(0xffff),
  );
  const requests = fc.oneof(
    table.map((tableId): RequestCase => wellFormed("valid", { service: "full-read", tableId }, space)),
    fc
      .tuple(table, offset, count)
      .map(([tableId, o, n]): RequestCase =>
        wellFormed(
          o <= 64 && n >= 1 && n <= space.maxReadChunk ? "valid" : "boundary",
          { service: "partial-read", tableId, offset: o, count: n },
          space,
        ),
      ),
    fc
      .tuple(unknown, fc.boolean())
      .map(([tableId, full]): RequestCase =>
        wellFormed(
          "unknown-table",
          full ? { service: "full-read", tableId } : { service: "partial-read", tableId, offset: 0, count: 1 },
          space,
        ),
      ),
  );
  const cases = withDamage(requests, space, any.length > 0);
  if (!space.linkServices) return cases;
  const link = arbLinkServiceCase.map((linkService): RequestCase => ({
    anomaly: "link-service",
    request: null,
    bytes: fit(linkService.bytes, space),
    linkService,
  }));
  return fc.oneof({ arbitrary: cases, weight: 6 }, { arbitrary: link, weight: 1 });
}

export function arbWriteCase(space: RequestSpace): fc.Arbitrary<RequestCase> {
  const room = Math.max(1, space.maxApdu - 9);
  const data = (max: number) => fc.uint8Array({ minLength: 1, maxLength: Math.max(1, Math.min(max, room)) });
  const options: fc.Arbitrary<RequestCase>[] = [];
  const s = space.scratch;
  if (s !== null) {
    const end = s.offset + s.length;
    const inside = fc
      .integer({ min: s.offset, max: end - 1 })
      .chain((o) =>
        data(end - o).map((d): RequestCase =>
          wellFormed("valid", { service: "partial-write", tableId: s.tableId, offset: o, data: d }, space),
        ),
      );
    const pastEnd = fc
      .tuple(
        fc.oneof(
          fc.constant(s.tableSize),
          fc.integer({ min: s.tableSize, max: s.tableSize + 64 }),
          fc.constantFrom(...EDGE_OFFSETS),
        ),
        data(32),
      )
      .map(([o, d]): RequestCase =>
        wellFormed("boundary", { service: "partial-write", tableId: s.tableId, offset: o, data: d }, space),
      );
    // offset + count just across 0xffff: every byte is past the end of any table, so nothing may change.
    const across = fc
      .tuple(fc.integer({ min: 1, max: 32 }), data(48))
      .map(([back, d]): RequestCase =>
        wellFormed(
          "boundary",
          { service: "partial-write", tableId: s.tableId, offset: 0x10000 - Math.min(back, d.length), data: d },
          space,
        ),
      );
    options.push(inside, pastEnd, across);
    if (s.offset === 0 && s.length === s.tableSize && s.tableSize <= room)
      options.push(
        data(s.tableSize + 8).map((d): RequestCase =>
          wellFormed("valid", { service: "full-write", tableId: s.tableId, data: d }, space),
        ),
      );
  }
  if (space.staticTables.length > 0) {
    options.push(
      fc
        .tuple(fc.constantFrom(...space.staticTables), fc.boolean(), fc.integer({ min: 0, max: 64 }), data(16))
        .map(([tableId, full, o, d]): RequestCase =>
          wellFormed(
            "not-writeable",
            full
              ? { service: "full-write", tableId, data: d }
              : { service: "partial-write", tableId, offset: o, data: d },
            space,
          ),
        ),
    );
  }
  if (space.undeclared.length > 0) {
    options.push(
      fc
        .tuple(fc.constantFrom(...space.undeclared), data(16))
        .map(([tableId, d]): RequestCase =>
          wellFormed("unknown-table", { service: "partial-write", tableId, offset: 0, data: d }, space),
        ),
    );
  }
  return withDamage(fc.oneof(...options), space, true);
}

/** The damaged cases and the unknown service codes, mixed in with the well-formed ones. */
function withDamage(
  requests: fc.Arbitrary<RequestCase>,
  space: RequestSpace,
  damage: boolean,
): fc.Arbitrary<RequestCase> {
  const damaged = fc.tuple(requests, arbDamage(space.codec)).map(([c, d]) => damaged1(c, d, space));
  const unknownCode = fc
    .tuple(
      u8.filter((b) => !TABLE_SERVICE_CODES.includes(b) && !isLinkServiceCode(b)),
      fc.uint8Array({ maxLength: 8 }),
    )
    .map(([code, rest]): RequestCase => ({
      anomaly: "unknown-code",
      request: null,
      bytes: Uint8Array.of(code, ...rest),
    }));
  return damage
    ? fc.oneof(
        { arbitrary: requests, weight: 3 },
        { arbitrary: damaged, weight: 3 },
        { arbitrary: unknownCode, weight: 1 },
      )
    : requests;
}

function arbDamage(codec: TableCodecOptions): fc.Arbitrary<Damage> {
  const kinds: fc.Arbitrary<Damage>[] = [
    fc.integer({ min: 0, max: 64 }).map((keep) => ({ kind: "truncated" as const, keep })),
    fc.uint8Array({ minLength: 1, maxLength: 8 }).map((bytes) => ({ kind: "trailing" as const, bytes })),
    fc.integer({ min: 1, max: 0xffff }).map((extra) => ({ kind: "overlong-count" as const, extra })),
    fc.integer({ min: 1, max: 16 }).map((less) => ({ kind: "short-count" as const, less })),
  ];
  if (codec.checksum)
    kinds.push(fc.integer({ min: 1, max: 255 }).map((xor) => ({ kind: "bad-checksum" as const, xor })));
  return fc.oneof(...kinds);
}

function wellFormed(anomaly: RequestAnomaly, request: TableRequest, space: RequestSpace): RequestCase {
  return { anomaly, request, bytes: fit(encodeTableRequest(request, space.codec), space) };
}

/** Where the count field of a write sits: after code, table id (and offset). */
function countAt(request: TableRequest): number | null {
  if (request.service === "full-write") return 3;
  if (request.service === "partial-write") return 6;
  return null;
}

function damaged1(c: RequestCase, d: Damage, space: RequestSpace): RequestCase {
  const req = c.request as TableRequest;
  const b = c.bytes;
  const at = countAt(req);
  switch (d.kind) {
    case "truncated":
      return { anomaly: "truncated", request: req, bytes: b.slice(0, 1 + (d.keep % Math.max(1, b.length - 1))) };
    case "trailing":
      return { anomaly: "trailing", request: req, bytes: fit(Uint8Array.of(...b, ...d.bytes), space) };
    case "bad-checksum": {
      if (at === null) return c;
      const out = b.slice();
      out[out.length - 1] = (out[out.length - 1] as number) ^ d.xor;
      return { anomaly: "bad-checksum", request: req, bytes: out };
    }
    case "overlong-count":
    case "short-count": {
      if (at === null) return c;
      const count = ((b[at] as number) << 8) | (b[at + 1] as number);
      const next = d.kind === "overlong-count" ? Math.min(0xffff, count + d.extra) : Math.max(0, count - d.less);
      if (next === count) return c;
      const out = b.slice();
      out[at] = next >> 8;
      out[at + 1] = next & 0xff;
      return { anomaly: d.kind, request: req, bytes: out };
    }
  }
}

/** A case never exceeds what one request message of the session's link carries. */
function fit(bytes: Uint8Array, space: RequestSpace): Uint8Array {
  return bytes.length <= space.maxApdu ? bytes : bytes.slice(0, space.maxApdu);
}

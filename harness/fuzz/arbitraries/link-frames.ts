import fc from "fast-check";
import { encodePacket, HEADER_SIZE, type Packet } from "../../link/c1218/packet";
import { LENGTH_SIZE, MAX_PAYLOAD } from "../../link/mep/mep-frame";
import { SERVICE_FULL_WRITE, SERVICE_PARTIAL_WRITE } from "../../protocol/table-requests";
import { arbMutation, applyMutation, describeMutation, type Mutation } from "./byte-mutations";
import { plainRecord } from "./plain-record";

/**
 * Frames written straight onto a link, around the harness's own link machine: C12.18 packets with
 * any header fields (lengths beyond the negotiated size, multi-packet bits, toggles), damaged ones
 * (CRC, cut, lying length), line noise and stray ACK/NAK; MEP frames with a length field that
 * lies (more than the bytes that follow, more than 476), the alert sent the wrong way, noise.
 *
 * A well-formed C12.18 packet reaches the meter's application, so its message never starts with a
 * service that would end the session, change the access level or write a table (terminate, logoff,
 * logon, security, negotiate, writes): the campaign attacks the link, not the lab's meter.
 */
export type C1218FrameCase =
  | { readonly kind: "packet"; readonly packet: Packet }
  | { readonly kind: "damaged"; readonly packet: Packet; readonly mutation: Mutation }
  | { readonly kind: "lying-length"; readonly packet: Packet; readonly length: number }
  | { readonly kind: "noise"; readonly bytes: Uint8Array };

export type MepFrameCase =
  | { readonly kind: "frame"; readonly payload: Uint8Array }
  | { readonly kind: "truncated"; readonly length: number; readonly sent: Uint8Array }
  | { readonly kind: "oversize"; readonly length: number; readonly bytes: Uint8Array }
  | { readonly kind: "alert" }
  | { readonly kind: "noise"; readonly bytes: Uint8Array };

const UNSAFE_FIRST = new Set([
  0x21,
  SERVICE_FULL_WRITE,
  SERVICE_PARTIAL_WRITE,
  0x50,
  0x51,
  0x52,
  ...Array.from({ length: 12 }, (_, i) => 0x60 + i),
]);
const safeFirst = fc.integer({ min: 0, max: 255 }).filter((b) => !UNSAFE_FIRST.has(b));

export const arbSafePacket: fc.Arbitrary<Packet> = plainRecord({
  identity: fc.integer({ min: 0, max: 0xff }),
  multiPacket: fc.boolean(),
  firstPacket: fc.boolean(),
  toggle: fc.boolean(),
  dataFormat: fc.integer({ min: 0, max: 3 }),
  reservedBits: fc.integer({ min: 0, max: 7 }),
  sequence: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xff })),
  data: fc.tuple(safeFirst, fc.uint8Array({ maxLength: 120 })).map(([first, rest]) => Uint8Array.of(first, ...rest)),
});

export const arbC1218FrameCase: fc.Arbitrary<C1218FrameCase> = fc.oneof(
  arbSafePacket.map((packet): C1218FrameCase => ({ kind: "packet", packet })),
  fc
    .tuple(arbSafePacket, arbMutation)
    .map(([packet, mutation]): C1218FrameCase => ({ kind: "damaged", packet, mutation })),
  fc
    .tuple(arbSafePacket, fc.oneof(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 0xffff })))
    .map(([packet, length]): C1218FrameCase => ({ kind: "lying-length", packet, length })),
  fc.uint8Array({ minLength: 1, maxLength: 40 }).map((bytes): C1218FrameCase => ({ kind: "noise", bytes })),
);

export function c1218FrameBytes(c: C1218FrameCase): Uint8Array {
  switch (c.kind) {
    case "packet":
      return encodePacket(c.packet);
    case "damaged":
      return applyMutation(encodePacket(c.packet), c.mutation);
    case "lying-length": {
      const out = encodePacket(c.packet);
      out[HEADER_SIZE - 2] = c.length >> 8;
      out[HEADER_SIZE - 1] = c.length & 0xff;
      return out;
    }
    case "noise":
      return c.bytes;
  }
}

export function describeC1218Frame(c: C1218FrameCase): string {
  switch (c.kind) {
    case "packet":
      return `packet of ${c.packet.data.length} data byte(s)${c.packet.multiPacket ? ` (multi-packet, seq ${c.packet.sequence}${c.packet.firstPacket ? ", first" : ""})` : ""}`;
    case "damaged":
      return `packet of ${c.packet.data.length} data byte(s), ${describeMutation(c.mutation)}`;
    case "lying-length":
      return `packet of ${c.packet.data.length} data byte(s) whose length field says ${c.length}`;
    case "noise":
      return `${c.bytes.length} byte(s) of line noise`;
  }
}

export const arbMepFrameCase: fc.Arbitrary<MepFrameCase> = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 60 }).map((payload): MepFrameCase => ({ kind: "frame", payload })),
  fc
    .tuple(fc.integer({ min: 1, max: MAX_PAYLOAD }), fc.uint8Array({ maxLength: 40 }))
    .map(([length, sent]): MepFrameCase => ({
      kind: "truncated",
      length: Math.max(length, sent.length + 1),
      sent: sent.slice(0, length - 1),
    })),
  fc
    .tuple(fc.integer({ min: MAX_PAYLOAD + 1, max: 0xffff }), fc.uint8Array({ maxLength: 20 }))
    .map(([length, bytes]): MepFrameCase => ({ kind: "oversize", length, bytes })),
  fc.constant<MepFrameCase>({ kind: "alert" }),
  fc.uint8Array({ minLength: 1, maxLength: 20 }).map((bytes): MepFrameCase => ({ kind: "noise", bytes })),
);

export function mepFrameBytes(c: MepFrameCase): Uint8Array {
  const withLength = (length: number, rest: Uint8Array) => Uint8Array.of(length >> 8, length & 0xff, ...rest);
  switch (c.kind) {
    case "frame":
      return withLength(c.payload.length, c.payload);
    case "truncated":
      return withLength(c.length, c.sent);
    case "oversize":
      return withLength(c.length, c.bytes);
    case "alert":
      return new Uint8Array(LENGTH_SIZE);
    case "noise":
      return c.bytes;
  }
}

export function describeMepFrame(c: MepFrameCase): string {
  switch (c.kind) {
    case "frame":
      return `a frame of ${c.payload.length} payload byte(s) that no key verifies`;
    case "truncated":
      return `a length field of ${c.length} followed by ${c.sent.length} byte(s), then silence`;
    case "oversize":
      return `a length field of ${c.length} (above ${MAX_PAYLOAD}) and ${c.bytes.length} byte(s)`;
    case "alert":
      return "the alert 00 00, sent by the client";
    case "noise":
      return `${c.bytes.length} byte(s) of line noise`;
  }
}

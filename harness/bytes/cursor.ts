import { DecodeError, EncodeError, type ErrorCode } from "../errors";

/**
 * A read cursor over one input. Every read checks the remaining length first, so no decoder built
 * on it can read past its input; a short input becomes a DecodeError naming the field, its offset
 * and the whole input.
 */
export class ByteReader {
  private pos = 0;
  /** Set while recordingFields runs: the bench commands replay any codec's decode into a field list. */
  private readonly recorder: FieldRecorder | null = activeRecorder;

  /** `context` prefixes field paths: "BT01" turns field "serial" into "BT01.serial". */
  constructor(
    readonly input: Uint8Array,
    readonly context: string,
  ) {}

  get offset(): number {
    return this.pos;
  }

  get remaining(): number {
    return this.input.length - this.pos;
  }

  u8(field: string): number {
    this.need(1, field);
    return this.noted(field, 1, this.input[this.pos++] as number);
  }

  /** A one-byte two's-complement integer: one byte has no order. */
  i8(field: string): number {
    return this.int(1, "be", field);
  }

  u16be(field: string): number {
    this.need(2, field);
    const v = ((this.input[this.pos] as number) << 8) | (this.input[this.pos + 1] as number);
    this.pos += 2;
    return this.noted(field, 2, v);
  }

  u24be(field: string): number {
    this.need(3, field);
    const b = this.input;
    const v = ((b[this.pos] as number) << 16) | ((b[this.pos + 1] as number) << 8) | (b[this.pos + 2] as number);
    this.pos += 3;
    return this.noted(field, 3, v);
  }

  u32be(field: string): number {
    return this.uint(4, "be", field);
  }

  /** Unsigned integer of 1..6 bytes in the given order (table data follows BT00's data order). */
  uint(width: number, order: ByteOrder, field: string): number {
    this.need(width, field);
    let v = 0;
    for (let i = 0; i < width; i++) {
      const byte = this.input[this.pos + (order === "be" ? i : width - 1 - i)] as number;
      v = v * 256 + byte;
    }
    this.pos += width;
    return this.noted(field, width, v);
  }

  /** Two's-complement integer of 1..6 bytes. */
  int(width: number, order: ByteOrder, field: string): number {
    const u = this.uint(width, order, field);
    const half = 2 ** (8 * width - 1);
    const v = u >= half ? u - 2 * half : u;
    if (v !== u) this.renote(v);
    return v;
  }

  /** 64-bit integers do not fit a JS number, so they come back as bigint. */
  bigUint64(order: ByteOrder, field: string): bigint {
    this.need(8, field);
    let v = 0n;
    for (let i = 0; i < 8; i++) {
      const byte = this.input[this.pos + (order === "be" ? i : 7 - i)] as number;
      v = (v << 8n) | BigInt(byte);
    }
    this.pos += 8;
    return this.noted(field, 8, v);
  }

  bigInt64(order: ByteOrder, field: string): bigint {
    const v = BigInt.asIntN(64, this.bigUint64(order, field));
    this.renote(v);
    return v;
  }

  /** A copy of the next `count` bytes, so the value never aliases the input. */
  bytes(count: number, field: string): Uint8Array {
    this.need(count, field);
    const out = this.input.slice(this.pos, this.pos + count);
    this.pos += count;
    return this.noted(field, count, out);
  }

  rest(): Uint8Array {
    const count = this.input.length - this.pos;
    const out = this.input.slice(this.pos);
    this.pos = this.input.length;
    return count === 0 ? out : this.noted("rest", count, out);
  }

  /** Declares the layout complete: any byte left over is an error, not silently dropped. */
  end(): void {
    if (this.pos !== this.input.length) {
      this.fail("OSGP_ERR_TRAILING_BYTES", "end", `${this.input.length - this.pos} byte(s) after the last field`);
    }
  }

  fail(code: ErrorCode, field: string, detail: string, at = this.pos): never {
    throw new DecodeError(code, detail, { bytes: this.input, offset: at, path: this.path(field) });
  }

  path(field: string): string {
    return this.context === "" ? field : `${this.context}.${field}`;
  }

  /** Reports a field just read (ending at the cursor) to the recorder, if one listens. */
  private noted<T extends FieldValue>(field: string, length: number, value: T): T {
    this.recorder?.push({ input: this.input, offset: this.pos - length, length, path: this.path(field), value });
    return value;
  }

  /** A signed read reinterprets the unsigned field it just noted. */
  private renote(value: FieldValue): void {
    const last = this.recorder?.[this.recorder.length - 1];
    if (last !== undefined) this.recorder?.splice(this.recorder.length - 1, 1, { ...last, value });
  }

  private need(count: number, field: string): void {
    if (count > this.input.length - this.pos) {
      this.fail("OSGP_ERR_TRUNCATED", field, `needs ${count} byte(s), ${this.input.length - this.pos} left`);
    }
  }
}

export type ByteOrder = "be" | "le";

export type FieldValue = number | bigint | Uint8Array;

/** One field as a reader read it: where in its reader's input, how long, its path and raw value. */
export interface RecordedField {
  /** The reader's input: a codec that decodes a field's bytes with a reader of its own gives them here. */
  readonly input: Uint8Array;
  /** In the reader's input. */
  readonly offset: number;
  readonly length: number;
  readonly path: string;
  readonly value: FieldValue;
}

type FieldRecorder = RecordedField[];

let activeRecorder: FieldRecorder | null = null;

/**
 * Runs `work` (synchronous: a decode) with every ByteReader it creates reporting its fields, in
 * the order read. Decoders need no change: they already name every field they read.
 */
export function recordingFields<T>(work: () => T): { readonly result: T; readonly fields: readonly RecordedField[] } {
  const outer = activeRecorder;
  const fields: FieldRecorder = [];
  activeRecorder = fields;
  try {
    return { result: work(), fields };
  } finally {
    activeRecorder = outer;
  }
}

/** The encoding counterpart: range-checks every value so an encoder never emits a silently wrapped field. */
export class ByteWriter {
  private readonly out: number[] = [];

  constructor(readonly context: string) {}

  get length(): number {
    return this.out.length;
  }

  u8(value: number, field: string): this {
    return this.uint(value, 1, "be", field);
  }

  i8(value: number, field: string): this {
    return this.int(value, 1, "be", field);
  }

  u16be(value: number, field: string): this {
    return this.uint(value, 2, "be", field);
  }

  u24be(value: number, field: string): this {
    return this.uint(value, 3, "be", field);
  }

  u32be(value: number, field: string): this {
    return this.uint(value, 4, "be", field);
  }

  uint(value: number, width: number, order: ByteOrder, field: string): this {
    if (!Number.isInteger(value) || value < 0 || value >= 2 ** (8 * width)) {
      this.fail(field, `${value} does not fit an unsigned ${8 * width}-bit field`);
    }
    const bytes: number[] = [];
    let v = value;
    for (let i = 0; i < width; i++) {
      bytes.push(v % 256);
      v = Math.floor(v / 256);
    }
    if (order === "be") bytes.reverse();
    this.out.push(...bytes);
    return this;
  }

  int(value: number, width: number, order: ByteOrder, field: string): this {
    const half = 2 ** (8 * width - 1);
    if (!Number.isInteger(value) || value < -half || value >= half) {
      this.fail(field, `${value} does not fit a signed ${8 * width}-bit field`);
    }
    return this.uint(value < 0 ? value + 2 * half : value, width, order, field);
  }

  bigUint64(value: bigint, order: ByteOrder, field: string): this {
    if (value < 0n || value >= 1n << 64n) this.fail(field, `${value} does not fit an unsigned 64-bit field`);
    const bytes: number[] = [];
    let v = value;
    for (let i = 0; i < 8; i++) {
      bytes.push(Number(v & 0xffn));
      v >>= 8n;
    }
    if (order === "be") bytes.reverse();
    this.out.push(...bytes);
    return this;
  }

  bigInt64(value: bigint, order: ByteOrder, field: string): this {
    if (value < -(1n << 63n) || value >= 1n << 63n) this.fail(field, `${value} does not fit a signed 64-bit field`);
    return this.bigUint64(BigInt.asUintN(64, value), order, field);
  }

  bytes(value: Uint8Array, field: string, exactLength?: number): this {
    if (exactLength !== undefined && value.length !== exactLength) {
      this.fail(field, `needs exactly ${exactLength} byte(s), got ${value.length}`);
    }
    for (const b of value) this.out.push(b);
    return this;
  }

  toBytes(): Uint8Array {
    return Uint8Array.from(this.out);
  }

  fail(field: string, detail: string): never {
    throw new EncodeError("OSGP_ERR_ENCODE_RANGE", detail, {
      path: this.context === "" ? field : `${this.context}.${field}`,
    });
  }
}

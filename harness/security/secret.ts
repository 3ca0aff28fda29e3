import { parseHex } from "../bytes/parse-hex";

/**
 * A key or password. It prints, stringifies and serialises as "<redacted>", so that a secret
 * passed into a log line, an error, a JSON report or util.inspect never shows its bytes. The
 * bytes come out only through `reveal()`, which the code that puts them on the wire calls.
 */
export class Secret {
  readonly #bytes: Uint8Array;
  /** A name for reports ("MK", "reader password"); never the value. */
  readonly label: string;

  constructor(bytes: Uint8Array, label: string) {
    this.#bytes = bytes.slice();
    this.label = label;
  }

  static fromHex(hex: string, label: string): Secret {
    return new Secret(parseHex(hex), label);
  }

  /** Text keys (optical-port passwords are often printable) as their ISO-8859-1 bytes. */
  static fromText(text: string, label: string): Secret {
    return new Secret(
      Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff),
      label,
    );
  }

  get length(): number {
    return this.#bytes.length;
  }

  reveal(): Uint8Array {
    return this.#bytes.slice();
  }

  equals(other: Secret): boolean {
    const a = this.#bytes;
    const b = other.#bytes;
    return a.length === b.length && a.every((x, i) => x === b[i]);
  }

  toString(): string {
    return "<redacted>";
  }

  toJSON(): string {
    return "<redacted>";
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `Secret(${this.label}, <redacted>)`;
  }
}

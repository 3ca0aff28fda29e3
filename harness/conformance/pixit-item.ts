/**
 * The building blocks of the PIXIT declaration (pixit-items.ts): each item carries its default, its
 * meaning, where the default comes from, and the rule a lab's value must follow. The type of the
 * whole PIXIT, the defaults, the validation of a PIXIT file, its JSON schema and the README's table
 * are all read from that one declaration.
 */
export type KeySource =
  { readonly hex: string } | { readonly text: string } | { readonly hexEnv: string } | { readonly textEnv: string };

/** What a value must be. A JSON file cannot say more than these; enums narrow a string or number. */
export type ValueRule =
  | { readonly type: "number" | "string" | "boolean" | "strings"; readonly nullable: boolean }
  | { readonly type: "enum"; readonly words: readonly (string | number)[] }
  | { readonly type: "key" };

export interface PixitItem<T> {
  readonly default: T;
  readonly description: string;
  /** Where the default comes from: a source of the spec's detail, "bench" (the lab's to give), "ours". */
  readonly source: string;
  readonly rule: ValueRule;
}

export interface PixitGroup {
  readonly [name: string]: PixitItem<unknown> | PixitGroup;
}

/** The values a declaration describes: every item replaced by the type of its value. */
export type ValuesOf<D> = { readonly [K in keyof D]: D[K] extends PixitItem<infer T> ? T : ValuesOf<D[K]> };

export function item(d: number, description: string, source: string): PixitItem<number>;
export function item(d: string, description: string, source: string): PixitItem<string>;
export function item(d: boolean, description: string, source: string): PixitItem<boolean>;
export function item(d: readonly string[], description: string, source: string): PixitItem<readonly string[]>;
export function item(
  d: number | string | boolean | readonly string[],
  description: string,
  source: string,
): PixitItem<unknown> {
  const type = Array.isArray(d) ? "strings" : (typeof d as "number" | "string" | "boolean");
  return { default: d, description, source, rule: { type, nullable: false } };
}

/** An item that may also be null (the device has no such thing, or the suite must leave it alone). */
export function nullable(
  type: "number",
  d: number | null,
  description: string,
  source: string,
): PixitItem<number | null>;
export function nullable(
  type: "string",
  d: string | null,
  description: string,
  source: string,
): PixitItem<string | null>;
export function nullable(
  type: "number" | "string",
  d: number | string | null,
  description: string,
  source: string,
): PixitItem<unknown> {
  return { default: d, description, source, rule: { type, nullable: true } };
}

/** An item whose value is one of a few words (or numbers); its type is their union. */
export function oneOf<const W extends readonly (string | number)[]>(
  words: W,
  d: W[number],
  description: string,
  source: string,
): PixitItem<W[number]> {
  return { default: d, description, source, rule: { type: "enum", words } };
}

/** A key: never given by default, and never quoted back in an error. */
export function key(description: string, source: string): PixitItem<KeySource | null> {
  return { default: null, description, source, rule: { type: "key" } };
}

export function isItem(node: PixitItem<unknown> | PixitGroup): node is PixitItem<unknown> {
  return "rule" in node && "description" in node && typeof node.description === "string";
}

export interface PixitEntry extends PixitItem<unknown> {
  /** Dotted path from the top: "session.wakeup.byte". */
  readonly path: string;
}

/** Every item of a declaration with its path, in declaration order. */
export function entriesOf(group: PixitGroup, prefix = ""): PixitEntry[] {
  return Object.entries(group).flatMap(([k, node]) => {
    const path = prefix ? `${prefix}.${k}` : k;
    return isItem(node) ? [{ ...node, path }] : entriesOf(node, path);
  });
}

/** The defaults of a declaration, as a value of its type. */
export function defaultsOf<D extends PixitGroup>(group: D): ValuesOf<D> {
  return Object.fromEntries(
    Object.entries(group).map(([k, node]) => [k, isItem(node) ? node.default : defaultsOf(node)]),
  ) as ValuesOf<D>;
}

/** "meaning [source]": how the README, `pixit --describe` and the schema show an item. */
export function meaningOf(i: PixitItem<unknown>): string {
  return `${i.description} [${i.source}]`;
}

import fc from "fast-check";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Decoded } from "../../bytes/decoded";
import { DECODER_ROOTS, HARNESS_DIR, moduleFiles } from "./decoder-discovery";

/**
 * Structured arguments from the source's type annotations. A table's layout comes from a dimension
 * table the device reports (BT21, BT61, BT71...), and its decoder's parameter is typed with that
 * dimension table's type, or a Pick of it: `l: RegisterLayout` where RegisterLayout =
 * Pick<RegisterDimensions, ...>, and decodeRegisterDimensions returns Decoded<RegisterDimensions>.
 * So such an argument is made the way a device makes it: by decoding fuzzed bytes with the decoder
 * that produces that type. Reading the annotation from the .ts file (types are gone at run time)
 * keeps this working for decoders added later, without a list.
 */
type Producer = (...args: unknown[]) => Decoded<unknown>;

const BUILTIN = new Set([
  "Pick",
  "Omit",
  "Partial",
  "Readonly",
  "ReadonlyArray",
  "Array",
  "Record",
  "Uint8Array",
  "Required",
  "NonNullable",
]);
let producers: Map<string, Producer> | null = null;
const sources = new Map<string, string>();

function source(file: string): string {
  let s = sources.get(file);
  if (s === undefined) {
    s = existsSync(file) ? readFileSync(file, "utf8") : "";
    sources.set(file, s);
  }
  return s;
}

/** Every type some decoder of the harness returns as Decoded<T>, with a decoder that takes the bytes alone. */
function producerIndex(): Map<string, Producer> {
  if (producers !== null) return producers;
  const index = new Map<string, Producer>();
  for (const file of moduleFiles(DECODER_ROOTS)) {
    const exports = require(file) as Record<string, unknown>;
    for (const m of source(file).matchAll(/export function (\w+)\((\w+): Uint8Array\): Decoded<(\w+)>/g)) {
      const fn = exports[m[1] as string];
      if (typeof fn === "function" && !index.has(m[3] as string)) index.set(m[3] as string, fn as Producer);
    }
  }
  producers = index;
  return index;
}

/** The annotated type of each parameter of an exported function, as written in its module. */
export function parameterTypes(moduleId: string, name: string): string[] {
  const text = source(join(HARNESS_DIR, `${moduleId}.ts`));
  const at = text.search(new RegExp(`export function ${name}\\b[^(]*\\(`));
  if (at < 0) return [];
  const open = text.indexOf("(", at);
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (let i = open + 1; i < text.length; i++) {
    const ch = text[i] as string;
    if ("(<[{".includes(ch)) depth++;
    if (")>]}".includes(ch)) {
      if (depth === 0) break;
      depth--;
    }
    if (ch === "," && depth === 0) {
      parts.push(current);
      current = "";
    } else current += ch;
  }
  if (current.trim() !== "") parts.push(current);
  return parts.map(
    (p) =>
      p
        .slice(p.indexOf(":") + 1)
        .split("=")[0]
        ?.trim() ?? "",
  );
}

/** A producer for a type written in `file`: the type itself, or one it is made of (Pick<A>, A & B, extends A). */
function producerFor(typeText: string, file: string, depth = 0): Producer | null {
  if (depth > 4) return null;
  const index = producerIndex();
  for (const id of (typeText.match(/\b[A-Z]\w*/g) ?? []).filter((t) => !BUILTIN.has(t))) {
    const direct = index.get(id);
    if (direct !== undefined) return direct;
    const text = source(file);
    const def = new RegExp(`(?:type ${id}\\s*=([^;]+);|interface ${id}\\s+extends([^{]+)\\{)`).exec(text);
    if (def !== null) {
      const found = producerFor(def[1] ?? def[2] ?? "", file, depth + 1);
      if (found !== null) return found;
      continue;
    }
    const imported = new RegExp(`import (?:type )?\\{[^}]*\\b${id}\\b[^}]*\\} from "(\\.[^"]+)"`).exec(text);
    if (imported !== null) {
      const found = producerFor(id, join(dirname(file), `${imported[1]}.ts`), depth + 1);
      if (found !== null) return found;
    }
  }
  return null;
}

/** An arbitrary of values for parameter `index` of a decoder, made by its type's producer; null when none is known. */
export function structuredArgument(moduleId: string, name: string, index: number): fc.Arbitrary<unknown> | null {
  const typeText = parameterTypes(moduleId, name)[index];
  if (typeText === undefined || typeText === "") return null;
  const produce = producerFor(typeText, join(HARNESS_DIR, `${moduleId}.ts`));
  if (produce === null) return null;
  return fc
    .uint8Array({ maxLength: 48 })
    .map((b) => produce(b))
    .filter((d) => d.ok)
    .map((d) => (d as { value: unknown }).value);
}

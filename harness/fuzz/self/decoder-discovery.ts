import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";

/**
 * Finds the decoders the self-fuzz must cover by looking, not by a list: every exported function of
 * every module under harness/protocol, harness/security and harness/link whose name says it turns
 * bytes into a value (decode*, unprotect*, unwrap*), every read* that takes a ByteReader `r`, and
 * every exported class there that consumes a byte stream (a `receive` or `push` method). A table
 * codec added tomorrow is fuzzed tomorrow without anyone editing this file.
 */
export const HARNESS_DIR = join(__dirname, "..", "..");
export const DECODER_ROOTS: readonly string[] = ["protocol", "security", "link"].map((d) => join(HARNESS_DIR, d));

export type AnyFunction = (...args: unknown[]) => unknown;

export interface DecoderEntry {
  /** "link/c1218/packet#decodePacket": stable across runs, used to name findings and to replay. */
  readonly id: string;
  readonly module: string;
  readonly name: string;
  readonly params: readonly Param[];
  readonly fn: AnyFunction;
}

export interface StreamEntry {
  readonly id: string;
  readonly module: string;
  readonly name: string;
  readonly ctor: new (...args: never[]) => unknown;
  /** The method that takes bytes: receive(chunk, now) on links, push(chunk, now) on reassemblers. */
  readonly method: "receive" | "push";
}

export interface Param {
  readonly name: string;
  readonly hasDefault: boolean;
}

const DECODER_NAME = /^(decode|unprotect|unwrap)[A-Z]/;
const READER_NAME = /^read[A-Z]/;

export function moduleFiles(roots: readonly string[] = DECODER_ROOTS): string[] {
  return roots
    .flatMap((root) => (readdirSync(root, { recursive: true }) as string[]).map((f) => join(root, f)))
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
    .sort();
}

export function moduleId(file: string, base = HARNESS_DIR): string {
  return relative(base, file).replace(/\.ts$/, "").split(sep).join("/");
}

function exportsOf(file: string): Record<string, unknown> {
  return require(file) as Record<string, unknown>;
}

function isClass(v: unknown): v is new (...args: never[]) => unknown {
  return typeof v === "function" && /^class\b/.test(Function.prototype.toString.call(v));
}

export function discoverDecoders(roots: readonly string[] = DECODER_ROOTS, base = HARNESS_DIR): DecoderEntry[] {
  const out: DecoderEntry[] = [];
  for (const file of moduleFiles(roots)) {
    const module = moduleId(file, base);
    for (const [name, v] of Object.entries(exportsOf(file))) {
      if (typeof v !== "function" || isClass(v)) continue;
      const params = parameterList(v as AnyFunction);
      const decoder = DECODER_NAME.test(name) || (READER_NAME.test(name) && params[0]?.name === "r");
      if (decoder) out.push({ id: `${module}#${name}`, module, name, params, fn: v as AnyFunction });
    }
  }
  return out;
}

export function discoverStreams(roots: readonly string[] = DECODER_ROOTS, base = HARNESS_DIR): StreamEntry[] {
  const out: StreamEntry[] = [];
  for (const file of moduleFiles(roots)) {
    const module = moduleId(file, base);
    for (const [name, v] of Object.entries(exportsOf(file))) {
      if (!isClass(v)) continue;
      const proto = v.prototype as Record<string, unknown>;
      const method = typeof proto.receive === "function" ? "receive" : typeof proto.push === "function" ? "push" : null;
      if (method !== null) out.push({ id: `${module}#${name}`, module, name, ctor: v, method });
    }
  }
  return out;
}

/**
 * The parameter names of a function as its source spells them (types are gone, names stay):
 * "(bytes,order=\"le\",{a,b}={})" gives bytes, order (default), and a destructured one named "{}".
 */
export function parameterList(fn: AnyFunction): Param[] {
  const src = Function.prototype.toString.call(fn);
  const open = src.indexOf("(");
  if (open < 0) {
    // `x => ...`: one bare parameter.
    const bare = /^\s*(?:async\s+)?([\w$]+)\s*=>/.exec(src)?.[1];
    return bare === undefined ? [] : [{ name: bare, hasDefault: false }];
  }
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  let quote: string | null = null;
  for (let i = open + 1; i < src.length; i++) {
    const ch = src[i] as string;
    if (quote !== null) {
      current += ch;
      if (ch === quote && src[i - 1] !== "\\") quote = null;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === "`") quote = ch;
    else if (ch === "(" || ch === "[" || ch === "{") depth++;
    else if (ch === ")" || ch === "]" || ch === "}") {
      if (depth === 0) break;
      depth--;
    } else if (ch === "," && depth === 0) {
      parts.push(current);
      current = "";
      continue;
    }
    current += ch;
  }
  if (current.trim() !== "") parts.push(current);
  return parts.map((p) => {
    const t = p.trim();
    const eq = topLevelEquals(t);
    const head = (eq < 0 ? t : t.slice(0, eq)).trim().replace(/^\.\.\./, "");
    return { name: /^[\w$]+$/.test(head) ? head : "{}", hasDefault: eq >= 0 };
  });
}

function topLevelEquals(t: string): number {
  let depth = 0;
  for (let i = 0; i < t.length; i++) {
    const ch = t[i];
    if (ch === "{" || ch === "[" || ch === "(") depth++;
    else if (ch === "}" || ch === "]" || ch === ")") depth--;
    else if (ch === "=" && depth === 0 && t[i + 1] !== ">") return i;
  }
  return -1;
}

import { parseArgs } from "node:util";
import { ConfigError } from "../errors";

/**
 * A command's flags declared once: the parser and the usage text both come from the declaration,
 * so what `--help` shows is what is parsed. Every value is checked here, before any traffic.
 */
export interface Flag<T> {
  readonly type: "string" | "boolean";
  readonly multiple: boolean;
  /** What usage shows after the flag (FILE, N, rc4|aes128); null for a switch. */
  readonly arg: string | null;
  /** Shown as required (no brackets) in the usage line. */
  readonly shownRequired: boolean;
  /** The value from what was given: undefined when absent, the last text, or every text of a repeated flag. */
  readonly value: (given: string | string[] | true | undefined, flag: string) => T;
}

export interface CommandSpec<F extends Record<string, Flag<unknown>>> {
  readonly name: string;
  /**
   * The names of its positional arguments, each required (verify-bundle
   * FILE.zip); a last one ending in "..." takes one or more (merge DIR...).
   */
  readonly positionals: readonly string[];
  readonly flags: F;
  /** What the command does, after its synopsis in the usage text. */
  readonly about: string;
}

export type FlagValues<F extends Record<string, Flag<unknown>>> = {
  -readonly [K in keyof F]: F[K] extends Flag<infer T> ? T : never;
};

export function usageError(message: string): ConfigError {
  return new ConfigError("OSGP_ERR_USAGE", message);
}

export function bool(): Flag<boolean> {
  return { type: "boolean", multiple: false, arg: null, shownRequired: false, value: (given) => given === true };
}

export function text(arg: string): Flag<string | undefined>;
export function text(arg: string, fallback: string): Flag<string>;
export function text(arg: string, fallback?: string): Flag<string | undefined> {
  return {
    type: "string",
    multiple: false,
    arg,
    shownRequired: false,
    value: (given) => (given as string | undefined) ?? fallback,
  };
}

/** A repeatable flag; `check` refuses a bad one before any traffic (a defect name, a test fault). */
export function texts(
  arg: string,
  options: { fallback?: readonly string[]; shownRequired?: boolean; check?: (text: string) => unknown } = {},
): Flag<string[]> {
  return {
    type: "string",
    multiple: true,
    arg,
    shownRequired: options.shownRequired ?? false,
    value: (given) => {
      const all = given === undefined ? [...(options.fallback ?? [])] : (given as string[]);
      for (const t of all) options.check?.(t);
      return all;
    },
  };
}

/** A value of a form of its own (a shard I/N), read and checked by `parse`, which names the flag in its usage error. */
export function parsed<T>(arg: string, parse: (text: string, flag: string) => T): Flag<T | undefined> {
  return {
    type: "string",
    multiple: false,
    arg,
    shownRequired: false,
    value: (given, flag) => (given === undefined ? undefined : parse(given as string, flag)),
  };
}

export function oneOf<C extends string>(choices: readonly C[]): Flag<C | undefined>;
export function oneOf<C extends string>(choices: readonly C[], fallback: C): Flag<C>;
export function oneOf<C extends string>(choices: readonly C[], fallback?: C): Flag<C | undefined> {
  return {
    type: "string",
    multiple: false,
    arg: choices.join("|"),
    shownRequired: false,
    value: (given, flag) => {
      if (given === undefined) return fallback;
      if (!(choices as readonly string[]).includes(given as string))
        throw usageError(`${flag} ${String(given)}: not one of ${choices.join(", ")}`);
      return given as C;
    },
  };
}

export function int(arg: string, min: number, max: number): Flag<number | undefined>;
export function int(arg: string, min: number, max: number, fallback: number): Flag<number>;
export function int(arg: string, min: number, max: number, fallback?: number): Flag<number | undefined> {
  return {
    type: "string",
    multiple: false,
    arg,
    shownRequired: false,
    value: (given, flag) => (given === undefined ? fallback : wholeNumber(given as string, flag, min, max)),
  };
}

/** A number that may have a fraction (a percentage, a clock's speed). */
export function decimal(arg: string, min: number, max: number, fallback: number): Flag<number> {
  return {
    type: "string",
    multiple: false,
    arg,
    shownRequired: false,
    value: (given, flag) => {
      if (given === undefined) return fallback;
      const n = /^\d+(\.\d+)?$/.test(given as string) ? Number(given) : NaN;
      if (!(n >= min && n <= max)) throw usageError(`${flag} ${String(given)}: not a number from ${min} to ${max}`);
      return n;
    },
  };
}

/** Decimal or 0x hex, as Number() read them before, but never NaN, a fraction or out of range. */
function wholeNumber(given: string, flag: string, min: number, max: number): number {
  const n = /^(\d+|0x[0-9a-f]+)$/i.test(given) ? Number(given) : NaN;
  if (!(Number.isSafeInteger(n) && n >= min && n <= max))
    throw usageError(`${flag} ${given}: not a whole number from ${min} to ${max}`);
  return n;
}

/**
 * The flags and positionals of `args`, every value checked; a usage error names the flag and what the command takes.
 */
export function parseCommand<F extends Record<string, Flag<unknown>>>(
  spec: CommandSpec<F>,
  args: readonly string[],
): { values: FlagValues<F>; positionals: string[] } {
  // Not strict: the tokens let the errors name the flag and list the command's, which parseArgs's own do not.
  const { tokens } = parseArgs({
    args: [...args],
    options: parserOptions(spec.flags),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const given = new Map<string, string | string[] | true>();
  const positionals: string[] = [];
  for (const t of tokens) {
    if (t.kind === "positional") positionals.push(t.value);
    if (t.kind !== "option") continue;
    const flag = Object.hasOwn(spec.flags, t.name) ? spec.flags[t.name] : undefined;
    if (flag === undefined || t.rawName.length < 3) throw badUsage(spec, `${t.rawName}: not a flag of ${spec.name}`);
    if (flag.type === "boolean") {
      if (t.value !== undefined) throw badUsage(spec, `${t.rawName} takes no value (given "${t.value}")`);
      given.set(t.name, true);
      continue;
    }
    // `--pixit --report`: the flag's value is missing, not "--report".
    if (t.value === undefined || (!t.inlineValue && t.value.startsWith("--")))
      throw badUsage(spec, `${t.rawName} needs its value: ${t.rawName} ${flag.arg ?? ""}`);
    if (flag.multiple) given.set(t.name, [...((given.get(t.name) as string[] | undefined) ?? []), t.value]);
    else given.set(t.name, t.value);
  }
  const variadic = spec.positionals.at(-1)?.endsWith("...") === true;
  if (variadic ? positionals.length < spec.positionals.length : positionals.length !== spec.positionals.length) {
    const wanted = spec.positionals.length === 0 ? "no arguments" : spec.positionals.join(" ");
    throw badUsage(
      spec,
      `${spec.name} takes ${wanted}${positionals.length === 0 ? "" : `, not ${positionals.map((p) => JSON.stringify(p)).join(" ")}`}`,
    );
  }
  const values = {} as Record<string, unknown>;
  for (const [name, flag] of Object.entries(spec.flags)) values[name] = flag.value(given.get(name), `--${name}`);
  return { values: values as FlagValues<F>, positionals };
}

function parserOptions(
  flags: Record<string, Flag<unknown>>,
): Record<string, { type: "string" | "boolean"; multiple: boolean }> {
  return Object.fromEntries(Object.entries(flags).map(([name, f]) => [name, { type: f.type, multiple: f.multiple }]));
}

function badUsage(spec: CommandSpec<Record<string, Flag<unknown>>>, problem: string): ConfigError {
  return usageError(`${problem}\n\n${commandUsage(spec)}`);
}

const INDENT = " ".repeat(12);
const WIDTH = 104;
/** Where a one-line description starts when it fits beside the synopsis. */
const BESIDE = 37;

/** `  name      [--flag ARG]...`, wrapped, then what the command does (beside it when both are short). */
export function commandUsage(spec: CommandSpec<Record<string, Flag<unknown>>>): string {
  const synopsis = wrapWords(`  ${spec.name.padEnd(9)}`, [...spec.positionals, ...flagWords(spec.flags)]);
  const about = spec.about.split("\n");
  const column = Math.max(BESIDE, synopsis.length + 2);
  if (about.length === 1 && !synopsis.includes("\n") && column + spec.about.length <= WIDTH)
    return synopsis.padEnd(column) + spec.about;
  return [synopsis, ...about.map((l) => INDENT + l)].join("\n");
}

/** `head word word...`, wrapped under INDENT. */
export function wrapWords(head: string, words: readonly string[]): string {
  const lines: string[] = [];
  let line = head;
  for (const w of words) {
    if (line.length + 1 + w.length > WIDTH && line.trim() !== head.trim()) {
      lines.push(line);
      line = INDENT.slice(1);
    }
    line += ` ${w}`;
  }
  return [...lines, line].map((l) => l.trimEnd()).join("\n");
}

export function flagWords(flags: Record<string, Flag<unknown>>): string[] {
  return Object.entries(flags).map(([name, f]) => synopsisOf(name, f));
}

function synopsisOf(name: string, f: Flag<unknown>): string {
  const one = f.arg === null ? `--${name}` : `--${name} ${f.arg}`;
  const shown = f.shownRequired ? one : `[${one}]`;
  return f.multiple ? `${shown}...` : shown;
}

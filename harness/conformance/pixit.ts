import { readFileSync } from "node:fs";
import { ConfigError } from "../errors";
import { Secret } from "../security/secret";
import { defaultsOf, entriesOf, isItem, type PixitGroup, type PixitItem, type ValuesOf } from "./pixit-item";
import { PIXIT_DECLARATION } from "./pixit-items";
import { nearestNames, orList } from "./nearest-names";

/**
 * PIXIT: Protocol Implementation eXtra Information for Testing. Everything the suite needs to know
 * about the device and the bench that the device does not say itself, and every detail the spec
 * leaves open or that we could not confirm. Each item has a default (the best-supported value, its
 * source given beside it in pixit-items.ts) and a lab overrides any subset in a JSON file (--pixit FILE).
 * The type, the defaults and the checks below all come from that one declaration.
 */
export type Pixit = ValuesOf<typeof PIXIT_DECLARATION>;
export type KeyRole = keyof Pixit["keys"];

export const PIXIT_DEFAULTS: Pixit = defaultsOf(PIXIT_DECLARATION);

/**
 * Every item with its path, default, meaning and source, in the README's order (`osgp-conformance pixit --describe`).
 */
export const PIXIT_ITEMS = entriesOf(PIXIT_DECLARATION);

/** Items and the groups holding them, for the names an unknown one is compared with. */
const KNOWN_NAMES = [
  ...new Set(PIXIT_ITEMS.flatMap((i) => i.path.split(".").map((_, n, parts) => parts.slice(0, n + 1).join(".")))),
];

/** Reads a PIXIT file and lays it over `base`. Unknown items and wrong values are errors naming the item. */
export function loadPixit(file: string | null, base: Pixit = PIXIT_DEFAULTS): Pixit {
  if (file === null) return base;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new ConfigError("OSGP_ERR_PIXIT", `cannot read PIXIT file ${file}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(
      "OSGP_ERR_PIXIT",
      `PIXIT file ${file} is not JSON: ${jsonSyntaxProblem((e as Error).message, text)}`,
    );
  }
  return overlayPixit(base, json, file);
}

/**
 * JSON.parse's complaint without the piece of the file it quotes ('Unexpected token 'S', ..."text":
 * SIM-MASTER"... is not valid JSON'), which in a PIXIT file may be a key, and with where the
 * problem is.
 */
function jsonSyntaxProblem(message: string, text: string): string {
  const words =
    message
      .replace(/,?\s*(\.\.\.)?"[\s\S]*"(\.\.\.)?\s+is not valid JSON$/, "")
      .replace(/(Unexpected token) '[\s\S]+?'/, "$1")
      .replace(/ at position \d+.*$/, "")
      .replace(/ in JSON$/, "")
      .trim() || "not valid JSON";
  const at = /at position (\d+)/.exec(message);
  if (at === null) return words;
  const before = text.slice(0, Number(at[1])).split("\n");
  return `${words} at line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

/**
 * Lays a PIXIT (a file's JSON, or the simulator's own) over `base`, item by item, each checked
 * against its declaration. An unknown name is refused with the names nearest to it, so a typo is
 * caught before any traffic rather than silently leaving the default in force. A key's value is
 * never quoted back.
 */
export function overlayPixit(base: Pixit, overlay: unknown, origin = "PIXIT"): Pixit {
  const fail = (why: string): never => {
    throw new ConfigError("OSGP_ERR_PIXIT", `${origin}: ${why}`);
  };
  if (!isObject(overlay)) return fail(`the top level must be an object of PIXIT items, not ${kindOf(overlay)}`);
  return mergeGroup(PIXIT_DECLARATION, base, overlay, "", fail) as unknown as Pixit;
}

type Fail = (why: string) => never;

function mergeGroup(
  group: PixitGroup,
  base: object,
  over: { readonly [k: string]: unknown },
  path: string,
  fail: Fail,
): object {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const p = path ? `${path}.${k}` : k;
    // An editor's schema reference (init writes one): not an item.
    if (p === "$schema") {
      if (typeof v !== "string") fail(`$schema must be a string, not ${kindOf(v)}`);
      continue;
    }
    const node = Object.hasOwn(group, k) ? group[k] : undefined;
    if (node === undefined) return fail(unknownItem(p, path, group));
    if (isItem(node)) out[k] = checked(node, v, p, fail);
    else if (isObject(v)) out[k] = mergeGroup(node, out[k] as object, v, p, fail);
    else fail(`${p} must be an object of items (${Object.keys(node).join(", ")}), not ${kindOf(v)}`);
  }
  return out;
}

function unknownItem(p: string, parent: string, group: PixitGroup): string {
  const near = nearestNames(p, KNOWN_NAMES);
  const meant = near.length > 0 ? `; did you mean ${orList(near)}?` : "";
  return `"${p}" is no PIXIT item${meant} (${parent || "the top level"} holds ${Object.keys(group).join(", ")}; \`osgp-conformance pixit --describe\` lists every item)`;
}

function checked(i: PixitItem<unknown>, v: unknown, p: string, fail: Fail): unknown {
  const rule = i.rule;
  switch (rule.type) {
    case "key":
      return isKeySource(v)
        ? v
        : fail(`${p} must be null or one of {"hex": ...}, {"text": ...}, {"hexEnv": VAR}, {"textEnv": VAR}`);
    case "enum":
      return rule.words.some((w) => w === v)
        ? v
        : fail(`${p} must be one of ${rule.words.join(", ")}, not ${JSON.stringify(v)}`);
    default: {
      if (v === null && rule.nullable) return null;
      const ok =
        rule.type === "strings" ? Array.isArray(v) && v.every((x) => typeof x === "string") : typeof v === rule.type;
      const expected = rule.type === "strings" ? "a list of strings" : `a ${rule.type}`;
      return ok ? v : fail(`${p} must be ${expected}${rule.nullable ? " or null" : ""}, not ${JSON.stringify(v)}`);
    }
  }
}

function isKeySource(v: unknown): boolean {
  if (v === null) return true;
  if (!isObject(v)) return false;
  const entries = Object.entries(v);
  const [form, value] = entries[0] ?? [];
  return (
    entries.length === 1 && ["hex", "text", "hexEnv", "textEnv"].includes(form as string) && typeof value === "string"
  );
}

/** What a value is, without quoting it: a misplaced value may be a key. */
function kindOf(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "a list" : `a ${typeof v}`;
}

function isObject(v: unknown): v is { readonly [k: string]: unknown } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The key for a role, or null when the PIXIT gives none (or names an unset environment variable). */
export function keyFor(pixit: Pixit, role: KeyRole): Secret | null {
  const src = pixit.keys[role];
  if (src === null) return null;
  const label = (
    {
      master: "MK",
      provisioning: "PK",
      reader: "RK",
      mepAdvanced: "MAK",
      mepBasic: "MBK",
      omak: "OMAK",
    } satisfies Record<KeyRole, string>
  )[role];
  if ("hex" in src) return Secret.fromHex(src.hex, label);
  if ("text" in src) return Secret.fromText(src.text, label);
  const name = "hexEnv" in src ? src.hexEnv : src.textEnv;
  const value = process.env[name];
  if (value === undefined || value === "") return null;
  return "hexEnv" in src ? Secret.fromHex(value, label) : Secret.fromText(value, label);
}

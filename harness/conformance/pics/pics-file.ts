import { readFileSync } from "node:fs";
import { ConfigError } from "../../errors";
import { picsItem, PICS_ITEMS, type PicsItem } from "./pics-items";
import type { Pics } from "./pics";

/**
 * The PICS file a lab fills in for a device (JSON, schema in pics.schema.json):
 *   { "$schema": "...", "device": "free text", "items": { "8.2": true, "8.10": false, ... } }
 * Every key of "items" must be a PICS item; items left out are derived from BT00 at run time.
 */
export interface PicsFile {
  readonly device: string;
  readonly items: Pics;
}

export function parsePics(text: string, origin: string): PicsFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ConfigError("OSGP_ERR_PICS", `PICS file ${origin} is not JSON: ${(e as Error).message}`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json))
    throw new ConfigError("OSGP_ERR_PICS", `PICS file ${origin}: the top level must be an object`);
  const o = json as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!["$schema", "device", "items"].includes(k))
      throw new ConfigError("OSGP_ERR_PICS", `PICS file ${origin}: unknown key "${k}" (known: $schema, device, items)`);
  }
  if (o.device !== undefined && typeof o.device !== "string")
    throw new ConfigError("OSGP_ERR_PICS", `PICS file ${origin}: "device" must be a string`);
  const items = o.items ?? {};
  if (typeof items !== "object" || items === null || Array.isArray(items))
    throw new ConfigError("OSGP_ERR_PICS", `PICS file ${origin}: "items" must be an object`);
  const out: Record<string, boolean> = {};
  for (const [id, v] of Object.entries(items)) {
    if (picsItem(id) === undefined)
      throw new ConfigError(
        "OSGP_ERR_PICS",
        `PICS file ${origin}: items.${id} is no PICS item; known items: ${PICS_ITEMS.map((i) => i.id).join(", ")}`,
      );
    if (typeof v !== "boolean")
      throw new ConfigError(
        "OSGP_ERR_PICS",
        `PICS file ${origin}: items.${id} must be true or false, not ${JSON.stringify(v)}`,
      );
    out[id] = v;
  }
  return { device: (o.device as string | undefined) ?? "", items: out };
}

export function loadPics(file: string): Pics {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new ConfigError("OSGP_ERR_PICS", `cannot read PICS file ${file}: ${(e as Error).message}`);
  }
  return parsePics(text, file).items;
}

/**
 * The file `osgp-conformance init` writes: every item set to a given value, else an option to its
 * assumed value and a feature to false.
 */
export function picsTemplate(items: Pics | null): string {
  const body = {
    $schema: "./pics.schema.json",
    device: "manufacturer, model, firmware of the device under test",
    items: Object.fromEntries(PICS_ITEMS.map((i) => [i.id, items?.[i.id] ?? i.assumed ?? false])),
  };
  return JSON.stringify(body, null, 2) + "\n";
}

/** A JSON schema of the PICS file, one property per item with its title as description. */
export function picsSchema(): object {
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "osgp-conformance PICS (ETSI TS 104 001 optional features)",
    type: "object",
    additionalProperties: false,
    properties: {
      $schema: { type: "string" },
      device: { type: "string", description: "the device the statement is about" },
      items: {
        type: "object",
        additionalProperties: false,
        properties: Object.fromEntries(
          PICS_ITEMS.map((i) => [i.id, { type: "boolean", description: describeItem(i) }]),
        ),
      },
    },
  };
}

function describeItem(i: PicsItem): string {
  return i.assumed === undefined ? `${i.id} ${i.title}` : `${i.id} ${i.title} (an option; left out: ${i.assumed})`;
}

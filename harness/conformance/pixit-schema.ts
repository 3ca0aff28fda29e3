import { isItem, meaningOf, type PixitGroup, type PixitItem, type ValueRule } from "./pixit-item";
import { PIXIT_DECLARATION } from "./pixit-items";

/**
 * pixit.schema.json, which `osgp-conformance init` writes beside pixit.json: an editor then completes
 * item names and flags a wrong value as it is typed. The harness itself checks a PIXIT file against
 * the declaration (pixit.ts), which this schema is made from, so the two cannot disagree.
 */
export function pixitSchema(): object {
  const top = groupSchema(PIXIT_DECLARATION);
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "osgp-conformance PIXIT (ETSI TS 104 001): every item optional, laid over the defaults",
    ...top,
    properties: { $schema: { type: "string" }, ...top.properties },
  };
}

function groupSchema(group: PixitGroup): {
  type: "object";
  additionalProperties: false;
  properties: Record<string, object>;
} {
  const properties = Object.fromEntries(
    Object.entries(group).map(([k, node]) => [k, isItem(node) ? itemSchema(node) : groupSchema(node)]),
  );
  return { type: "object", additionalProperties: false, properties };
}

function itemSchema(i: PixitItem<unknown>): object {
  return { description: meaningOf(i), default: i.default, ...ruleSchema(i.rule) };
}

const KEY_FORMS = ["hex", "text", "hexEnv", "textEnv"].map((form) => ({
  type: "object",
  additionalProperties: false,
  required: [form],
  properties: { [form]: { type: "string" } },
}));

function ruleSchema(rule: ValueRule): object {
  switch (rule.type) {
    case "key":
      return { oneOf: [{ type: "null" }, ...KEY_FORMS] };
    case "enum":
      return { enum: rule.words };
    default: {
      const type = rule.type === "strings" ? "array" : rule.type;
      return {
        type: rule.nullable ? [type, "null"] : type,
        ...(rule.type === "strings" ? { items: { type: "string" } } : {}),
      };
    }
  }
}

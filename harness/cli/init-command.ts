import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../errors";
import { picsSchema, picsTemplate } from "../conformance/pics/pics-file";
import { pixitSchema } from "../conformance/pixit-schema";
import { pixitTemplate } from "./info-commands";

/**
 * `osgp-conformance init`: the two files a lab fills in for a device under test, a PICS (which
 * optional features it implements) and a PIXIT (its parameters, keys by environment variable),
 * each with its JSON schema beside it. Existing files are kept unless --force.
 */
export function initFiles(dir: string, force: boolean): string[] {
  const files: Array<[string, string]> = [
    ["pics.json", picsTemplate(null)],
    ["pics.schema.json", JSON.stringify(picsSchema(), null, 2) + "\n"],
    ["pixit.json", pixitTemplate("./pixit.schema.json") + "\n"],
    ["pixit.schema.json", JSON.stringify(pixitSchema(), null, 2) + "\n"],
  ];
  const existing = files.map(([f]) => join(dir, f)).filter((f) => existsSync(f));
  if (existing.length > 0 && !force)
    throw new ConfigError("OSGP_ERR_USAGE", `${existing.join(", ")} already exist; use --force to overwrite`);
  mkdirSync(dir, { recursive: true });
  for (const [f, text] of files) writeFileSync(join(dir, f), text);
  return files.map(([f]) => join(dir, f));
}

import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { catalogueMarkdown, catalogueProblems, clauseCatalogue } from "../conformance/catalogue/clause-coverage";
import { indexFeatures } from "../conformance/catalogue/feature-index";

const FEATURES_DIR = join(__dirname, "..", "..", "features");

/** `osgp-conformance catalogue`: every leaf clause with its scenarios or the reason it has none. */
export function writeCatalogue(out: string): { file: string; problems: string[] } {
  const rows = clauseCatalogue(indexFeatures(FEATURES_DIR));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, catalogueMarkdown(rows));
  return { file: out, problems: catalogueProblems(rows) };
}

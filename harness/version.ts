import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The harness version, as package.json gives it; reports name it so a run can be reproduced. */
export const HARNESS_VERSION: string = (
  JSON.parse(readFileSync(join(__dirname, "..", "package.json"), "utf8")) as { version: string }
).version;

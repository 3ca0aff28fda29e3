import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Redactor } from "../../security/redactor";
import { hexReplacer } from "./case-json";

/**
 * Where a campaign keeps what it did: reports/fuzz/<campaign>/<target>-<time>/, one JSON line per
 * case appended as soon as the case ends (so a harness that is killed, or a device that floods it,
 * still leaves every result produced so far), then summary.json and summary.txt (the report, with
 * the counterexample). Hex there has been through the session's redactor, and every text written
 * goes through it once more (a case's own bytes are written as they are, and an error may quote
 * anything): no key appears.
 */
export class ResultStore {
  readonly dir: string;
  private readonly casesFile: string;

  constructor(
    reportsDir: string,
    campaign: string,
    target: string,
    startedAt: Date = new Date(),
    private readonly redactor: Redactor = new Redactor(),
  ) {
    const stamp = startedAt.toISOString().replace(/[:.]/g, "-");
    this.dir = join(reportsDir, "fuzz", campaign, `${target.replace(/[^\w.-]+/g, "_")}-${stamp}`);
    mkdirSync(this.dir, { recursive: true });
    this.casesFile = join(this.dir, "cases.jsonl");
    writeFileSync(this.casesFile, "");
  }

  appendCase(record: unknown): void {
    appendFileSync(this.casesFile, this.redactor.scrub(JSON.stringify(record, hexReplacer)) + "\n");
  }

  writeJson(name: string, value: unknown): string {
    const file = join(this.dir, name);
    writeFileSync(file, this.redactor.scrub(JSON.stringify(value, null, 2)) + "\n");
    return file;
  }

  writeText(name: string, text: string): string {
    const file = join(this.dir, name);
    const clean = this.redactor.scrub(text);
    writeFileSync(file, clean.endsWith("\n") ? clean : clean + "\n");
    return file;
  }
}

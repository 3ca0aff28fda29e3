import { EventEmitter } from "node:events";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { IFormatterOptions } from "@cucumber/cucumber";
import AllureCucumberReporter from "allure-cucumberjs/reporter";
import type { Globals, TestResult, TestResultContainer } from "allure-js-commons";
import type { Category, EnvironmentInfo } from "allure-js-commons/sdk";
import { stringifyEnvInfo, type Writer } from "allure-js-commons/sdk/reporter";
import { TRACE_ATTACHMENT } from "./scenario-traces";

/**
 * The Allure results' writer of a run: the files allure-js-commons' FileSystemWriter writes, with
 * the same names and contents, without its fsync after each one. A catalogue run writes some
 * 15,000 of them (a result, its containers and every step's frames), and each fsync stops the
 * cucumber process until the disk has the file: a fifth of a target's run on a busy disk. A
 * result the machine loses in a crash is a lost run either way; a killed process loses nothing
 * the kernel was given.
 */
export class UnsyncedAllureWriter implements Writer {
  private made = false;

  constructor(private readonly resultsDir: string) {}

  writeResult(result: TestResult): void {
    this.write(`${result.uuid}-result.json`, JSON.stringify(result));
  }

  writeGroup(result: TestResultContainer): void {
    this.write(`${result.uuid}-container.json`, JSON.stringify(result));
  }

  writeAttachment(distFileName: string, content: Buffer): void {
    this.write(distFileName, content);
  }

  writeAttachmentFromPath(distFileName: string, from: string): void {
    copyFileSync(from, this.path(distFileName));
  }

  writeEnvironmentInfo(info: EnvironmentInfo): void {
    this.write("environment.properties", stringifyEnvInfo(info));
  }

  writeCategoriesDefinitions(categories: Category[]): void {
    this.write("categories.json", JSON.stringify(categories));
  }

  writeGlobals(distFileName: string, info: Globals): void {
    this.write(distFileName, JSON.stringify(info));
  }

  private write(name: string, data: string | Buffer): void {
    writeFileSync(this.path(name), data);
  }

  private path(name: string): string {
    if (!this.made) mkdirSync(this.resultsDir, { recursive: true });
    this.made = true;
    return join(this.resultsDir, name);
  }
}

/** What is read of a cucumber message to leave it out. */
interface Envelope {
  readonly attachment?: { readonly fileName?: string };
}

/**
 * Cucumber's messages as the Allure report takes them: all but the JSON trace of each session, which
 * the After hooks attach (steps/world.ts attachFullTraces). Each step's frames are in the report
 * beside the step already, the full trace goes to the evidence bundle and pcaps from cucumber's
 * messages, and in the single-file report it made up a third of the catalogue's 72 MB and kept the
 * page from opening in 5 s (npm run bench). Left out here, it costs no results file to write.
 */
export function withoutFullTraces(messages: EventEmitter): EventEmitter {
  const kept = new EventEmitter();
  messages.on("envelope", (e: Envelope) => {
    if (!e.attachment?.fileName?.startsWith(TRACE_ATTACHMENT)) kept.emit("envelope", e);
  });
  return kept;
}

/** allure-cucumberjs' formatter (cucumber.js, through allure-formatter-entry.js), writing through the writer above. */
export default class AllureFormatter extends AllureCucumberReporter {
  constructor(options: IFormatterOptions) {
    const args = options.parsedArgvOptions as { resultsDir?: string };
    // The reporter's runtime takes a writer from its options (ReporterRuntimeConfig.writer) over its default one.
    const writer = new UnsyncedAllureWriter(args.resultsDir ?? "./allure-results");
    super({
      ...options,
      eventBroadcaster: withoutFullTraces(options.eventBroadcaster),
      parsedArgvOptions: { ...options.parsedArgvOptions, writer },
    });
  }
}

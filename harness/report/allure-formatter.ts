import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { IFormatterOptions } from "@cucumber/cucumber";
import AllureCucumberReporter from "allure-cucumberjs/reporter";
import type { Globals, TestResult, TestResultContainer } from "allure-js-commons";
import type { Category, EnvironmentInfo } from "allure-js-commons/sdk";
import { stringifyEnvInfo, type Writer } from "allure-js-commons/sdk/reporter";

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

/** allure-cucumberjs' formatter (cucumber.js, through allure-formatter-entry.js), writing through the writer above. */
export default class AllureFormatter extends AllureCucumberReporter {
  constructor(options: IFormatterOptions) {
    const args = options.parsedArgvOptions as { resultsDir?: string };
    // The reporter's runtime takes a writer from its options (ReporterRuntimeConfig.writer) over its default one.
    const writer = new UnsyncedAllureWriter(args.resultsDir ?? "./allure-results");
    super({ ...options, parsedArgvOptions: { ...options.parsedArgvOptions, writer } });
  }
}

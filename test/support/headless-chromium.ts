import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";
import { pathToFileURL } from "node:url";
import { skipUnlessInstalled } from "./external-tool";

/** Debian's chromium package (CI installs it); `chromium --version` runs without a display. */
export const CHROMIUM = "chromium";
export const chromiumSkip = (): false | string => skipUnlessInstalled(CHROMIUM, ["--version"]);

/** A fresh profile, no network of its own (updates, sync, first-run pages), no GPU, no sandbox (root in CI). */
const FLAGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export interface OpenedPage {
  /** The page's DOM once `ready` held, as the user would see it. */
  readonly html: string;
  /** From starting the browser to a page it can be told to open. */
  readonly startupMs: number;
  /** From telling the page to open the file to `ready` holding. */
  readonly openMs: number;
}

/**
 * Opens a local file in headless Chromium and waits until the JavaScript expression `ready` is
 * true in the page (a single-page app renders after load, so load alone says nothing), driving the
 * browser over the DevTools protocol on a pipe (--remote-debugging-pipe: fd 3 in, fd 4 out,
 * messages ended by NUL), so no port is opened and no driver is downloaded.
 */
export async function openInChromium(file: string, ready: string, timeoutMs = 120_000): Promise<OpenedPage> {
  const profile = mkdtempSync(join(tmpdir(), "osgp-chromium-"));
  const t0 = performance.now();
  const child = spawn(CHROMIUM, [...FLAGS, `--user-data-dir=${profile}`, "--remote-debugging-pipe", "about:blank"], {
    stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"],
  });
  const stderr: Buffer[] = [];
  child.stderr?.on("data", (b: Buffer) => stderr.push(b));
  const cdp = new DevToolsPipe(child);
  const deadline = Date.now() + timeoutMs;
  try {
    const page = await waitFor(deadline, async () => {
      const { targetInfos } = (await cdp.send("Target.getTargets")) as {
        targetInfos: { targetId: string; type: string }[];
      };
      return targetInfos.find((t) => t.type === "page")?.targetId;
    });
    const { sessionId } = (await cdp.send("Target.attachToTarget", { targetId: page, flatten: true })) as {
      sessionId: string;
    };
    const startupMs = performance.now() - t0;
    const t1 = performance.now();
    await cdp.send("Page.navigate", { url: pathToFileURL(file).href }, sessionId);
    const evaluate = async (expression: string) =>
      (
        (await cdp.send("Runtime.evaluate", { expression, returnByValue: true }, sessionId)) as {
          result: { value?: unknown };
        }
      ).result.value;
    await waitFor(deadline, async () => ((await evaluate(ready)) === true ? true : undefined));
    const openMs = performance.now() - t1;
    const html = String(await evaluate("document.documentElement.outerHTML"));
    return { html, startupMs, openMs };
  } catch (e) {
    throw new Error(`headless chromium: ${(e as Error).message}\n${Buffer.concat(stderr).toString().slice(-2000)}`);
  } finally {
    await cdp.send("Browser.close").catch(() => undefined);
    if (child.exitCode === null && child.signalCode === null)
      await new Promise<void>((resolve) => {
        const kill = setTimeout(() => child.kill("SIGKILL"), 5000);
        child.once("exit", () => (clearTimeout(kill), resolve()));
      });
    rmSync(profile, { recursive: true, force: true });
  }
}

async function waitFor<T>(deadline: number, probe: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error("timed out waiting for the page");
    await new Promise((r) => setTimeout(r, 50));
  }
}

class DevToolsPipe {
  private nextId = 1;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  /**
   * The message being received, in the chunks it came in: a page's DOM (a 70 MB report) comes in
   * thousands of chunks, and joining each to all before it would copy the message thousands of times.
   */
  private partial: Buffer[] = [];
  private readonly toBrowser: Writable;

  constructor(child: ChildProcess) {
    this.toBrowser = child.stdio[3] as Writable;
    // A browser that died mid-write fails that send; the stream's own error event must not kill us.
    this.toBrowser.on("error", () => undefined);
    const fromBrowser = child.stdio[4] as Readable;
    fromBrowser.on("data", (chunk: Buffer) => this.receive(chunk));
    child.once("exit", (code) => {
      for (const p of this.pending.values()) p.reject(new Error(`the browser exited (${code})`));
      this.pending.clear();
    });
    child.once("error", (e) => {
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    });
  }

  send(method: string, params: object = {}, sessionId?: string): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.toBrowser.write(
        JSON.stringify({ id, method, params, ...(sessionId === undefined ? {} : { sessionId }) }) + "\0",
        (e) => {
          if (e) (this.pending.delete(id), reject(e));
        },
      );
    });
  }

  private receive(chunk: Buffer): void {
    let start = 0;
    for (let end = chunk.indexOf(0); end >= 0; end = chunk.indexOf(0, start)) {
      const whole = Buffer.concat([...this.partial, chunk.subarray(start, end)]);
      this.partial = [];
      start = end + 1;
      const m = JSON.parse(whole.toString("utf8")) as {
        id?: number;
        result?: unknown;
        error?: { message: string };
      };
      const p = m.id === undefined ? undefined : this.pending.get(m.id);
      if (p === undefined || m.id === undefined) continue;
      this.pending.delete(m.id);
      if (m.error) p.reject(new Error(m.error.message));
      else p.resolve(m.result);
    }
    if (start < chunk.length) this.partial.push(chunk.subarray(start));
  }
}

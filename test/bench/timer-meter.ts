import { writeFileSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * Preloaded into every process of a measured run (catalogue-time.ts puts it in NODE_OPTIONS with
 * OSGP_TIMER_METER_DIR): the time each setTimeout that fired kept its caller waiting, summed by the
 * code that set it, written as DIR/PID.json when the process exits. Cleared timers (a response
 * that came before its time-out) cost nothing and are left out. A site is the first frame in the
 * project's own code, with the first frame of another of its files that led there (the step that
 * asked for a device-clock wait, say). The file also has the process's CPU time (user and system).
 */
export interface TimerSite {
  count: number;
  ms: number;
}

const dir = process.env.OSGP_TIMER_METER_DIR;
const root = process.cwd();

function siteOf(stack: string): string {
  const files: string[] = [];
  for (const line of stack.split("\n").slice(1)) {
    const m = /\(?(\/[^():]+):(\d+):\d+\)?$/.exec(line.trim());
    if (
      m === null ||
      m[1] === undefined ||
      m[1] === __filename ||
      m[1].includes("/node_modules/") ||
      !m[1].startsWith(root)
    )
      continue;
    const here = `${relative(root, m[1])}:${m[2]}`;
    if (files.length === 0) files.push(here);
    else if (!here.startsWith(`${(files[0] as string).split(":")[0]}:`)) {
      files.push(here);
      break;
    }
  }
  return files.length === 0 ? "(outside the project: node_modules, node)" : files.join(" < ");
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

if (dir) {
  const sites = new Map<string, TimerSite>();
  const real = globalThis.setTimeout;
  const original = real as unknown as (callback: unknown, ms?: number, ...args: unknown[]) => NodeJS.Timeout;
  const metered = function (callback: unknown, ms?: number, ...args: unknown[]) {
    if (typeof callback !== "function" || !(Number(ms) >= 1)) return original(callback, ms, ...args);
    const site = siteOf(new Error().stack ?? "");
    const setAt = performance.now();
    return original(
      (...a: unknown[]) => {
        const s = sites.get(site) ?? { count: 0, ms: 0 };
        s.count++;
        s.ms += performance.now() - setAt;
        sites.set(site, s);
        (callback as (...x: unknown[]) => void)(...a);
      },
      ms,
      ...args,
    );
  };
  // util.promisify(setTimeout) looks for its own symbol on the function: keep every property.
  globalThis.setTimeout = Object.defineProperties(
    metered,
    Object.getOwnPropertyDescriptors(real),
  ) as unknown as typeof setTimeout;
  process.on("exit", () =>
    writeFileSync(
      join(dir, `${process.pid}.json`),
      JSON.stringify({
        argv: process.argv.slice(1, 3),
        target: process.env.OSGP_TARGET ?? "",
        cpuMs: cpuMs(),
        sites: Object.fromEntries(sites),
      }),
    ),
  );
}

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { HARNESS_VERSION } from "../version";

/**
 * What built the evidence: the harness's version and commit, Node, and every package installed
 * under the harness, so a lab (or an auditor) can rebuild the same harness and run it again.
 */
const HARNESS_ROOT = resolve(__dirname, "..", "..");

export interface HarnessFacts {
  readonly version: string;
  /** `git rev-parse HEAD` of the harness's own checkout, or "unknown". */
  readonly gitCommit: string;
  /** Whether tracked files differ from that commit: "yes", "no", or "unknown". */
  readonly gitModified: "yes" | "no" | "unknown";
  readonly node: string;
  readonly platform: string;
}

export function harnessFacts(): HarnessFacts {
  // Installed as a package inside a lab's own repository, the harness's folder is not the top of a
  // checkout, and that repository's commit would say nothing about the harness.
  const top = git(["rev-parse", "--show-toplevel"]);
  const own = top !== null && resolve(top) === HARNESS_ROOT;
  const commit = own ? git(["rev-parse", "HEAD"]) : null;
  const status = own ? git(["status", "--porcelain", "--untracked-files=no"]) : null;
  return {
    version: HARNESS_VERSION,
    gitCommit: commit ?? "unknown",
    gitModified: status === null ? "unknown" : status === "" ? "no" : "yes",
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

function git(args: string[]): string | null {
  try {
    return execFileSync("git", ["-C", HARNESS_ROOT, ...args], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 10_000,
    }).trim();
  } catch {
    return null;
  }
}

export interface InstalledPackage {
  /** Where it sits, e.g. "node_modules/@cucumber/cucumber" (a package may sit in several places). */
  readonly path: string;
  readonly name: string;
  /**
   * The version in its own package.json, or null when the lock file lists
   * it but it is not installed (an optional package of another platform).
   */
  readonly installed: string | null;
  readonly locked: string | null;
  readonly direct: boolean;
}

interface LockFile {
  readonly packages?: Record<string, { readonly version?: string; readonly name?: string }>;
}

/**
 * Every package the lock file lists, direct and transitive, each with the version actually
 * installed: the lock says what should be there, node_modules what ran.
 */
export function installedPackages(root: string = HARNESS_ROOT): InstalledPackage[] {
  let lock: LockFile;
  let manifest: { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  try {
    lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as LockFile;
    manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as typeof manifest;
  } catch {
    return [];
  }
  const direct = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.devDependencies ?? {})]);
  return Object.entries(lock.packages ?? {})
    .filter(([path]) => path.startsWith("node_modules/"))
    .map(([path, entry]) => {
      const name = entry.name ?? path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length);
      return {
        path,
        name,
        installed: installedVersion(join(root, path)),
        locked: entry.version ?? null,
        direct: direct.has(name) && path === `node_modules/${name}`,
      };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}

function installedVersion(dir: string): string | null {
  try {
    return (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version?: string }).version ?? null;
  } catch {
    return null;
  }
}

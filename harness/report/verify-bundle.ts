import { readFileSync } from "node:fs";
import { unzipSync } from "fflate";
import { ConfigError } from "../errors";
import {
  checkAgainstManifest,
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  type Manifest,
  type ManifestCheck,
} from "./bundle-manifest";

/** `osgp-conformance verify-bundle FILE.zip`: every file of the bundle against its manifest. */
export interface BundleCheck extends ManifestCheck {
  readonly file: string;
  readonly ok: boolean;
}

export function verifyBundle(file: string): BundleCheck {
  const entries = readZipEntries(file);
  const manifests = entries.filter(([path]) => path === MANIFEST_FILE);
  const manifestBytes = manifests[0]?.[1];
  if (manifestBytes === undefined)
    throw new ConfigError(
      "OSGP_ERR_BUNDLE",
      `${file} has no ${MANIFEST_FILE}: it is not an evidence bundle made by osgp-conformance bundle, or its manifest was taken out`,
    );
  if (manifests.length > 1)
    throw new ConfigError(
      "OSGP_ERR_BUNDLE",
      `${file} holds ${MANIFEST_FILE} ${manifests.length} times: which one is the bundle's cannot be told`,
    );
  const manifest = parseManifest(manifestBytes, file);
  const check = checkAgainstManifest(
    manifest,
    entries.filter(([path]) => path !== MANIFEST_FILE),
  );
  return { file, ...check, ok: check.changed.length + check.added.length + check.missing.length === 0 };
}

/**
 * Every file entry of the zip in its order, a name given twice
 * listed twice (directory entries carry nothing and are left out).
 */
export function readZipEntries(file: string): [string, Uint8Array][] {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new ConfigError("OSGP_ERR_BUNDLE", `cannot read ${file}: ${(e as Error).message}`);
  }
  const names: string[] = [];
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        names.push(f.name);
        return true;
      },
    });
  } catch (e) {
    throw new ConfigError("OSGP_ERR_BUNDLE", `${file} is not a zip archive that can be read (${(e as Error).message})`);
  }
  // A name given twice keeps only its last content; the check reports the name's second entry as added.
  return names.filter((n) => !n.endsWith("/")).map((n) => [n, files[n] ?? new Uint8Array(0)]);
}

function parseManifest(bytes: Uint8Array, file: string): Manifest {
  const bad = (why: string): never => {
    throw new ConfigError("OSGP_ERR_BUNDLE", `${file}: ${MANIFEST_FILE} is not a bundle manifest (${why})`);
  };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch {
    return bad("not JSON");
  }
  const m = json as Partial<Manifest> | null;
  if (m === null || typeof m !== "object" || m.format !== MANIFEST_FORMAT)
    return bad(`its format is not "${MANIFEST_FORMAT}"`);
  if (!Array.isArray(m.files)) return bad("it has no list of files");
  for (const [i, f] of m.files.entries()) {
    const e = f as Partial<Record<"path" | "size" | "sha256", unknown>>;
    if (
      typeof e.path !== "string" ||
      typeof e.size !== "number" ||
      typeof e.sha256 !== "string" ||
      !/^[0-9a-f]{64}$/.test(e.sha256)
    )
      bad(`file ${i + 1} lacks a path, a size or a SHA-256`);
  }
  return m as Manifest;
}

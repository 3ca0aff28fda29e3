import { createHash } from "node:crypto";

/**
 * The manifest inside an evidence bundle: every other file's path, size and SHA-256, so that
 * whoever receives the bundle can tell that nothing in it changed, and nothing was added or taken
 * out, since the lab made it. It proves integrity, not origin: the lab records the SHA-256 of the
 * zip itself (printed by `bundle`) where the receiver can check it.
 */
export const MANIFEST_FILE = "manifest.json";
export const MANIFEST_FORMAT = "osgp-conformance evidence bundle manifest 1";

export interface ManifestEntry {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
}

export interface Manifest {
  readonly format: string;
  readonly createdAt: string;
  readonly files: readonly ManifestEntry[];
}

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export function manifestOf(files: ReadonlyMap<string, Uint8Array>, createdAt: string): Manifest {
  const entries = [...files.entries()].map(([path, bytes]) => ({ path, size: bytes.length, sha256: sha256(bytes) }));
  return {
    format: MANIFEST_FORMAT,
    createdAt,
    files: entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
  };
}

export interface ChangedFile extends ManifestEntry {
  readonly actualSize: number;
  readonly actualSha256: string;
}

export interface ManifestCheck {
  readonly matched: number;
  readonly changed: readonly ChangedFile[];
  /** In the zip, not in the manifest; a name twice in the zip counts its second entry here. */
  readonly added: readonly string[];
  readonly missing: readonly string[];
}

/** `entries`: every entry of the zip but the manifest, in zip order, duplicates kept. */
export function checkAgainstManifest(
  manifest: Manifest,
  entries: readonly (readonly [string, Uint8Array])[],
): ManifestCheck {
  const listed = new Map(manifest.files.map((f) => [f.path, f]));
  const seen = new Set<string>();
  const changed: ChangedFile[] = [];
  const added: string[] = [];
  let matched = 0;
  for (const [path, bytes] of entries) {
    const entry = listed.get(path);
    if (entry === undefined || seen.has(path)) {
      added.push(path);
      continue;
    }
    seen.add(path);
    const actual = sha256(bytes);
    if (actual === entry.sha256 && bytes.length === entry.size) matched++;
    else changed.push({ ...entry, actualSize: bytes.length, actualSha256: actual });
  }
  const missing = manifest.files.filter((f) => !seen.has(f.path)).map((f) => f.path);
  return { matched, changed, added, missing };
}

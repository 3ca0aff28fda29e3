import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * Finds a key's bytes in files: as hex in either case with any spacing or separators between the
 * bytes ("4d 4b", "4D:4B", "4d4b"), and as the raw bytes themselves (text keys in plain sight).
 */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map((f) => join(dir, String(f)))
    .filter((f) => statSync(f).isFile());
}

export function secretPattern(key: Uint8Array): RegExp {
  const hex = Array.from(key, (b) => b.toString(16).padStart(2, "0"));
  return new RegExp(hex.join("[\\s:,._-]*"), "i");
}

export function findSecret(files: readonly string[], key: Uint8Array): string[] {
  const pattern = secretPattern(key);
  const raw = Buffer.from(key);
  return files.filter((f) => {
    const bytes = readFileSync(f);
    return bytes.includes(raw) || pattern.test(bytes.toString("latin1"));
  });
}

import { makeEvidenceBundle } from "../report/evidence-bundle";
import { verifyBundle } from "../report/verify-bundle";

/** `osgp-conformance bundle`: prints where the bundle is and its SHA-256, which the lab records apart from it. */
export function bundleReports(reportsDir: string, out: string | null): number {
  const r = makeEvidenceBundle({ reportsDir, out });
  for (const l of r.leftOut) console.log(`not in the bundle: ${l.path} (${l.why})`);
  console.log(`bundle: ${r.file} (${r.files} files, sha256 ${r.sha256})`);
  return 0;
}

/**
 * `osgp-conformance verify-bundle`: exit 0 only when every file
 * matches the manifest and nothing was added or taken out.
 */
export function verifyBundleFile(file: string): number {
  const c = verifyBundle(file);
  for (const f of c.changed)
    console.log(
      `changed: ${f.path} (manifest: ${f.size} bytes, sha256 ${f.sha256}; now: ${f.actualSize} bytes, sha256 ${f.actualSha256})`,
    );
  for (const p of c.added) console.log(`added: ${p} (not in the manifest)`);
  for (const p of c.missing) console.log(`missing: ${p} (in the manifest, not in the zip)`);
  const problems = c.changed.length + c.added.length + c.missing.length;
  console.log(
    c.ok
      ? `${file}: all ${c.matched} files match the manifest`
      : `${file}: ${problems} file(s) do not match the manifest (${c.changed.length} changed, ${c.added.length} added, ${c.missing.length} missing); ${c.matched} match`,
  );
  return c.ok ? 0 : 1;
}

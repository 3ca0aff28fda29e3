import { spawnSync } from "node:child_process";

/**
 * A test that needs a program outside npm (socat, tshark) is skipped on a developer's machine
 * without it, with the reason in the report. CI sets OSGP_REQUIRE_TOOLS=1 after installing them, so
 * there a missing program fails the run instead of silently skipping what it was installed for.
 */
export function skipUnlessInstalled(program: string, probeArgs: readonly string[]): false | string {
  if (spawnSync(program, probeArgs, { stdio: "ignore" }).status === 0) return false;
  if (process.env["OSGP_REQUIRE_TOOLS"] === "1")
    throw new Error(`${program} is required here (OSGP_REQUIRE_TOOLS=1) but does not run`);
  return `${program} is not installed on this machine`;
}

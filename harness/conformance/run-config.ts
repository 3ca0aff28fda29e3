import { ConfigError } from "../errors";
import { LINKS } from "../links/links";
import { profileNamed } from "../simulator/profiles";
import { loadPixit, type Pixit } from "./pixit";
import { parseTarget, simulatorPics, simulatorPixit, type TargetSpec } from "./target";
import { loadPics } from "./pics/pics-file";
import { optionSupport, type Pics } from "./pics/pics";

/**
 * One run's configuration, read from the environment that `osgp-conformance run` (or the lab)
 * sets for cucumber: OSGP_TARGET (default "sim") and OSGP_PIXIT (a PIXIT file, optional).
 * For the simulator the file is laid over the simulator's own PIXIT; for a meter, over the defaults.
 */
export interface RunConfig {
  readonly targetText: string;
  readonly target: TargetSpec;
  readonly pixit: Pixit;
  readonly pixitFile: string | null;
  /**
   * The PICS declared for the device: the lab's file (OSGP_PICS
   * / --pics), else the simulator's own; null: derive from BT00.
   */
  readonly pics: Pics | null;
  readonly picsFile: string | null;
}

export function runConfig(targetText: string, pixitFile: string | null, picsFile: string | null = null): RunConfig {
  const bare = LINKS.find((l) => l.kind === targetText);
  let text = targetText;
  if (bare !== undefined) {
    const address = bare.benchFromPixit(loadPixit(pixitFile));
    if ("missing" in address) throw new ConfigError("OSGP_ERR_TARGET", address.missing);
    text = `${bare.kind}:${bare.benchText(address)}`;
  }
  const spec = parseTarget(text);
  // A replay runs with the PIXIT and PICS the recorded target had.
  if (spec.kind === "replay") return { ...runConfig(spec.recorded, pixitFile, picsFile), targetText, target: spec };
  const pixit =
    spec.kind === "sim" ? loadPixit(pixitFile, simulatorPixit(profileNamed(spec.profile))) : loadPixit(pixitFile);
  const pics =
    picsFile !== null ? loadPics(picsFile) : spec.kind === "sim" ? simulatorPics(profileNamed(spec.profile)) : null;
  agreeOnSuite(pixit, pics);
  return { targetText, target: spec, pixit, pixitFile, pics, picsFile };
}

/**
 * The links take the suite they speak from the PIXIT (security.suite), as they read no PICS; whether the device
 * runs AES is the PICS's option 7.4/aes-mode. The two must agree, or the scenarios of one suite would be
 * run in the other.
 */
function agreeOnSuite(pixit: Pixit, pics: Pics | null): void {
  const aes = optionSupport("7.4/aes-mode", pics);
  if (aes.supported === (pixit.security.suite === "aes128")) return;
  throw new ConfigError(
    "OSGP_ERR_PICS",
    `PIXIT security.suite is ${pixit.security.suite}, but 7.4/aes-mode is ${aes.supported}, according to ${aes.source}: make them agree (${pixit.security.suite === "aes128" ? "declare 7.4/aes-mode true in the PICS file" : "set security.suite to aes128"})`,
  );
}

export function runConfigFromEnv(env: NodeJS.ProcessEnv = process.env): RunConfig {
  return runConfig(env.OSGP_TARGET || "sim", env.OSGP_PIXIT || null, env.OSGP_PICS || null);
}

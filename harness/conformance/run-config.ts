import { ConfigError } from "../errors";
import { profileNamed } from "../simulator/profiles";
import { loadPixit, type Pixit } from "./pixit";
import { parseTarget, simulatorPics, simulatorPixit, type TargetSpec } from "./target";
import { loadPics } from "./pics/pics-file";
import type { Pics } from "./pics/pics";
import type { OpticalSessionSettings } from "../session/optical-session";

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
  /** The PICS declared for the device: the lab's file (OSGP_PICS / --pics), else the simulator's own; null: derive from BT00. */
  readonly pics: Pics | null;
  readonly picsFile: string | null;
}

export function runConfig(targetText: string, pixitFile: string | null, picsFile: string | null = null): RunConfig {
  let text = targetText;
  if (targetText === "optical" || targetText === "mep") {
    const path = loadPixit(pixitFile).serial.path;
    if (path === "") throw new ConfigError("OSGP_ERR_TARGET", `target ${targetText} needs a port: --target ${targetText}:PATH, or serial.path in the PIXIT file`);
    text = `${targetText}:${path}`;
  } else if (targetText === "plc") {
    const g = loadPixit(pixitFile).plc.gateway;
    if (g.host === "") throw new ConfigError("OSGP_ERR_TARGET", "target plc needs a gateway: --target plc:HOST[:PORT], or plc.gateway.host in the PIXIT file");
    text = `plc:${g.host}:${g.port}`;
  }
  const spec = parseTarget(text);
  const pixit = spec.kind === "sim" ? loadPixit(pixitFile, simulatorPixit(profileNamed(spec.profile))) : loadPixit(pixitFile);
  const pics = picsFile !== null ? loadPics(picsFile) : spec.kind === "sim" ? simulatorPics(profileNamed(spec.profile)) : null;
  return { targetText, target: spec, pixit, pixitFile, pics, picsFile };
}

export function runConfigFromEnv(env: NodeJS.ProcessEnv = process.env): RunConfig {
  return runConfig(env.OSGP_TARGET || "sim", env.OSGP_PIXIT || null, env.OSGP_PICS || null);
}

export function sessionSettings(p: Pixit): OpticalSessionSettings {
  return {
    link: p.link,
    responseTimeoutMs: p.session.responseTimeoutMs,
    wakeup: p.session.wakeup,
    negotiate: p.session.negotiate,
    logon: p.session.logon,
    minRequestIntervalMs: p.session.minRequestIntervalMs,
  };
}

import { ConfigError } from "../../errors";

/**
 * `--replay SEED:PATH`, as a failure prints it: the run's seed and fast-check's path to the case
 * ("42:17:0:3": seed 42, path 17:0:3). The path alone has colons, so only the first one splits.
 */
export interface ReplaySpec {
  readonly seed: number;
  readonly path: string;
}

export function parseReplay(text: string): ReplaySpec {
  const m = /^(-?\d+):(\d+(?::\d+)*)$/.exec(text.trim());
  if (m === null)
    throw new ConfigError(
      "OSGP_ERR_USAGE",
      `--replay takes SEED:PATH as a failure prints it (e.g. 42:17:0:3), not "${text}"`,
    );
  return { seed: Number(m[1]), path: m[2] as string };
}

export function formatReplay(seed: number, path: string): string {
  return `${seed}:${path}`;
}

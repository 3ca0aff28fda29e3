/**
 * Optical-port access (7.0): the password given in the security service sets the level.
 *   master (MK):       everything, subject to the hardware lock (7.5)
 *   provisioning (PK): everything but keys and firmware download
 *   reader (RK):       reads of every table except keys, calibration and download information
 *   none:              logged on without (or with a wrong) password: the open tables only
 */
export const ACCESS_LEVELS = ["none", "reader", "provisioning", "master"] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

export function atLeast(level: AccessLevel, required: AccessLevel): boolean {
  return ACCESS_LEVELS.indexOf(level) >= ACCESS_LEVELS.indexOf(required);
}

/** What the hardware lock of 7.5 blocks, whatever the key: set at production, per country. */
export interface HardwareLock {
  readonly read: ReadonlySet<number>;
  readonly write: ReadonlySet<number>;
  readonly procedures: ReadonlySet<number>;
}

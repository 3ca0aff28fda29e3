import type { DefectInfo } from "./defect-info";

/**
 * The defects of the optical port's key levels (7.0) that only a sweep of every table shows: the
 * open tables stay open and refused writes stay refused, so the per-table scenarios of 9.3, 9.4
 * and 9.9 pass; features/07-security/7.0-access-control.feature catches them.
 */
export const ACCESS_DEFECTS = {
  "open-access-without-key": {
    clause: "7.0",
    what: "a session with no key may read every table, not only the open ones (BT00, BT01, ET03)",
  },
  "wrong-password-grants-access": {
    clause: "7.0",
    what: "the security service answers a wrong password with err, but the session gets the reader key's access",
  },
} as const satisfies Record<string, DefectInfo>;

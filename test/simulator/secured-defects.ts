import type { DefectName } from "../../harness/simulator/defects";

/** The defects that live in the secured-APDU server: shown by mep-port-defects.test.ts, not by the meter alone. */
export const SECURED_DEFECTS = [
  "replay-accepted",
  "sequence-window-unbounded",
  "sequence-error-without-number",
  "digest-not-checked",
  "digest-key-bytes-swapped",
  "basic-key-full-access",
  "auth-failure-digested",
  "response-not-encrypted",
  "aes-mode-accepts-rc4",
  "ica-no-sequence-jump",
] as const satisfies readonly DefectName[];

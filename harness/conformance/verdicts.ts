/**
 * The four verdicts of conformance testing and how they reach Allure:
 *   pass            the scenario ends normally                         -> passed
 *   fail            ConformanceAssertionError: the device broke a rule -> failed
 *   inconclusive    Inconclusive (and any link/port/time-out error):
 *                   the test could not decide                          -> broken
 *   not applicable  the step returns "skipped" after saying why        -> skipped
 * Allure tells failed from broken by the error's name: a name with "Assertion" in it is a failure.
 * That is why the fail class is named so and why no inconclusive message may use that word.
 */
export class ConformanceAssertionError extends Error {
  constructor(
    /** The rule broken, without the evidence the message appends: what a later judgement can add to. */
    readonly rule: string,
    readonly evidence: readonly Evidence[] = [],
  ) {
    super(withEvidence(rule, evidence));
    this.name = "ConformanceAssertionError";
  }
}

export class Inconclusive extends Error {
  constructor(message: string) {
    super(message);
    this.name = "Inconclusive";
  }
}

/**
 * Bytes that prove a verdict (the request sent, the response received, a table image), already
 * rendered as hex through the session's redactor so that a verdict never carries a secret.
 */
export interface Evidence {
  readonly label: string;
  readonly hex: string;
}

function withEvidence(message: string, evidence: readonly Evidence[]): string {
  return evidence.length === 0 ? message : `${message}\n${evidence.map((e) => `  ${e.label}: [${e.hex}]`).join("\n")}`;
}

/** Cucumber's word for a step that did not run; we use it for "not applicable". */
export const NOT_APPLICABLE = "skipped" as const;

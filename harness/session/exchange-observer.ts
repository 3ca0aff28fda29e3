/**
 * Told how each request/response exchange of a session ended, so that something outside the
 * session (the conformance run's link health) can see a link that has stopped carrying anything.
 * The session only reports; what a failure means is the observer's business.
 */
export type ExchangeOutcome = { readonly ok: true } | { readonly ok: false; readonly error: unknown };

export type ExchangeObserver = (outcome: ExchangeOutcome) => void;

/**
 * `work`'s result, after telling `observer` how it ended. `failuresOnly`: an answer that says
 * nothing about the device (a CN/IP gateway's status) must not vouch for the link to the meter.
 */
export async function observed<T>(
  observer: ExchangeObserver | undefined,
  work: Promise<T>,
  failuresOnly = false,
): Promise<T> {
  if (observer === undefined) return work;
  try {
    const value = await work;
    if (!failuresOnly) observer({ ok: true });
    return value;
  } catch (error) {
    observer({ ok: false, error });
    throw error;
  }
}

import { observed, type ExchangeObserver } from "../session/exchange-observer";
import type { BytePort } from "./target-port";

/** A byte pipe of the port; one that does not open counts against the link. */
export function connectObserved(port: BytePort, observer: ExchangeObserver | undefined) {
  return observed(observer, port.connect(), true);
}

/** A session that fails to open is closed before the error goes on, so that no port stays open. */
export async function openedOrClosed(opening: Promise<void>, close: (error: unknown) => Promise<void>): Promise<void> {
  try {
    await opening;
  } catch (e) {
    await close(e).catch(() => undefined);
    throw e;
  }
}

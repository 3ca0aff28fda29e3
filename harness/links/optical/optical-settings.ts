import type { Pixit } from "../../conformance/pixit";
import type { OpticalSessionSettings } from "../../session/optical-session";

/** The optical session's settings as the PIXIT gives them (link.*, session.*). */
export function opticalSessionSettings(p: Pixit): OpticalSessionSettings {
  return {
    link: p.link,
    responseTimeoutMs: p.session.responseTimeoutMs,
    wakeup: p.session.wakeup,
    negotiate: p.session.negotiate,
    logon: p.session.logon,
    minRequestIntervalMs: p.session.minRequestIntervalMs,
  };
}

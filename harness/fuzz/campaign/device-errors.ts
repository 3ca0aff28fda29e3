import { ConfigError, EncodeError, LinkError, OsgpError } from "../../errors";

/**
 * Whose fault an error during a case is. The device's: it did not answer in time, the port went
 * away, its answer does not decode or verify, a packet was never acknowledged. The harness's: an
 * encoder refused a value, the configuration is wrong, a message was too long for the link the
 * campaign itself negotiated; those stop the campaign rather than count against the device.
 */
const HARNESS_LINK_CODES = new Set(["OSGP_ERR_MESSAGE_TOO_LONG", "OSGP_ERR_LINK_BUSY", "OSGP_ERR_PLC_MESSAGE_SIZE"]);

export function isDeviceFault(e: unknown): e is OsgpError {
  if (!(e instanceof OsgpError)) return false;
  if (e instanceof ConfigError || e instanceof EncodeError) return false;
  return !(e instanceof LinkError && HARNESS_LINK_CODES.has(e.code));
}

import { NO_FUNCTION, type DeviceContext, type DeviceFunction } from "../device-function";

export function billingGroup(ctx: DeviceContext): DeviceFunction {
  void ctx;
  return NO_FUNCTION;
}

import { Given } from "@cucumber/cucumber";
import { featureSupport } from "../harness/conformance/pics/pics";
import { picsItem } from "../harness/conformance/pics/pics-items";
import { NOT_APPLICABLE } from "../harness/conformance/verdicts";
import type { OsgpWorld } from "./world";

/**
 * The gate of every scenario of an optional feature: not applicable, with the reason, when the
 * PICS (or, without one, BT00) says the device does not implement it.
 */
Given("the device has the optional feature {string}", async function (this: OsgpWorld, id: string) {
  const s = featureSupport(id, this.config.pics, (await this.description()).config);
  if (s.supported) return undefined;
  await this.attach(`not applicable: ${id} ${picsItem(id)?.title ?? ""} is not implemented, according to ${s.source}`);
  return NOT_APPLICABLE;
});

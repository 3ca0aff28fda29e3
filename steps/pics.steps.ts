import { Given, Then } from "@cucumber/cucumber";
import { expectThat } from "../harness/conformance/checks";
import { derivePics, featureSupport } from "../harness/conformance/pics/pics";
import { comparePics, describeDisagreement } from "../harness/conformance/pics/pics-comparison";
import { toHex } from "../harness/bytes/hex";
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

Then("the declared PICS agrees with what BT00 shows", async function (this: OsgpWorld) {
  const declared = this.config.pics;
  if (declared === null) {
    await this.attach("not applicable: no PICS was declared for this device (give one with --pics FILE)");
    return NOT_APPLICABLE;
  }
  const d = await this.description();
  const disagreements = comparePics(declared, derivePics(d.config));
  expectThat(disagreements.length === 0, `the PICS and BT00 disagree:\n${disagreements.map(describeDisagreement).join("\n")}`, [{ label: "BT00", hex: toHex(d.bt00) }]);
  return undefined;
});

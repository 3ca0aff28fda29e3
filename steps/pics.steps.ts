import { Given, Then } from "@cucumber/cucumber";
import { expectThat } from "../harness/conformance/checks";
import { declaredSupport, derivePics, featureSupport } from "../harness/conformance/pics/pics";
import { comparePics, describeDisagreement } from "../harness/conformance/pics/pics-comparison";
import { toHex } from "../harness/bytes/hex";
import { picsItem } from "../harness/conformance/pics/pics-items";
import { NOT_APPLICABLE } from "../harness/conformance/verdicts";
import type { OsgpWorld } from "./world";

/**
 * The gate of every scenario of an optional feature, before its session opens: not applicable,
 * with the reason and no traffic, when the PICS says the device does not implement it (without a
 * PICS, BT00 says so, read once per run).
 */
Given("the device has the optional feature {string}", async function (this: OsgpWorld, id: string) {
  // A declared PICS settles it before any traffic; only without one is BT00 read (once per run).
  const s = declaredSupport(id, this.config.pics) ?? featureSupport(id, null, (await this.description()).config);
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
  expectThat(
    disagreements.length === 0,
    `the PICS and BT00 disagree:\n${disagreements.map(describeDisagreement).join("\n")}`,
    [{ label: "BT00", hex: toHex(d.bt00) }],
  );
  return undefined;
});

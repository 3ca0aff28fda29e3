import { Given, Then } from "@cucumber/cucumber";
import { expectThat } from "../harness/conformance/checks";
import { derivePics, type Support } from "../harness/conformance/pics/pics";
import { comparePics, describeDisagreement } from "../harness/conformance/pics/pics-comparison";
import { toHex } from "../harness/bytes/hex";
import { isOption, picsItem } from "../harness/conformance/pics/pics-items";
import { NOT_APPLICABLE } from "../harness/conformance/verdicts";
import { picsSupport } from "./support/pics-support";
import type { OsgpWorld } from "./world";

/**
 * The gate of every scenario of an optional feature, before its session opens: not applicable,
 * with the reason and no traffic, when the PICS says the device does not implement it (without a
 * PICS, BT00 says so, read once per run). The same for an option the scenario needs the device to
 * have, or to lack; one that runs on an option's assumed value keeps it, for its verdict (steps/hooks.ts).
 */
Given("the device has the optional feature {string}", async function (this: OsgpWorld, id: string) {
  const s = await picsSupport(this, id);
  if (!s.supported) return notApplicable(this, id, s);
  if (s.assumed === true) this.assumedOptions.push(id);
  return undefined;
});

Given("the device lacks the optional feature {string}", async function (this: OsgpWorld, id: string) {
  const s = await picsSupport(this, id);
  if (s.supported) return notApplicable(this, id, s);
  if (s.assumed === true) this.assumedOptions.push(id);
  return undefined;
});

async function notApplicable(world: OsgpWorld, id: string, s: Support): Promise<typeof NOT_APPLICABLE> {
  const item = picsItem(id);
  const says = s.supported ? "yes" : "no";
  await world.attach(
    item !== undefined && isOption(item)
      ? `not applicable: ${id} (${item.title}): ${says}, according to ${s.source}`
      : `not applicable: ${id} ${item?.title ?? ""} is ${s.supported ? "" : "not "}implemented, according to ${s.source}`,
  );
  return NOT_APPLICABLE;
}

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

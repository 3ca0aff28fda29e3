import { Then } from "@cucumber/cucumber";
import { expectThat } from "../harness/conformance/checks";
import type { OsgpWorld } from "./world";

/** 9.1: what the device put on the line, judged from the frame trace. */
Then("every packet the device sent has a valid CRC", function (this: OsgpWorld) {
  const bad = this.traces
    .flatMap((t) => t.trace.entries())
    .filter((e) => e.direction === "rx" && e.kind === "bad-packet");
  expectThat(
    bad.length === 0,
    `the device sent ${bad.length} bad packet(s):\n${bad.map((e) => `  #${e.index} [${e.hex}] ${e.summary}`).join("\n")}`,
  );
});

Then("the device sent no message that answered nothing", function (this: OsgpWorld) {
  const extra = this.traces
    .flatMap((t) => t.trace.entries())
    .filter((e) => e.direction === "rx" && e.summary.includes("unsolicited message"));
  expectThat(
    extra.length === 0,
    `the device sent ${extra.length} message(s) that answered no request:\n${extra.map((e) => `  #${e.index} [${e.hex}]`).join("\n")}`,
  );
});

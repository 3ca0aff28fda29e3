import { Given } from "@cucumber/cucumber";
import { clauseGate } from "../harness/conformance/clause-requirements";
import type { OsgpWorld } from "./world";

/**
 * The gate of a mandatory clause, in its Background after the session: BT00 (read once per run)
 * must declare every table and procedure the clause needs, or the scenario FAILs here, before any
 * read of them, with the same message in every scenario of the clause.
 */
Given("the device declares what clause {string} needs", async function (this: OsgpWorld, clause: string) {
  const d = await this.description();
  const verdict = clauseGate(clause, d.config, this.pixit, [this.evidence("BT00", d.bt00)]);
  if (verdict !== null) throw verdict;
});

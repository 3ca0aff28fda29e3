import { Given } from "@cucumber/cucumber";
import { clauseGate, undeclaredTableReason } from "../harness/conformance/clause-requirements";
import { Inconclusive } from "../harness/conformance/verdicts";
import { tableName } from "../harness/protocol/table-id";
import { isTableUsed } from "../harness/protocol/tables/bt00-general-configuration";
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

/**
 * A table of another clause that one scenario reads, after that clause's PICS gate: without it
 * the scenario cannot decide (INCONCLUSIVE); the clause that needs it FAILs at its own gate.
 */
Given("the device declares {table}", async function (this: OsgpWorld, tableId: number) {
  if (!isTableUsed((await this.description()).config, tableId))
    throw new Inconclusive(undeclaredTableReason(tableName(tableId)));
});

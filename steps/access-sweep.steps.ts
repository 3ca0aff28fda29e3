import { Then, When } from "@cucumber/cucumber";
import {
  accessRulesOf,
  judgeAccessSweep,
  planAccessSweep,
  raiseAccessVerdict,
  sweepLogon,
  type SweepRole,
} from "../harness/conformance/access-sweep";
import {
  emptyTables,
  readContents,
  restoreIfChanged,
  runAccessSweep,
  type TableContent,
} from "../harness/conformance/access-sweep-run";
import { keyFor } from "../harness/conformance/pixit";
import { writeRestore } from "../harness/conformance/bench-restore";
import { Inconclusive } from "../harness/conformance/verdicts";
import { tableName } from "../harness/protocol/table-id";
import { encodeProcedureInitiate, RESPONSE_SELECTOR } from "../harness/protocol/tables/bt07-procedure-initiate";
import { benchOf } from "./support/cleanups";
import type { OsgpWorld } from "./world";

/** 7.0 swept over every table BT00 declares, one key role per scenario (harness/conformance/access-sweep.ts). */
const ROLES: Readonly<Record<string, SweepRole>> = {
  "a session with no key": "none",
  "a session after a wrong password": "wrong-password",
  "the reader key": "reader",
  "the provisioning key": "provisioning",
  "the master key": "master",
};

When(
  /^(a session with no key|a session after a wrong password|the reader key|the provisioning key|the master key) sweeps every table BT00 declares$/,
  async function (this: OsgpWorld, who: string) {
    const role = ROLES[who] as SweepRole;
    const rules = accessRulesOf(this.pixit);
    const { logon } = sweepLogon(role, rules);
    // A role whose key the PIXIT lacks is inconclusive before anything is sent.
    if (logon.kind === "key") this.keyOf(logon.key);
    if (logon.kind === "refused" && logon.password === "provisioning") this.keyOf("provisioning");

    // The tables this role may not read are read with the master key
    // first, so that a write of them is still of their own content.
    let masterContent: ReadonlyMap<number, TableContent> | string =
      "the PIXIT gives no master key (keys.master) to read its content with before the sweep";
    // Empty tables are read whole (access-sweep.ts); without the master key none is known to be empty.
    let empty = new Map<number, string>();
    if (keyFor(this.pixit, "master") !== null) {
      await this.openSession("master");
      const before = planAccessSweep(role, (await this.description()).config, rules);
      masterContent = await readContents(
        this.client(),
        before.items
          .filter((i) => i.operation === "write" && i.contentFrom === "master")
          .map((i) => i.tableId as number),
      );
      empty = await emptyTables(this.client(), (await this.description()).format);
    }

    const session = await this.openSession(logon.kind === "key" ? logon.key : "none");
    const securityCode =
      logon.kind === "refused"
        ? (await session.security(logon.password === "wrong" ? this.wrongPassword() : this.keyOf("provisioning"))).code
        : null;
    const { config, order } = (await this.description()).format;
    const plan = planAccessSweep(role, config, rules, empty);
    const procedure = rules.procedure;
    const run = await runAccessSweep(session, plan, {
      securityCode,
      masterContent,
      procedureImage: () => {
        if (procedure === null)
          throw new Error("the plan has a procedure item although access.harmlessProcedure is null");
        return encodeProcedureInitiate(
          {
            procedureId: procedure.id,
            selector: RESPONSE_SELECTOR.postOnCompletion,
            sequence: this.procedureSequence.take(),
            parameters: procedure.parameters,
          },
          order,
        );
      },
    });
    // A write of content read just before in the same session leaves the table as it was; one of content
    // the master key read before the sweep may not, had the table changed since: that one is checked afterwards.
    for (const a of run.accepted.filter((x) => x.readBefore)) {
      this.cleanups.push({
        what: `${tableName(a.tableId)}, written by the access sweep with content read before it`,
        run: (s) => restoreIfChanged(s, a.tableId, a.content),
        restore: writeRestore(benchOf(this), a.tableId, 0, a.content),
      });
    }
    this.state.access.sweep = { plan, run };
  },
);

Then("every answer is the one the access rules give it", async function (this: OsgpWorld) {
  const done = this.state.access.sweep;
  if (done === undefined) throw new Inconclusive("no access sweep: the scenario did not get that far");
  const j = judgeAccessSweep(done.plan, done.run.outcomes);
  await this.attach(j.table, { mediaType: "text/plain", fileName: "access sweep" });
  raiseAccessVerdict(done.plan, j, (label, bytes) => this.evidence(label, bytes));
});

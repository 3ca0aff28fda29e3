import { Given, Then } from "@cucumber/cucumber";
import { codesNamed, expectResponseCode } from "../harness/conformance/checks";
import { readScratchArea } from "../harness/conformance/scratch-area";
import {
  raiseFindings,
  raiseIfAny,
  sweepLockedProcedures,
  sweepLockedReads,
  sweepLockedWrites,
  sweepUnchanged,
} from "../harness/conformance/table-sweeps";
import { Inconclusive } from "../harness/conformance/verdicts";
import type { PixitExpectation } from "./support/pixit-names";
import { kept } from "./support/scenario-state";
import type { OsgpWorld } from "./world";

/**
 * 7.0 key levels and the 7.5 hardware lock. Whether the lock blocks reads, writes or procedures at all
 * is the PICS's (7.5/read-lock, ...); what it blocks is the PIXIT's to list.
 */
function needList(list: readonly string[], item: string): void {
  if (list.length === 0) throw new Inconclusive(`PIXIT ${item} is empty: list what the device's hardware lock blocks`);
}

Given("the PIXIT lists tables under the hardware write lock", async function (this: OsgpWorld) {
  needList(this.pixit.device.hardwareLock.write, "device.hardwareLock.write");
});

Given("the PIXIT lists tables under the hardware read lock", async function (this: OsgpWorld) {
  needList(this.pixit.device.hardwareLock.read, "device.hardwareLock.read");
});

Given("the PIXIT lists procedures under the hardware lock", async function (this: OsgpWorld) {
  needList(this.pixit.device.hardwareLock.procedures, "device.hardwareLock.procedures");
});

Then(
  "a write of each locked table's own content is refused with one of the PIXIT's {pixitExpectation} codes",
  async function (this: OsgpWorld, item: PixitExpectation) {
    const { before, ...findings } = await sweepLockedWrites(
      this.client(),
      this.pixit.device.hardwareLock.write,
      codesNamed(this.pixit.expect[item], `expect.${item}`),
    );
    this.state.access.lockedBefore = before;
    raiseFindings(findings, "the hardware lock must refuse writes (7.5)");
  },
);

Then("each locked table still holds the content read before", async function (this: OsgpWorld) {
  raiseFindings(
    await sweepUnchanged(this.client(), kept(this.state.access.lockedBefore, "locked tables' content")),
    "a refused write must change nothing",
  );
});

Then(
  "a full read of each read-locked table is refused with one of the PIXIT's {pixitExpectation} codes",
  async function (this: OsgpWorld, item: PixitExpectation) {
    raiseIfAny(
      await sweepLockedReads(
        this.client(),
        this.pixit.device.hardwareLock.read,
        codesNamed(this.pixit.expect[item], `expect.${item}`),
      ),
      "the hardware lock must refuse reads (7.5)",
    );
  },
);

Then(
  "invoking each locked procedure is refused with one of the PIXIT's {pixitExpectation} codes",
  async function (this: OsgpWorld, item: PixitExpectation) {
    const { order } = (await this.description()).format;
    const violations = await sweepLockedProcedures(
      this.client(),
      this.pixit.device.hardwareLock.procedures,
      codesNamed(this.pixit.expect[item], `expect.${item}`),
      () => this.procedureSequence.take(),
      order,
    );
    raiseIfAny(violations, "the hardware lock must refuse procedures (7.5)");
  },
);

Then(
  "a write of the scratch table's own content is refused with one of the PIXIT's {pixitExpectation} codes",
  async function (this: OsgpWorld, item: PixitExpectation) {
    const session = this.client();
    const a = await readScratchArea(session, this.pixit);
    const w = await session.writeFull(a.tableId, a.saved);
    expectResponseCode(
      w.code,
      codesNamed(this.pixit.expect[item], `expect.${item}`),
      `a write after a refused password (PIXIT expect.${item})`,
      session.lastResponse === null ? [] : [this.evidence("response", session.lastResponse)],
    );
  },
);

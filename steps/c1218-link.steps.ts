import { Then } from "@cucumber/cucumber";
import type { LinkBreach, LinkJudgement } from "../harness/conformance/c1218-link-checks";
import {
  observeAcknowledgements,
  observeAnsweredOnce,
  observeBadCrcRequest,
  observeNakedResponse,
  observePacketLimits,
  observeRepeatedRequest,
  observeServiceSequence,
  observeToggles,
  observeUnacknowledgedResponse,
  type ProbeContext,
} from "../harness/conformance/c1218-link-observations";
import { parseProcedureName } from "../harness/protocol/procedure-id";
import { writeRestore } from "../harness/conformance/bench-restore";
import { Inconclusive } from "../harness/conformance/verdicts";
import { judgeConsistently } from "../harness/conformance/consistent-breach";
import { keyFor } from "../harness/conformance/pixit";
import { parseTableName } from "../harness/protocol/table-id";
import type { Secret } from "../harness/security/secret";
import { benchOf } from "./support/cleanups";
import type { OsgpWorld } from "./world";

/**
 * The C12.18 link layer of the optical port, judged from the bytes on the wire by the link probe
 * (harness/session/c1218-probe.ts). A breach FAILs only when a second observation shows it again.
 */
function context(world: OsgpWorld): ProbeContext {
  return { pixit: world.pixit, open: () => world.openProbe() };
}

/** The least key that reads BT00: none when the PIXIT says BT00 is open, else RK, else MK. */
function readingPassword(world: OsgpWorld): Secret | null {
  if (world.pixit.device.openTables.includes("BT00")) return null;
  return keyFor(world.pixit, "reader") ?? keyFor(world.pixit, "master");
}

async function judge(world: OsgpWorld, observe: () => Promise<LinkJudgement>): Promise<void> {
  const render = (b: LinkBreach, attempt: number) =>
    b.frames.map((f) =>
      world.evidence(
        `attempt ${attempt}, #${f.traceIndex} ${f.direction === "rx" ? "from the device" : "from the harness"} (${f.kind})`,
        f.bytes,
      ),
    );
  await judgeConsistently(observe, render);
}

Then(
  "the device ACKs every request packet of a whole session before it sends anything else",
  async function (this: OsgpWorld) {
    const password = readingPassword(this);
    await judge(this, () => observeAcknowledgements(context(this), password));
  },
);

Then("the device's toggle bit alternates on every new packet of a whole session", async function (this: OsgpWorld) {
  const password = readingPassword(this);
  await judge(this, () => observeToggles(context(this), password));
});

Then(
  "a request packet with a bad CRC is NAKed, gets no response and is not executed",
  async function (this: OsgpWorld) {
    const password = this.keyOf("master");
    const s = this.pixit.device.scratch;
    let saved = false;
    const restore = (before: Uint8Array) => {
      if (saved) return;
      saved = true;
      const tableId = parseTableName(s.table);
      this.cleanups.push({
        what: "put the scratch area back",
        run: async (c) => void (await c.writePartial(tableId, s.offset, before)),
        restore: writeRestore(benchOf(this), tableId, s.offset, before),
      });
    };
    await judge(this, () => observeBadCrcRequest(context(this), password, restore));
  },
);

Then("a response packet that the harness NAKs is sent again byte for byte", async function (this: OsgpWorld) {
  const password = readingPassword(this);
  await judge(this, () => observeNakedResponse(context(this), password));
});

Then("a response the harness ACKed is not sent again before the next request", async function (this: OsgpWorld) {
  const password = readingPassword(this);
  await judge(this, () => observeAnsweredOnce(context(this), password));
});

Then(
  "a response packet left without an ACK is sent again at most the PIXIT's link.retries times, unchanged",
  async function (this: OsgpWorld) {
    const password = readingPassword(this);
    await judge(this, () => observeUnacknowledgedResponse(context(this), password));
  },
);

Then(
  "responses keep to the negotiated packet size and count, and a multi-packet response counts down to 0",
  async function (this: OsgpWorld) {
    const password = readingPassword(this);
    await judge(this, () => observePacketLimits(context(this), password));
  },
);

Then(
  "a request packet sent twice, byte for byte, is ACKed both times and executed once",
  async function (this: OsgpWorld) {
    const password = this.keyOf("master");
    const name = this.pixit.clock.deltaProcedure;
    if (name === null)
      throw new Inconclusive("PIXIT clock.deltaProcedure is null: no request whose execution shows on the device");
    const { order } = (await this.description()).format;
    const call = {
      procedureId: parseProcedureName(name),
      order,
      sequence: () => this.procedureSequence.take(),
    } as const;
    await judge(this, () => observeRepeatedRequest(context(this), password, call));
  },
);

Then(
  "each C12.18 service out of its place in the session is refused, and Identification in a session does what the PIXIT says",
  async function (this: OsgpWorld) {
    const password = readingPassword(this);
    await judge(this, () => observeServiceSequence(context(this), password));
  },
);

import { Given, Then, When } from "@cucumber/cucumber";
import { codesNamed, expectResponseCode, expectServed, expectThat, mustDecode } from "../harness/conformance/checks";
import { expectSecuredServed, expectSequenceError, expectSetUpAccepted } from "../harness/conformance/secured-checks";
import { readSecurityFields } from "../harness/conformance/security-fields";
import { testPattern } from "../harness/conformance/test-pattern";
import { writeRestore } from "../harness/conformance/bench-restore";
import { Inconclusive, NOT_APPLICABLE } from "../harness/conformance/verdicts";
import type { ScratchArea } from "../harness/conformance/scratch-area";
import { parseTableName } from "../harness/protocol/table-id";
import { encodeTableRequest } from "../harness/protocol/table-requests";
import {
  declaredTransactionNumber,
  ET52,
  ET53,
  TRANSACTION_HEADER_SIZE,
  TRANSACTION_RESPONSES,
  type TransactionImage,
} from "../harness/protocol/transactions";
import type { ByteOrder } from "../harness/bytes/cursor";
import { BT03, decodeEndDeviceModeStatus } from "../harness/protocol/tables/bt03-end-device-mode-status";
import { BT01 } from "../harness/protocol/tables/bt01-manufacturer-identification";
import type { SecuredSession } from "../harness/session/secured-session";
import { SECURED_TABLE_CODEC } from "../harness/session/secured-session";
import type { PixitExpectation } from "./support/pixit-names";
import { benchOf } from "./support/cleanups";
import { picsSupport } from "./support/pics-support";
import { kept, type RanTransaction } from "./support/scenario-state";
import type { OsgpWorld } from "./world";

/** 7.4 (ET04/ET54 security fields), 6.8 (interface change), 9.10 (transactions). */
function scratch(world: OsgpWorld): ScratchArea {
  const a = world.state.scratch.area;
  if (a === undefined) throw new Inconclusive("the scratch area was not read first");
  return a;
}

/** A number the device has not just executed: one above what ET53 holds now. */
async function freshTransactionNumber(s: SecuredSession, order: ByteOrder): Promise<number> {
  const head = await s.readPartial(ET53, 0, TRANSACTION_HEADER_SIZE);
  const last = "data" in head ? declaredTransactionNumber(head.data, order) : 0;
  return (last + 1) & 0xffff || 1;
}

async function runTransaction(world: OsgpWorld, entries: Uint8Array[]): Promise<void> {
  const s = world.requireSecured();
  const { order } = (await world.description()).format;
  const number = await freshTransactionNumber(s, order);
  const t = await s.transaction(number, entries, order);
  world.state.secured.transaction = { number, entries, ...t };
}

function ran(world: OsgpWorld): RanTransaction {
  const t = world.state.secured.transaction;
  if (t === undefined) throw new Inconclusive("no transaction was run");
  return t;
}

function responsesOf(t: RanTransaction): TransactionImage {
  expectServed(t.written.code, "the write of the transaction into ET52");
  if (!("ok" in t.responses)) throw new Inconclusive(`ET53 could not be read back`);
  return mustDecode(t.responses, "ET53", []);
}

Then("ET04's security mode is one that ET54 lists as supported", async function (this: OsgpWorld) {
  const f = await readSecurityFields(this.client(), (await this.description()).format.order);
  expectThat(
    [0, 2].includes(f.securityMode),
    `ET04's security mode is ${f.securityMode}; 7.4 defines 0 (RC4) and 2 (AES-128)`,
  );
  expectThat(
    (f.supportedModes & (1 << f.securityMode)) !== 0,
    `ET04 says mode ${f.securityMode}, but ET54's supported modes are 0x${f.supportedModes.toString(16)}`,
  );
});

Given("ET54's unicast key-usage count is read", async function (this: OsgpWorld) {
  this.state.secured.fieldsBefore = await readSecurityFields(this.client(), (await this.description()).format.order);
});

Then("ET54's unicast key-usage count has grown by at least {int}", async function (this: OsgpWorld, n: number) {
  const before = kept(this.state.secured.fieldsBefore, "security fields before");
  const after = await readSecurityFields(this.client(), (await this.description()).format.order);
  this.state.secured.fieldsAfter = after;
  expectThat(
    after.unicastKeyUsage - before.unicastKeyUsage >= n,
    `ET54's unicast key usage went from ${before.unicastKeyUsage} to ${after.unicastKeyUsage} over ${n} protected reads`,
  );
});

Then("it is below ET04's maximum key usage", function (this: OsgpWorld) {
  const f = kept(this.state.secured.fieldsAfter, "security fields after");
  expectThat(
    f.unicastKeyUsage < f.maxKeyUsage,
    `the unicast key usage (${f.unicastKeyUsage}) has reached ET04's maximum (${f.maxKeyUsage})`,
  );
});

Given("the PIXIT names a table whose change is an interface change", async function (this: OsgpWorld) {
  if (this.pixit.device.interfaceChangeTable !== null) return undefined;
  // Without the interface change alarm there is nothing to cause; with it, the lab must name a table.
  const ica = await picsSupport(this, "6.8");
  if (!ica.supported) {
    await this.attach(
      `not applicable: 6.8 (the interface change alarm) is not implemented, according to ${ica.source}`,
    );
    return NOT_APPLICABLE;
  }
  throw new Inconclusive(
    "the PIXIT names no table whose change is an interface change: fill in PIXIT device.interfaceChangeTable",
  );
});

Given("ET04's IDT version is read", async function (this: OsgpWorld) {
  this.state.secured.fieldsBefore = await readSecurityFields(this.client(), (await this.description()).format.order);
});

When("the client changes the interface definition", async function (this: OsgpWorld) {
  const s = this.requireSecured();
  const { interfaceChangeTable, interfaceChangeOffset: offset } = this.pixit.device;
  const table = parseTableName(interfaceChangeTable as string);
  const r = await s.readPartial(table, offset, 1);
  if (!("data" in r)) throw new Inconclusive(`the interface definition could not be read`);
  const original = r.data;
  const restore = writeRestore(benchOf(this), table, offset, original);
  this.cleanups.push({
    what: "restore the interface definition",
    run: async (c) => void (await c.writePartial(table, offset, original)),
    // Where its bytes are not quoted, what the scenario did to that byte is all a lab has to go on.
    restore: restore.startsWith("by hand") ? `${restore}; the scenario flipped its bit 0` : restore,
  });
  const data = Uint8Array.of((original[0] as number) ^ 0x01);
  const x = await s.exchange(
    encodeTableRequest({ service: "partial-write", tableId: table, offset, data }, SECURED_TABLE_CODEC),
  );
  // The layout of the table is the manufacturer's: the byte may be a count or a checked field that
  // rightly refuses the flipped value, or the table another key's to write.
  expectSetUpAccepted(
    x,
    `the write of bit 0 of ${interfaceChangeTable}.${offset} that changes the interface definition`,
    "name a table and byte whose change the device accepts in PIXIT device.interfaceChangeTable and device.interfaceChangeOffset",
  );
  this.state.secured.changeSequence = x.sequence;
});

Then(
  "the next request is answered 0x0C with a number at least the PIXIT's jump ahead of the change",
  async function (this: OsgpWorld) {
    const s = this.requireSecured();
    const at = kept(this.state.secured.changeSequence, "sequence number of the interface change");
    const x = await s.exchange(encodeTableRequest({ service: "full-read", tableId: BT01 }, SECURED_TABLE_CODEC), {
      sequence: (at + 1) >>> 0,
      resynchronise: false,
    });
    const device = expectSequenceError(x, "the first request after an interface change");
    const jump = (device - at) >>> 0;
    expectThat(
      jump >= this.pixit.mep.icaSequenceJump,
      `the device's number moved on by ${jump} at the change; 6.8 says ${this.pixit.mep.icaSequenceJump}`,
    );
  },
);

Then("ET04's IDT version is one higher", async function (this: OsgpWorld) {
  const before = kept(this.state.secured.fieldsBefore, "security fields before");
  const after = await readSecurityFields(this.client(), (await this.description()).format.order);
  expectThat(
    after.idtVersion === ((before.idtVersion + 1) & 0xff),
    `ET04's IDT version went from ${before.idtVersion} to ${after.idtVersion}`,
  );
});

Then("BT03's Interface Change Alarm is set", async function (this: OsgpWorld) {
  const c = this.client();
  const d = await this.description();
  const r = await c.readFull(BT03);
  if (!("data" in r)) throw new Inconclusive("BT03 could not be read");
  const status = mustDecode(decodeEndDeviceModeStatus(r.data, d.format.order, d.config.dimMfgStatusUsed), "BT03", []);
  const { byte, bit } = this.pixit.device.icaFlag;
  expectThat(
    (((status.manufacturerStatus[byte] ?? 0) >> bit) & 1) === 1,
    `BT03's manufacturer status bit ${byte}.${bit} (PIXIT device.icaFlag) is not set after an interface change`,
  );
});

When(
  "the client runs a transaction that reads 4 bytes of BT01 and the first 8 bytes of the scratch area",
  async function (this: OsgpWorld) {
    const a = scratch(this);
    await runTransaction(this, [
      encodeTableRequest({ service: "partial-read", tableId: BT01, offset: 0, count: 4 }, SECURED_TABLE_CODEC),
      encodeTableRequest(
        { service: "partial-read", tableId: a.tableId, offset: a.offset, count: Math.min(8, a.length) },
        SECURED_TABLE_CODEC,
      ),
    ]);
  },
);

When("the client runs a transaction that writes a test pattern to the scratch area", async function (this: OsgpWorld) {
  const a = scratch(this);
  const data = testPattern(Math.min(a.length, 8), a.saved.subarray(a.offset), 11);
  await runTransaction(this, [
    encodeTableRequest({ service: "partial-write", tableId: a.tableId, offset: a.offset, data }, SECURED_TABLE_CODEC),
  ]);
});

When("the client writes the same transaction into ET52 again", async function (this: OsgpWorld) {
  const t = ran(this);
  const w = await this.requireSecured().writePartial(ET52, 0, t.image);
  expectServed(w.code, "writing the same transaction into ET52 again");
});

Then("ET53 holds the responses of that transaction, numbered as it was", function (this: OsgpWorld) {
  const t = ran(this);
  const image = responsesOf(t);
  expectThat(image.type === TRANSACTION_RESPONSES, `ET53's type is ${image.type}; responses are type 1`);
  expectThat(image.number === t.number, `ET53 holds transaction ${image.number}; ${t.number} was written`);
  expectThat(
    image.entries.length === t.entries.length,
    `ET53 holds ${image.entries.length} responses for ${t.entries.length} requests`,
  );
});

Then("each response equals the same read made on its own", async function (this: OsgpWorld) {
  const t = ran(this);
  const image = responsesOf(t);
  for (const [i, request] of t.entries.entries()) {
    const direct = await this.requireSecured().exchange(request);
    expectSecuredServed(direct, `the same read made on its own (${i + 1})`);
    const alone = direct.outcome.kind === "response" ? direct.outcome.apdu : new Uint8Array(0);
    expectThat(
      Buffer.compare(Buffer.from(image.entries[i] ?? []), Buffer.from(alone)) === 0,
      `response ${i + 1} in ET53 differs from the same read made on its own`,
    );
  }
});

Then(
  "the transaction's write was refused with one of the PIXIT's {pixitExpectation} codes",
  function (this: OsgpWorld, item: PixitExpectation) {
    const t = ran(this);
    const allowed = codesNamed(this.pixit.expect[item], `expect.${item}`);
    // A device may refuse the ET52 write itself, or run the transaction and refuse the write inside it.
    if (t.written.code !== 0) {
      expectResponseCode(t.written.code, allowed, "the basic key's write of a transaction into ET52", []);
      return;
    }
    const image = responsesOf(t);
    expectResponseCode(image.entries[0]?.[0] ?? -1, allowed, "the write inside the basic key's transaction", []);
  },
);

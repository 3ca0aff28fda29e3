import { Given, Then, When } from "@cucumber/cucumber";
import { expectServed, expectThat, isBusyRefusal } from "../harness/conformance/checks";
import {
  expectMessagesWithin,
  expectReadFitsOneMessage,
  expectReadTooLongForOneMessage,
  expectNmSuccess,
  expectNoQueryIdAnswer,
  expectOwnTransactionNumbers,
  expectQueryIdAnswer,
  expectRepeatNotExecuted,
  type MeterAddress,
} from "../harness/conformance/plc-checks";
import { plcSessionSettings } from "../harness/links/plc/plc-settings";
import { tableLength } from "../harness/conformance/table-lengths";
import { cachedLengthSource } from "../harness/conformance/whole-table-read";
import { byHand } from "../harness/conformance/bench-restore";
import { ConformanceAssertionError, Inconclusive } from "../harness/conformance/verdicts";
import { toHex } from "../harness/bytes/hex";
import { encodeQueryIdRequest, encodeRespondToQuery, NM_CODES } from "../harness/link/lon/network-management";
import type { PlcDestination } from "../harness/link/lon/plc-client-link";
import { encodeTableRequest } from "../harness/protocol/table-requests";
import { deviceSequenceIn, SECURED_TABLE_CODEC } from "../harness/session/secured-session";
import { now } from "../harness/transport/timers";
import { PlcSession, type PlcTransaction } from "../harness/session/plc-session";
import {
  BROADCAST_FIELDS_OFFSET,
  BROADCAST_FIELDS_SIZE,
  decodeBroadcastWindow,
  expectOpenWindow,
  SECURE_BROADCAST_NOTICE,
} from "../harness/conformance/secure-broadcast";
import { ET04 } from "../harness/protocol/tables/et04-system-information";
import { kept } from "./support/scenario-state";
import { readDataOf, type OsgpWorld } from "./world";

/**
 * PLC steps (clauses 4, 5, 9.1, 9.2): 14908-1 transactions and what the link saw. The meter is the
 * PIXIT's plc.meter; network management goes to it by subnet/node, or to the whole domain.
 */
function meter(world: OsgpWorld): MeterAddress {
  return plcSessionSettings(world.pixit).meterAddress;
}

function toMeter(world: OsgpWorld): PlcDestination {
  const m = meter(world);
  return { kind: "subnet-node", subnet: m.subnet, node: m.node };
}

async function readRange(world: OsgpWorld, tableId: number, offset: number, count: number): Promise<Uint8Array> {
  await world.exchangeRaw(
    encodeTableRequest({ service: "partial-read", tableId, offset, count }, world.client().codec),
  );
  return readDataOf(world);
}

async function respondToQuery(session: PlcSession, world: OsgpWorld, on: boolean): Promise<PlcTransaction> {
  return session.request(encodeRespondToQuery({ on }), toMeter(world));
}

Given("the meter's Respond to Query is off, and turned off again after the scenario", async function (this: OsgpWorld) {
  const session = this.requirePlc();
  expectNmSuccess(
    await respondToQuery(session, this, false),
    meter(this),
    NM_CODES.respondToQuery,
    "Respond to Query off",
  );
  this.cleanups.push({
    what: "Respond to Query off",
    run: async (client) => {
      if (!(client instanceof PlcSession))
        throw new Inconclusive("the session that restores the meter is not a PLC session");
      expectNmSuccess(
        await respondToQuery(client, this, false),
        meter(this),
        NM_CODES.respondToQuery,
        "Respond to Query off",
      );
    },
    // No bench command sends ISO/IEC 14908-1 network management: a LON tool on the PLC network does.
    restore: byHand(
      `send the meter (subnet ${meter(this).subnet}, node ${meter(this).node}) the ISO/IEC 14908-1 network ` +
        `management message Respond to Query (code 0x${NM_CODES.respondToQuery.toString(16)}) with 00 (off)`,
    ),
  });
});

When("the client turns the meter's Respond to Query {word}", async function (this: OsgpWorld, state: string) {
  if (state !== "on" && state !== "off") throw new Inconclusive(`Respond to Query is on or off, not ${state}`);
  this.state.plc.respondToQuery = await respondToQuery(this.requirePlc(), this, state === "on");
});

Then("the meter confirms Respond to Query", function (this: OsgpWorld) {
  expectNmSuccess(this.state.plc.respondToQuery ?? null, meter(this), NM_CODES.respondToQuery, "Respond to Query");
});

When("the client broadcasts Query ID for selected nodes in the domain", async function (this: OsgpWorld) {
  this.state.plc.queryId = await this.requirePlc().request(encodeQueryIdRequest({ selector: "selected" }), {
    kind: "broadcast",
    subnet: 0,
  });
});

When("the client sends Query ID for selected nodes to the meter's unique id", async function (this: OsgpWorld) {
  const m = meter(this);
  this.state.plc.queryId = await this.requirePlc().request(encodeQueryIdRequest({ selector: "selected" }), {
    kind: "unique-id",
    subnet: m.subnet,
    uniqueId: m.uniqueId,
  });
});

Then(
  "the meter answers Query ID with the PIXIT's unique id and an 8-byte program id",
  async function (this: OsgpWorld) {
    const { programId } = expectQueryIdAnswer(this.state.plc.queryId ?? null, meter(this));
    await this.attach(`the meter's program id: ${toHex(programId)}`);
  },
);

Then("the meter does not answer Query ID", function (this: OsgpWorld) {
  expectNoQueryIdAnswer(this.state.plc.queryId ?? null, meter(this));
});

Then("the meter answered in the transaction of each request", function (this: OsgpWorld) {
  expectOwnTransactionNumbers(this.requirePlc().ignored, meter(this));
  const t = this.requirePlc().lastTransaction;
  // Silence after every retry may be the channel's as well as the meter's: it decides nothing.
  if (t === null || t.outcome === "silent")
    throw new Inconclusive(`no answer to the last request in its transaction${t?.error ? `: ${t.error.message}` : ""}`);
});

Then("each request went out with a transaction number other than the one before", function (this: OsgpWorld) {
  const tns = this.requirePlc().transactionNumbers;
  const repeated = tns.findIndex((tn, i) => i > 0 && tn === tns[i - 1]);
  expectThat(repeated < 0, `requests ${repeated} and ${repeated + 1} both carried transaction number ${tns[repeated]}`);
});

Given("the client has read {table} and kept the meter's answer", async function (this: OsgpWorld, tableId: number) {
  const session = this.requirePlc();
  this.state.plc.firstSentAt = now();
  await session.requestRaw(encodeTableRequest({ service: "full-read", tableId }, SECURED_TABLE_CODEC));
  const t = session.lastTransaction;
  if (t === null || session.lastExchange === null) throw new Inconclusive("the read made no PLC transaction");
  this.state.plc.firstAnswer = session.osgpAnswer(t);
  this.state.plc.firstExchange = session.lastExchange;
});

When("the client repeats that transaction under its own transaction number", async function (this: OsgpWorld) {
  const session = this.requirePlc();
  this.state.plc.repeat = await session.repeatLast();
  this.state.plc.repeatAnsweredAt = now();
});

Then("the meter answers the repeat from its receive record, or refuses it as a replay", function (this: OsgpWorld) {
  const session = this.requirePlc();
  const p = this.state.plc;
  const first = kept(p.firstAnswer, "first answer");
  const x = kept(p.firstExchange, "first exchange");
  const repeat = p.repeat;
  if (repeat === undefined || repeat.answers.length === 0)
    throw new Inconclusive(
      `the meter did not answer the repeated transaction${repeat?.error ? `: ${repeat.error.message}` : ""}`,
    );
  const again = session.osgpAnswer(repeat);
  // The repeat is the first request byte for byte: a 0x0C to it verifies under the first request.
  const d = session.suite(x.role).unprotectResponse(x.context, again);
  expectRepeatNotExecuted(
    {
      first,
      again,
      refusedAsReplay: d.ok ? deviceSequenceIn({ kind: "response", apdu: d.value.apdu }) : null,
      elapsedMs: kept(p.repeatAnsweredAt, "repeat answered") - kept(p.firstSentAt, "first read sent"),
    },
    this.pixit.plc.receiveTimerMs,
    [this.evidence("first answer", first), this.evidence("answer to the repeat", again)],
  );
});

Then("the next request is answered without resynchronising", async function (this: OsgpWorld) {
  const session = this.requirePlc();
  const x = await session.exchange(encodeTableRequest({ service: "full-read", tableId: 1 }, SECURED_TABLE_CODEC), {
    resynchronise: false,
  });
  const evidence = [this.evidence("response", x.responseFrame)];
  if (x.outcome.kind !== "response")
    throw new ConformanceAssertionError(`the read after the repeat was not answered ok: ${x.outcome.kind}`, evidence);
  // BT01 is open to every key: only a busy device leaves the read undecided.
  expectServed(x.outcome.apdu[0] ?? -1, "the read of BT01 after the repeat", evidence, isBusyRefusal);
});

When("the client reads the PIXIT's plc.maxReadData bytes of ET04 from offset 0", async function (this: OsgpWorld) {
  const count = this.pixit.plc.maxReadData;
  expectReadFitsOneMessage(count, this.pixit);
  await this.exchangeRaw(
    encodeTableRequest({ service: "partial-read", tableId: ET04, offset: 0, count }, this.client().codec),
  );
});

Given("a full read of ET04 would not fit the PIXIT's PLC message limit", async function (this: OsgpWorld) {
  const format = (await this.description()).format;
  const known = await tableLength(ET04, format, cachedLengthSource(this.client(), new Map()));
  if (known === null) throw new Inconclusive("BT00 does not declare ET04, so its length is not known");
  expectReadTooLongForOneMessage(known.length, `ET04 (${known.length} bytes, from ${known.from})`, this.pixit);
});

Then("every message the meter sent fits the PIXIT's PLC message limit", function (this: OsgpWorld) {
  const session = this.requirePlc();
  if (session.responses.length === 0) throw new Inconclusive("the meter sent no answer to judge");
  expectMessagesWithin(session.responses, this.pixit.plc.messageLimit);
});

Given("secure broadcasts are judged provisionally", async function (this: OsgpWorld) {
  this.provisionalNotice = SECURE_BROADCAST_NOTICE;
  this.provisionalLabel = "clause 9.11 secure broadcasts";
  await this.attach(SECURE_BROADCAST_NOTICE);
});

When("the client reads ET04's broadcast fields", async function (this: OsgpWorld) {
  this.state.plc.broadcastWindow = decodeBroadcastWindow(
    await readRange(this, ET04, BROADCAST_FIELDS_OFFSET, BROADCAST_FIELDS_SIZE),
    (await this.description()).format.order,
  );
});

Then("ET04's broadcast delta opens a window of at least one sequence number", async function (this: OsgpWorld) {
  const w = this.state.plc.broadcastWindow;
  if (w === undefined) throw new Inconclusive("ET04's broadcast fields were not read");
  expectOpenWindow(w);
  await this.attach(
    `broadcast base B = ${w.base}, delta D = ${w.delta}, last receipt ${w.receipt === null ? "none" : JSON.stringify(w.receipt)}`,
  );
});

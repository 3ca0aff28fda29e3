import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { discoverDecoders, discoverStreams, parameterList } from "../../harness/fuzz/self/decoder-discovery";
import { planArguments } from "../../harness/fuzz/self/decoder-arguments";
import { runSelfFuzz } from "../../harness/fuzz/self/self-fuzz-runner";

/**
 * The self-fuzz of every decoder of harness/protocol, harness/security and harness/link, bounded
 * for `npm test` (a few hundred cases each; `npm run fuzz:self` runs 10^6), and proof that it
 * catches each way a decoder can break: an exception, a loop that does not end, a bad offset, a
 * changed input.
 */
test("discovery finds the decoders and stream machines of every layer, and can build every stream machine", () => {
  const ids = discoverDecoders().map((d) => d.id);
  for (const id of [
    "link/c1218/packet#decodePacket",
    "link/mep/mep-frame#decodeMepFrame",
    "link/lon/lon-pdu#decodeLonPdu",
    "link/cnip/cnip-header#decodeCnipPacket",
    "protocol/table-requests#decodeTableRequest",
    "protocol/transactions#decodeTransaction",
    "protocol/tables/bt00-general-configuration#decodeGeneralConfiguration",
    "protocol/types/time-types#readLTimeDate",
    "security/rc4-psk#unprotectRequest",
    "security/aes128-psk#unprotectResponse",
  ]) {
    assert.ok(ids.includes(id), id);
  }
  const streams = discoverStreams().map((s) => s.id);
  for (const id of [
    "link/c1218/packet-reassembler#PacketReassembler",
    "link/c1218/link-state-machine#C1218Link",
    "link/mep/mep-reassembler#MepReassembler",
    "link/lon/plc-client-link#PlcClientLink",
  ])
    assert.ok(streams.includes(id), id);
});

test("parameter names are read from the source, defaults and destructuring included", () => {
  function f(bytes: Uint8Array, order = "le", { a }: { a: number } = { a: 1 }, ...rest: number[]): number {
    return bytes.length + order.length + a + rest.length;
  }
  assert.deepEqual(parameterList(f as never), [
    { name: "bytes", hasDefault: false },
    { name: "order", hasDefault: true },
    { name: "{}", hasDefault: true },
    { name: "rest", hasDefault: false },
  ]);
  assert.deepEqual(parameterList(((x: number) => x) as never), [{ name: "x", hasDefault: false }]);
});

test("arguments come from parameter names: the bytes, a reader, a byte order, a count", () => {
  const plans = planArguments({
    module: "protocol/tables/x",
    params: [
      { name: "bytes", hasDefault: false },
      { name: "order", hasDefault: false },
      { name: "dimMfgStatusUsed", hasDefault: false },
    ],
  });
  assert.deepEqual(
    plans.map((p) => p.kind),
    ["bytes", "value", "value"],
  );
  assert.equal(
    planArguments({ module: "protocol/types/x", params: [{ name: "r", hasDefault: false }] })[0]?.kind,
    "reader",
  );
  const guessed = planArguments({
    module: "m",
    params: [
      { name: "bytes", hasDefault: false },
      { name: "zork", hasDefault: false },
    ],
  })[1];
  assert.ok(guessed?.kind === "value" && guessed.guessed === true);
});

test("every decoder of the harness returns a value or its typed error on fuzzed input, within the time guard", async () => {
  const r = await runSelfFuzz({ cases: 300, seed: 20240601, workers: 2, guardMs: 5000 });
  assert.deepEqual(r.uncovered, []);
  assert.ok(r.outcomes.length >= 45, `${r.outcomes.length} decoders`);
  const bad = r.outcomes.filter((o) => o.problem !== null);
  assert.deepEqual(
    bad.map((o) => `${o.id}: ${o.problem} [${o.inputHex}] (${o.args})`),
    [],
  );
  assert.ok(r.outcomes.every((o) => o.cases === 300));
});

test("the self-fuzz catches a loop that never ends, an exception, a bad offset and a changed input, and passes a good decoder", async () => {
  const r = await runSelfFuzz({
    cases: 200,
    seed: 7,
    workers: 2,
    guardMs: 600,
    roots: [join(__dirname, "bad-decoders")],
  });
  const problem = (name: string) => r.outcomes.find((o) => o.id.endsWith(`#${name}`));
  assert.equal(problem("decodeFine")?.problem, null);
  assert.match(problem("decodeLoops")?.problem ?? "", /did not return within 600 ms/);
  assert.match(
    problem("decodeLoops")?.inputHex ?? "",
    /^[0-9a-f]{2}( [0-9a-f]{2}){4}$/,
    "the input it hung on: 5 bytes",
  );
  assert.match(problem("decodeThrows")?.problem ?? "", /threw TypeError/);
  assert.match(problem("decodeBadOffset")?.problem ?? "", /offset \d+, outside its \d+ bytes/);
  assert.match(problem("decodeMutates")?.problem ?? "", /changed its input/);
});

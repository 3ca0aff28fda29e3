import { Given, Then, When } from "@cucumber/cucumber";
import { codesNamed, expectThat, valueOf } from "../harness/conformance/checks";
import {
  answerWasEncrypted,
  expectAuthFailureFrame,
  expectFlipRefused,
  expectCodeIn,
  expectSecuredServed,
  expectRetransmissionAnswer,
  expectSequenceError,
  replayUnderAcceptedNumber,
  singleBitFlips,
} from "../harness/conformance/secured-checks";
import { retransmissionAnswers } from "../harness/conformance/mep-link-checks";
import { suiteFor } from "../harness/links/mep/mep-settings";
import { keyFor } from "../harness/conformance/pixit";
import { testPattern } from "../harness/conformance/test-pattern";
import { Inconclusive, NOT_APPLICABLE } from "../harness/conformance/verdicts";
import type { ScratchArea } from "../harness/conformance/scratch-area";
import { describeResponseCode } from "../harness/protocol/response-codes";
import { encodeTableRequest } from "../harness/protocol/table-requests";
import { plcKeys } from "../harness/security/rc4-psk";
import { rc4PskSuite, type SecuritySuite } from "../harness/security/security-suite";
import { Secret } from "../harness/security/secret";
import {
  deviceSequenceIn,
  SECURED_TABLE_CODEC,
  type SecuredExchange,
  type SecuredRequestOptions,
} from "../harness/session/secured-session";
import type { SecuredRole } from "../harness/session/secured-session";
import type { PixitExpectation } from "./support/pixit-names";
import { kept } from "./support/scenario-state";
import type { OsgpWorld } from "./world";

/**
 * MEP steps (7.1-7.4, 9.7): secured exchanges and raw frames. The device's sequence number is kept
 * (state.secured.deviceSequence): the number of the last request it accepted, or the one a 0x0C gave.
 */
function track(world: OsgpWorld, x: SecuredExchange): SecuredExchange {
  const told = deviceSequenceIn(x.outcome);
  if (told !== null) {
    world.state.secured.deviceSequence = told;
    world.state.secured.acceptedWith = undefined;
  } else if (x.outcome.kind === "response") {
    world.state.secured.deviceSequence = x.sequence;
    world.state.secured.acceptedWith = x;
  }
  return x;
}

function deviceSequence(world: OsgpWorld): number {
  const n = world.state.secured.deviceSequence;
  if (n === undefined) throw new Inconclusive("the device's sequence number is not known yet");
  return n;
}

async function read(world: OsgpWorld, tableId: number, o: SecuredRequestOptions = {}): Promise<SecuredExchange> {
  return track(
    world,
    await world
      .requireSecured()
      .exchange(encodeTableRequest({ service: "full-read", tableId }, SECURED_TABLE_CODEC), o),
  );
}

function lastExchange(world: OsgpWorld): SecuredExchange {
  const x = world.requireSecured().lastExchange;
  if (x === null) throw new Inconclusive("no secured exchange was made");
  return x;
}

function scratch(world: OsgpWorld): ScratchArea {
  const a = world.state.scratch.area;
  if (a === undefined) throw new Inconclusive("the scratch area was not read first");
  return a;
}

function patternWrite(world: OsgpWorld, salt: number): Uint8Array {
  const a = scratch(world);
  const data = testPattern(Math.min(a.length, 8), a.saved.subarray(a.offset), salt);
  if (salt !== 0) world.state.secured.secondPattern = data;
  return encodeTableRequest(
    { service: "partial-write", tableId: a.tableId, offset: a.offset, data },
    SECURED_TABLE_CODEC,
  );
}

Given("a secured session with the {securedRole} key", async function (this: OsgpWorld, role: SecuredRole) {
  const mapped = this.target.link.roleOf(role);
  if ("none" in mapped) {
    await this.attach(`not applicable: ${mapped.none}`);
    return NOT_APPLICABLE;
  }
  await this.openSecuredSession(role);
  return undefined;
});

Given(
  "a secured session with the advanced key under the provisional AES-128 profile",
  async function (this: OsgpWorld) {
    await this.openSecuredSession("advanced", "aes128");
  },
);

Given("the PIXIT gives the device's OMAK", function (this: OsgpWorld) {
  if (keyFor(this.pixit, "omak") === null)
    throw new Inconclusive("the PIXIT gives no OMAK to try on the MEP port: fill in PIXIT keys.omak");
});

Given("the device's sequence number is known", async function (this: OsgpWorld) {
  valueOf({ ok: true, value: await read(this, 1) }, "a first read");
  deviceSequence(this);
});

When("the client reads {table}", async function (this: OsgpWorld, tableId: number) {
  await read(this, tableId);
});

When("the client reads {table} {int} times", async function (this: OsgpWorld, tableId: number, n: number) {
  for (let i = 0; i < n; i++) expectSecuredServed(await read(this, tableId), `read ${i + 1} of ${n}`);
});

When("the client reads {table} with encryption", async function (this: OsgpWorld, tableId: number) {
  await read(this, tableId, { encrypt: true });
});

When("the client reads {table} without encryption", async function (this: OsgpWorld, tableId: number) {
  await read(this, tableId, { encrypt: false });
});

When(
  "the client reads one byte of {table} with encryption and the sequence number the device accepted last",
  async function (this: OsgpWorld, tableId: number) {
    const session = this.requireSecured();
    const r = replayUnderAcceptedNumber(this.state.secured.acceptedWith, tableId, session.suite());
    track(this, await session.exchange(r.apdu, { encrypt: true, sequence: r.sequence, resynchronise: false }));
  },
);

When(
  "the client reads {table} with the PIXIT's first sequence number, without resynchronising",
  async function (this: OsgpWorld, tableId: number) {
    await read(this, tableId, { sequence: this.securedPixit.firstSequence, resynchronise: false });
  },
);

When(
  "the client reads {table} with the device's number + {int}",
  async function (this: OsgpWorld, tableId: number, ahead: number) {
    this.state.secured.deviceSequenceBefore = deviceSequence(this);
    await read(this, tableId, { sequence: (deviceSequence(this) + ahead) >>> 0, resynchronise: false });
  },
);

When(
  "the client reads {table} with the device's number + the PIXIT's window",
  async function (this: OsgpWorld, tableId: number) {
    await read(this, tableId, {
      sequence: (deviceSequence(this) + this.securedPixit.sequenceWindow) >>> 0,
      resynchronise: false,
    });
  },
);

When(
  "the client reads {table} with the device's number + the PIXIT's window + 1",
  async function (this: OsgpWorld, tableId: number) {
    await read(this, tableId, {
      sequence: (deviceSequence(this) + this.securedPixit.sequenceWindow + 1) >>> 0,
      resynchronise: false,
    });
  },
);

/** Sends, outside the session's own protection, a full read of the table protected by `suite`. */
async function sendProtectedRead(
  world: OsgpWorld,
  suite: SecuritySuite,
  tableId: number,
  encrypt: boolean,
  tamper: (frame: Uint8Array) => void = () => undefined,
): Promise<void> {
  const session = world.requireSecured();
  const { frame } = suite.protectRequest(
    encodeTableRequest({ service: "full-read", tableId }, SECURED_TABLE_CODEC),
    session.nextSequence,
    encrypt,
  );
  tamper(frame);
  world.state.secured.rawRequest = frame;
  await session.sendRaw(frame);
}

When("the client sends a read of {table} protected with the OMAK", async function (this: OsgpWorld, tableId: number) {
  const omak = keyFor(this.pixit, "omak") as Secret;
  const suite = rc4PskSuite(plcKeys(omak.reveal(), this.pixit.security.bekVariant), {
    responseKeystream: this.pixit.security.responseKeystream,
    emptyInput: this.pixit.security.emptyDigestInput,
  });
  await sendProtectedRead(this, suite, tableId, false);
});

When(
  "the client sends a read of {table} protected with a key the device does not hold",
  async function (this: OsgpWorld, tableId: number) {
    const suite = suiteFor(this.pixit, Secret.fromText("NOT-A-DEVICE-KEY", "not a device key"));
    await sendProtectedRead(this, suite!, tableId, false);
  },
);

When(
  "the client sends a read of {table} protected with OSGP-RC4-PSK and the advanced key",
  async function (this: OsgpWorld, tableId: number) {
    const suite = suiteFor(this.pixit, keyFor(this.pixit, "mepAdvanced"), "rc4");
    if (suite === null) throw new Inconclusive("the PIXIT gives no MEP advanced key");
    await sendProtectedRead(this, suite, tableId, this.securedPixit.encrypt);
  },
);

When(
  "the client sends an encrypted read of {table} with one bit of its digest flipped",
  async function (this: OsgpWorld, tableId: number) {
    await sendProtectedRead(this, this.requireSecured().suite(), tableId, true, (frame) => {
      frame[frame.length - 1] = (frame[frame.length - 1] as number) ^ 0x01;
    });
  },
);

When("the client writes a test pattern to the scratch area", async function (this: OsgpWorld) {
  const x = track(this, await this.requireSecured().exchange(patternWrite(this, 0)));
  this.state.secured.firstWrite ??= x;
});

When("the client writes another test pattern to the scratch area", async function (this: OsgpWorld) {
  track(this, await this.requireSecured().exchange(patternWrite(this, 7)));
});

When("the client sends the first write again, byte for byte", async function (this: OsgpWorld) {
  const first = this.state.secured.firstWrite;
  if (first === undefined) throw new Inconclusive("there was no first write to send again");
  track(this, await this.requireSecured().resend(first));
});

Then("the device answers 0x0B, the code alone and unencrypted", function (this: OsgpWorld) {
  const session = this.requireSecured();
  const request = this.state.secured.rawRequest ?? session.lastExchange?.frame ?? new Uint8Array(0);
  expectAuthFailureFrame(session.lastResponse ?? new Uint8Array(0), request, "a request no key verifies");
});

Then("the device's answer verifies and its code is ok", function (this: OsgpWorld) {
  expectSecuredServed(lastExchange(this), "the answer");
});

Then(
  "the device's answer verifies and its code is one of the PIXIT's {pixitExpectation} codes",
  function (this: OsgpWorld, item: PixitExpectation) {
    expectCodeIn(
      lastExchange(this),
      codesNamed(this.pixit.expect[item], `expect.${item}`),
      `the answer (PIXIT expect.${item})`,
    );
  },
);

Then("the device answers 0x0C with its sequence number", function (this: OsgpWorld) {
  expectSequenceError(lastExchange(this), "a request outside the window");
});

Then(
  "the device answers the resend 0x0C with its sequence number, or on MEP as mep.retransmissionAnswers allows",
  function (this: OsgpWorld) {
    const first = this.state.secured.firstWrite;
    if (first === undefined) throw new Inconclusive("there was no first write to compare the answer with");
    // On MEP the same bytes may be a retransmission after a lost response; on PLC the 14908-1 layer owns those.
    const allowed =
      this.config.target.link === "mep"
        ? retransmissionAnswers(this.pixit.mep.retransmissionAnswers)
        : (["sequence-error"] as const);
    expectRetransmissionAnswer(first, lastExchange(this), allowed, "the request just served, sent again");
  },
);

Then("the device either serves it or answers 0x0C with its sequence number", function (this: OsgpWorld) {
  const x = lastExchange(this);
  if (deviceSequenceIn(x.outcome) === null) expectSecuredServed(x, "the first request");
});

Then("the device's number has not moved", async function (this: OsgpWorld) {
  const before = kept(this.state.secured.deviceSequenceBefore, "device sequence number before");
  const x = await read(this, 1, { sequence: (before + 1) >>> 0, resynchronise: false });
  expectCodeIn(
    x,
    [0],
    `a request numbered one above the device's number before the refused one (0x${before.toString(16)})`,
  );
});

Then("the answer was encrypted", function (this: OsgpWorld) {
  expectThat(answerWasEncrypted(lastExchange(this)), "the answer to an encrypted request came back in clear");
});

Then("the answer was not encrypted", function (this: OsgpWorld) {
  expectThat(!answerWasEncrypted(lastExchange(this)), "the answer to a plain request came back encrypted");
});

Then(
  "every single-bit flip of a protected write to the scratch area is refused: 0x0B, or 0x0C in the sequence number",
  async function (this: OsgpWorld) {
    const session = this.requireSecured();
    const { encrypt } = this.securedPixit;
    const { frame } = session.suite().protectRequest(patternWrite(this, 3), session.nextSequence, encrypt);
    for (const flip of singleBitFlips(frame))
      expectFlipRefused(await session.sendRaw(flip.frame), flip, encrypt, "a protected request with one bit flipped");
  },
);

Then("the scratch area holds the second test pattern", async function (this: OsgpWorld) {
  const a = scratch(this);
  const expected = kept(this.state.secured.secondPattern, "second test pattern");
  const r = await this.client().readPartial(a.tableId, a.offset, expected.length);
  if (!("data" in r))
    throw new Inconclusive(
      `the scratch area could not be read back (${describeResponseCode(r.code)}), so whether the first write was applied again cannot be told`,
    );
  expectThat(
    Buffer.compare(Buffer.from(r.data), Buffer.from(expected)) === 0,
    "the scratch area does not hold the second pattern: the first write was applied again",
    [this.evidence("scratch area", r.data)],
  );
});

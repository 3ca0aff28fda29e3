import { Given, Then, When } from "@cucumber/cucumber";
import { expectServed, expectThat, isBusyRefusal, refusalVerdict, valueOf } from "../harness/conformance/checks";
import { pixitCodes } from "../harness/conformance/control-pixit";
import { readBytes } from "../harness/conformance/control-tables";
import { expectReservedBitsKeptClear } from "../harness/conformance/ics-checks";
import { expectSequenceError, servedApdu } from "../harness/conformance/secured-checks";
import { parseFieldReference, type FieldReference } from "../harness/conformance/vci-field-references";
import { Inconclusive, NOT_APPLICABLE } from "../harness/conformance/verdicts";
import { BT01 } from "../harness/protocol/tables/bt01-manufacturer-identification";
import { encodeTableRequest } from "../harness/protocol/table-requests";
import { SECURED_TABLE_CODEC } from "../harness/session/secured-session";
import { writeBackCleanup } from "../harness/conformance/bench-restore";
import { benchOf } from "./support/cleanups";
import { kept } from "./support/scenario-state";
import { writeControlBytes } from "./support/table-writes";
import type { OsgpWorld } from "./world";

/** 8.19: the interface compatibility setting (PIXIT control.icsField) and the ICA NAK it turns on and off. */
function ics(world: OsgpWorld): FieldReference & { readonly bit: number } {
  const f = parseFieldReference(world.pixit.control.icsField, "control.icsField");
  if (f.bit === null) throw new Inconclusive(`PIXIT control.icsField "${f.text}" names no bit`);
  return { ...f, bit: f.bit };
}

async function icsByte(world: OsgpWorld): Promise<number> {
  const f = ics(world);
  return (await readBytes(world.client(), f.tableId, f.offset, 1))[0] as number;
}

async function writeIcs(world: OsgpWorld, byte: number): Promise<void> {
  const f = ics(world);
  world.state.control.icsBefore = await icsByte(world);
  await writeControlBytes(world, f.tableId, f.offset, Uint8Array.of(byte));
}

Given("the interface compatibility setting will be restored after the scenario", async function (this: OsgpWorld) {
  const f = ics(this);
  const saved = await icsByte(this);
  this.cleanups.push(
    writeBackCleanup(
      benchOf(this),
      f.tableId,
      f.offset,
      Uint8Array.of(saved),
      "restore the interface compatibility setting",
    ),
  );
});

When("the client flips the ICA NAK bit", async function (this: OsgpWorld) {
  await writeIcs(this, (await icsByte(this)) ^ (1 << ics(this).bit));
});

When("the client turns the ICA NAK {word}", async function (this: OsgpWorld, state: string) {
  if (state !== "on" && state !== "off") throw new Inconclusive(`"${state}" is neither on nor off`);
  const bit = 1 << ics(this).bit;
  const now = await icsByte(this);
  await writeIcs(this, state === "on" ? now | bit : now & ~bit);
  const x = valueOf(this.exchange, `the write turning the ICA NAK ${state}`);
  const code = x.response[0] ?? -1;
  if (code !== 0)
    throw refusalVerdict(
      code,
      `the write turning the ICA NAK ${state} (8.19: the setting is the client's to change)`,
      this.exchangeEvidence(x),
    );
});

/** The bits PIXIT control.icsReservedBits names, which must not include the ICA NAK bit. */
function reservedBits(world: OsgpWorld): number {
  const mask = world.pixit.control.icsReservedBits;
  const nak = 1 << ics(world).bit;
  if (mask === 0) throw new Inconclusive("the PIXIT names no reserved bits (control.icsReservedBits is 0)");
  if (!Number.isInteger(mask) || mask < 0 || mask > 0xff || (mask & nak) !== 0)
    throw new Inconclusive(
      `PIXIT control.icsReservedBits ${mask} is not a mask of the byte's bits other than the ICA NAK bit (${nak})`,
    );
  return mask;
}

When(
  "the client writes the interface compatibility setting with its reserved bits set",
  async function (this: OsgpWorld) {
    await writeIcs(this, (await icsByte(this)) | reservedBits(this));
  },
);

Then("the ICA NAK bit reads back flipped", async function (this: OsgpWorld) {
  const before = kept(this.state.control.icsBefore, "interface compatibility setting before the write");
  const now = await icsByte(this);
  expectThat(
    now === (before ^ (1 << ics(this).bit)),
    `the interface compatibility setting read 0x${before.toString(16)}; after flipping bit ${ics(this).bit} it reads 0x${now.toString(16)}`,
  );
});

Then(
  "the write was refused or the reserved bits read back clear, the ICA NAK bit as it was",
  async function (this: OsgpWorld) {
    const x = valueOf(this.exchange, "the write setting the reserved bits");
    const after = await icsByte(this);
    expectReservedBitsKeptClear(
      {
        reserved: reservedBits(this),
        nakMask: 1 << ics(this).bit,
        before: kept(this.state.control.icsBefore, "interface compatibility setting before the write"),
        code: x.response[0] ?? -1,
        after,
      },
      pixitCodes(this.pixit, "control.rejectedValue"),
      [...this.exchangeEvidence(x), this.evidence("setting read back", Uint8Array.of(after))],
    );
  },
);

Given("the link is the MEP port", async function (this: OsgpWorld) {
  if (this.config.target.link === "mep") return undefined;
  await this.attach(
    `not applicable: the ICA NAK (a jump of the MEP sequence number, 6.8) is only known on the MEP link; this is the ${this.config.target.link} link`,
  );
  return NOT_APPLICABLE;
});

/** The next request after the change, with the number just after it and no resynchronisation. */
async function nextRequest(world: OsgpWorld) {
  const s = world.requireSecured();
  const at = kept(world.state.secured.changeSequence, "sequence number of the interface change");
  return {
    at,
    x: await s.exchange(encodeTableRequest({ service: "full-read", tableId: BT01 }, SECURED_TABLE_CODEC), {
      sequence: (at + 1) >>> 0,
      resynchronise: false,
    }),
  };
}

Then("the next request is served: no ICA NAK", async function (this: OsgpWorld) {
  const { x } = await nextRequest(this);
  const apdu = servedApdu(x, "the first request after an interface change with the ICA NAK off");
  // BT01 is open to every key: only a busy device leaves the request undecided.
  expectServed(
    apdu[0] ?? -1,
    "with the ICA NAK off, the first request after an interface change (a read of BT01)",
    [],
    isBusyRefusal,
  );
});

Then(
  "the next request gets the ICA NAK: 0x0C and a number at least the PIXIT's jump ahead",
  async function (this: OsgpWorld) {
    const { at, x } = await nextRequest(this);
    const jump = (expectSequenceError(x, "the first request after an interface change with the ICA NAK on") - at) >>> 0;
    expectThat(
      jump >= this.pixit.mep.icaSequenceJump,
      `the device's number moved on by ${jump}; 6.8 says ${this.pixit.mep.icaSequenceJump}`,
    );
  },
);

import { Then } from "@cucumber/cucumber";
import { codesNamed, expectThat, mustDecode, valueOf } from "../harness/conformance/checks";
import {
  raiseFindings,
  raiseIfAny,
  sweepDeclaredTablesExist,
  sweepNotWriteableRefuse,
  sweepUndeclaredTablesAbsent,
} from "../harness/conformance/table-sweeps";
import {
  decodeGeneralConfiguration,
  isTableUsed,
  type GeneralConfiguration,
} from "../harness/protocol/tables/bt00-general-configuration";
import { readGeneralConfiguration } from "../harness/conformance/device-description";
import {
  BT01,
  decodeManufacturerIdentification,
  manufacturerIdentificationSize,
} from "../harness/protocol/tables/bt01-manufacturer-identification";
import { parseTableName } from "../harness/protocol/table-id";
import { dataOrderName, OSGP_DATA_ORDER } from "../harness/protocol/table-format";
import { Inconclusive } from "../harness/conformance/verdicts";
import { expectBytes } from "../harness/conformance/checks";
import type { PixitExpectation } from "./support/pixit-names";
import { readDataOf, type OsgpWorld } from "./world";

/** Annex A: BT00 and BT01 judged as tables in their own right. */
Then("the data decodes as BT00", function (this: OsgpWorld) {
  const x = valueOf(this.exchange, "BT00 read");
  mustDecode(decodeGeneralConfiguration(readDataOf(this, x)), "BT00", this.exchangeEvidence(x));
});

Then(
  "BT00 says table data is LSB first, characters are ASCII and times are discrete bytes",
  function (this: OsgpWorld) {
    const x = valueOf(this.exchange, "BT00 read");
    const c = mustDecode(decodeGeneralConfiguration(readDataOf(this, x)), "BT00", this.exchangeEvidence(x));
    expectThat(
      c.dataOrder === OSGP_DATA_ORDER,
      `BT00 declares table data ${dataOrderName(c.dataOrder)} (FORMAT_CONTROL_1 bit 0 = 1); OSGP table data is ${dataOrderName(OSGP_DATA_ORDER)} (6.1)`,
      this.exchangeEvidence(x),
    );
    expectThat(
      c.charFormat === 1,
      `BT00 character format is ${c.charFormat}; OSGP uses 1 (ISO 7-bit ASCII)`,
      this.exchangeEvidence(x),
    );
    expectThat(
      c.timeFormat === 2,
      `BT00 time format is ${c.timeFormat}; the OSGP types of 6.2 need 2 (discrete UINT8 fields)`,
      this.exchangeEvidence(x),
    );
  },
);

Then("BT00 declares each of the PIXIT's mandatory tables", async function (this: OsgpWorld) {
  const c = (await this.description()).config;
  const missing = this.pixit.device.mandatoryTables.filter((t) => !isTableUsed(c, parseTableName(t)));
  expectThat(missing.length === 0, `BT00 does not declare ${missing.join(", ")} (PIXIT device.mandatoryTables)`);
});

Then(
  "every table BT00 declares answers a full read with ok or a refusal for lack of clearance",
  async function (this: OsgpWorld) {
    const clearance = codesNamed(
      [...this.pixit.expect.insufficientKey, ...this.pixit.expect.hardwareLock],
      "expect.insufficientKey/hardwareLock",
    );
    raiseFindings(
      await sweepDeclaredTablesExist(this.client(), (await this.description()).config, clearance),
      "every table BT00 declares must exist",
    );
  },
);

Then(
  "every basic table that BT00 does not declare is answered with one of the PIXIT's {pixitExpectation} codes",
  async function (this: OsgpWorld, item: PixitExpectation) {
    raiseIfAny(
      await sweepUndeclaredTablesAbsent(
        this.client(),
        (await this.description()).config,
        codesNamed(this.pixit.expect[item], `expect.${item}`),
      ),
      "tables BT00 does not declare must not exist",
    );
  },
);

Then(
  "every declared table marked not writeable refuses a write of its own content with one of the PIXIT's {pixitExpectation} codes",
  async function (this: OsgpWorld, item: PixitExpectation) {
    const d = this.pixit.device;
    const violations = await sweepNotWriteableRefuse(
      this.client(),
      (await this.description()).config,
      codesNamed(this.pixit.expect[item], `expect.${item}`),
      codesNamed(this.pixit.expect.hardwareLock, "expect.hardwareLock"),
      new Set(d.hardwareLock.write.map(parseTableName)),
      new Set(d.writeProbeExclude.map(parseTableName)),
    );
    raiseIfAny(violations, "BT00's writeable bitmap must be true");
  },
);

/**
 * BT00's identification format, read without BT01: the device description needs BT01 to decode, which A.2 is judging.
 */
async function idFormatOf(world: OsgpWorld): Promise<GeneralConfiguration["idFormat"]> {
  const c = decodeGeneralConfiguration(await readGeneralConfiguration(world.client()));
  if (!c.ok) throw new Inconclusive(`BT00 does not decode, so BT01's format is not known: ${c.error.message}`);
  return c.value.idFormat;
}

Then("the data decodes as BT01 in the format BT00 declares", async function (this: OsgpWorld) {
  const x = valueOf(this.exchange, "BT01 read");
  const idFormat = await idFormatOf(this);
  mustDecode(
    decodeManufacturerIdentification(readDataOf(this, x), idFormat),
    `BT01 (identification format ${idFormat})`,
    this.exchangeEvidence(x),
  );
});

Then("the data is as long as that format gives", async function (this: OsgpWorld) {
  const x = valueOf(this.exchange, "BT01 read");
  const idFormat = await idFormatOf(this);
  const size = manufacturerIdentificationSize(idFormat);
  expectThat(
    readDataOf(this, x).length === size,
    `BT01 with a ${idFormat} serial number is ${size} bytes; the read returned ${readDataOf(this, x).length}`,
    this.exchangeEvidence(x),
  );
});

Then("a second full read of BT01 returns the same bytes", async function (this: OsgpWorld) {
  const first = readDataOf(this);
  const again = await this.client().readFull(BT01);
  expectThat("data" in again, "the second read of BT01 was refused");
  expectBytes((again as { data: Uint8Array }).data, first, "BT01 read twice", [this.evidence("first read", first)]);
});

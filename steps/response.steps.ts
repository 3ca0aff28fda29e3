import { Then } from "@cucumber/cucumber";
import {
  codesNamed,
  expectResponseCode,
  expectServed,
  expectThat,
  isBusyRefusal,
  isUndecidingRefusal,
  mustDecode,
  valueOf,
} from "../harness/conformance/checks";
import { describeResponseCode, RESPONSE_CODE } from "../harness/protocol/response-codes";
import { decodeReadResponse } from "../harness/protocol/table-responses";
import type { PixitExpectation } from "./support/pixit-names";
import type { OsgpWorld } from "./world";

/** A refusal for clearance, a lock or a busy device leaves the scenario undecided (README, Verdicts). */
Then("the response code is ok", function (this: OsgpWorld) {
  expectOk(this, isUndecidingRefusal);
});

/** Where clearance is not in doubt (BT01 without a password; 7.5, a table the lock does not list), isc or dlk FAILs. */
Then("the response code is ok, not a refusal for clearance or a lock", function (this: OsgpWorld) {
  expectOk(this, isBusyRefusal);
});

function expectOk(world: OsgpWorld, undeciding: (code: number) => boolean): void {
  const x = valueOf(world.exchange, "response");
  expectServed(x.response[0] ?? -1, "response code", world.exchangeEvidence(x), undeciding);
}

Then(
  "the response code is one of the PIXIT's {pixitExpectation} codes",
  function (this: OsgpWorld, item: PixitExpectation) {
    const x = valueOf(this.exchange, "response");
    expectResponseCode(
      x.response[0] ?? -1,
      codesNamed(this.pixit.expect[item], `expect.${item}`),
      `response code (PIXIT expect.${item})`,
      this.exchangeEvidence(x),
    );
  },
);

Then("the response code is an error code of 9.9", function (this: OsgpWorld) {
  const x = valueOf(this.exchange, "response");
  const code = x.response[0] ?? -1;
  expectThat(
    code >= RESPONSE_CODE.err && code <= RESPONSE_CODE.isss,
    `expected an error code 0x01..0x0a, got ${describeResponseCode(code)}`,
    this.exchangeEvidence(x),
  );
});

Then("the response carries no data", function (this: OsgpWorld) {
  const x = valueOf(this.exchange, "response");
  expectThat(
    x.response.length === 1,
    `the response should be the code alone; it has ${x.response.length - 1} more byte(s)`,
    this.exchangeEvidence(x),
  );
});

Then("the read response decodes with a correct data checksum", function (this: OsgpWorld) {
  const x = valueOf(this.exchange, "response");
  mustDecode(decodeReadResponse(x.response, this.client().codec), "the read response", this.exchangeEvidence(x));
});

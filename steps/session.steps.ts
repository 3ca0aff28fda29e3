import { Given, When } from "@cucumber/cucumber";
import { capture } from "../harness/conformance/checks";
import { encodeLinkRequest } from "../harness/link/c1218/link-services";
import { passwordField } from "../harness/session/optical-session";
import type { SessionRole } from "./world";
import { parseHex } from "../harness/bytes/parse-hex";
import { NOT_APPLICABLE } from "../harness/conformance/verdicts";
import type { OsgpWorld } from "./world";

async function openOrSkip(world: OsgpWorld, role: SessionRole): Promise<typeof NOT_APPLICABLE | undefined> {
  const why = await world.openRole(role);
  if (why === null) return undefined;
  await world.attach(`not applicable: ${why}`);
  return NOT_APPLICABLE;
}

Given("a session logged on with the {role} key", async function (this: OsgpWorld, role: SessionRole) {
  return openOrSkip(this, role);
});

/**
 * The least access that reads tables, on this link: RK on the optical port, MBK on MEP, the OMAK (the one key) on PLC.
 */
Given("a session that may read tables", async function (this: OsgpWorld) {
  return openOrSkip(this, this.target.link.leastKeyedRole);
});

/** The access that writes the scratch area and runs procedures: MK, MAK. */
Given("a session that may write tables", async function (this: OsgpWorld) {
  return openOrSkip(this, "master");
});

Given("a session logged on without a password", async function (this: OsgpWorld) {
  return openOrSkip(this, "none");
});

Given("the link has logon and security services", async function (this: OsgpWorld) {
  if (this.target.link.logonServices) return undefined;
  await this.attach(`not applicable: the ${this.target.link.portName} has no logon or security service (C12.18 only)`);
  return NOT_APPLICABLE;
});

Given("the link carries the C12.18 data checksum", async function (this: OsgpWorld) {
  if (this.client().codec.checksum) return undefined;
  await this.attach(
    `not applicable: table data on the ${this.config.target.link} link carries no data checksum (the digest protects it)`,
  );
  return NOT_APPLICABLE;
});

Given("a session that is identified but not logged on", async function (this: OsgpWorld) {
  await this.openIdentifiedSession();
});

Given("a connection to the device", async function (this: OsgpWorld) {
  await this.openConnection("link check");
});

When("the client identifies, negotiates and logs on without a password", async function (this: OsgpWorld) {
  const session = this.requireSession();
  // Whether the device let the session open is for the Then steps to judge from the frames.
  await capture(() => session.open(null));
});

When("the client sends the security service with a wrong password", async function (this: OsgpWorld) {
  await this.exchangeRaw(encodeLinkRequest({ service: "security", password: passwordField(this.wrongPassword()) }));
});

When("the client sends the request {string}", async function (this: OsgpWorld, hex: string) {
  await this.exchangeRaw(parseHex(hex));
});

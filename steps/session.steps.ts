import { Given, When } from "@cucumber/cucumber";
import { capture } from "../harness/conformance/checks";
import { encodeLinkRequest } from "../harness/link/c1218/link-services";
import { OpticalSession, passwordField } from "../harness/session/optical-session";
import { sessionSettings } from "../harness/conformance/run-config";
import type { SessionRole } from "./world";
import { parseHex } from "../harness/bytes/parse-hex";
import type { OsgpWorld } from "./world";

Given("a session logged on with the {role} key", async function (this: OsgpWorld, role: SessionRole) {
  await this.openSession(role);
});

Given("a session logged on without a password", async function (this: OsgpWorld) {
  await this.openSession("none");
});

Given("a session that is identified but not logged on", async function (this: OsgpWorld) {
  await this.openIdentifiedSession();
});

Given("a connection to the device", async function (this: OsgpWorld) {
  await this.closeSession();
  this.session = new OpticalSession(await this.target.connect(), sessionSettings(this.pixit), this.redactor);
  this.traces.push({ trace: this.session.trace, attachedUpTo: 0, name: "session 1 (link check)" });
});

When("the client identifies, negotiates and logs on without a password", async function (this: OsgpWorld) {
  const session = this.requireSession();
  this.saved.set("open", await capture(() => session.open(null)));
});

When("the client sends the security service with a wrong password", async function (this: OsgpWorld) {
  await this.exchangeRaw(encodeLinkRequest({ service: "security", password: passwordField(this.wrongPassword()) }));
});

When("the client sends the request {string}", async function (this: OsgpWorld, hex: string) {
  await this.exchangeRaw(parseHex(hex));
});

import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import type { LinkConfig } from "../../harness/link/c1218/link-state-machine";
import { RESPONSE_CODE } from "../../harness/protocol/response-codes";
import { BT01 } from "../../harness/protocol/tables/bt01-manufacturer-identification";
import { BT52 } from "../../harness/protocol/tables/bt52-clock";
import { ET03 } from "../../harness/protocol/tables/et03-utility-information";
import { Secret } from "../../harness/security/secret";
import { OpticalSession, type OpticalSessionSettings } from "../../harness/session/optical-session";
import type { DefectName } from "../../harness/simulator/defects";
import { ACCESS_DEFECTS } from "../../harness/simulator/defects/access-defects";
import { ReferenceMeter } from "../../harness/simulator/meter";
import { defaultOpticalKeys } from "../../harness/simulator/optical-keys";
import { OpticalPort } from "../../harness/simulator/optical-port";
import { profileNamed } from "../../harness/simulator/profiles";
import { ET02 } from "../../harness/protocol/tables/et02-rtc-calibration";
import { createInProcessPair } from "../../harness/transport/in-process";
import { codeOf, fullRead, fullWrite, meterOf, partialRead, tableOf } from "./meter-requests";

/** Each 7.0 access defect shows with it on and not without it. */
const { ok, err, isc } = RESPONSE_CODE;
const LINK: LinkConfig = { identity: 0, ackTimeoutMs: 100, interCharTimeoutMs: 50, retries: 1 };
const SETTINGS: OpticalSessionSettings = {
  link: LINK,
  responseTimeoutMs: 300,
  wakeup: { byte: 0x55, count: 0, intervalMs: 0 },
  negotiate: { packetSize: 64, packetCount: 2, baudRate: null },
  logon: { userId: 0, user: "TEST" },
  minRequestIntervalMs: 0,
};
const WRONG = Secret.fromText("NOT-A-METER-KEY", "not a key");

test("the access defects are the ones this file checks", () => {
  assert.deepEqual(Object.keys(ACCESS_DEFECTS).sort(), ["open-access-without-key", "wrong-password-grants-access"]);
  for (const d of Object.values(ACCESS_DEFECTS)) assert.equal(d.clause, "7.0");
});

test("defect open-access-without-key (7.0): with no key every table reads ok; without the defect only the open ones", () => {
  const clean = meterOf("reference").meter;
  const broken = meterOf("reference", ["open-access-without-key"]).meter;
  for (const id of [0, BT01, ET03]) {
    assert.equal(codeOf(clean, partialRead(id, 0, 1), "none"), ok, `open table ${id}`);
    assert.equal(codeOf(broken, partialRead(id, 0, 1), "none"), ok, `open table ${id}`);
  }
  for (const id of [BT52, ET02]) {
    assert.equal(codeOf(clean, fullRead(id), "none"), isc, `table ${id}, clean`);
    assert.equal(codeOf(broken, fullRead(id), "none"), ok, `table ${id}, with the defect`);
  }
  // Reads only: writes still need a key.
  assert.equal(codeOf(broken, fullWrite(ET03, tableOf(broken, ET03)), "none"), isc);
});

/**
 * A session on the reference meter's optical port that logs on and gives
 * a wrong password; answers the security code and then a BT52 read's.
 */
async function afterWrongPassword(
  t: TestContext,
  defects: DefectName[],
): Promise<{ security: number; bt52: number; write: number }> {
  const [client, device] = createInProcessPair();
  const meter = new ReferenceMeter({ profile: profileNamed("reference"), defects });
  const port = new OpticalPort(device, {
    meter,
    keys: defaultOpticalKeys(),
    link: LINK,
    channelTrafficTimeoutMs: 6000,
  });
  t.after(async () => {
    await port.close();
    await client.close();
  });
  const session = new OpticalSession(client, SETTINGS);
  try {
    await session.open(null);
    const security = (await session.security(WRONG)).code;
    const bt52 = (await session.readFull(BT52)).code;
    const write = (await session.writeFull(ET03, tableOf(meter, ET03))).code;
    return { security, bt52, write };
  } finally {
    await session.close();
  }
}

test("defect wrong-password-grants-access (7.0): a wrong password is still answered err, but the session may read as the reader key", async (t) => {
  assert.deepEqual(await afterWrongPassword(t, []), { security: err, bt52: isc, write: isc });
  assert.deepEqual(await afterWrongPassword(t, ["wrong-password-grants-access"]), {
    security: err,
    bt52: ok,
    write: isc,
  });
});

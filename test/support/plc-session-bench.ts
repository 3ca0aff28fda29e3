import type { TestContext } from "node:test";
import { simulatedPlcBench } from "../../harness/links/plc/plc-bench";
import { keyFor } from "../../harness/conformance/pixit";
import { omakSuites, plcSessionSettings } from "../../harness/links/plc/plc-settings";
import { simulatorPixit } from "../../harness/conformance/target";
import { DEFAULT_CARRIAGE } from "../../harness/link/lon/osgp-over-lon";
import { Redactor } from "../../harness/security/redactor";
import type { Secret } from "../../harness/security/secret";
import { PlcSession, type PlcSessionSettings } from "../../harness/session/plc-session";
import type { DefectName } from "../../harness/simulator/defects";
import { ReferenceMeter } from "../../harness/simulator/meter";
import { profileNamed } from "../../harness/simulator/profiles";
import type { ByteTransport } from "../../harness/transport/byte-transport";
import type { DatagramEndpoint } from "../../harness/transport/datagram-endpoint";
import { peerTransport } from "../../harness/transport/peer-transport";
import { concatBytes } from "../../harness/bytes/byte-arrays";
import { parseHex } from "../../harness/bytes/parse-hex";

/**
 * A PLC session as a scenario builds one against the built-in simulator (steps/world.ts), with the
 * simulator's PIXIT, but short time-outs: in process an answer takes a turn of the event loop, so
 * 200 ms per attempt only matters for the tests that wait on silence.
 */
export const PIXIT = simulatorPixit(profileNamed("reference"));

/** BT01 of the reference profile: "OSGC", "REFMETER", hw 1.0, fw 2.5, serial 0000000012345678 in BCD. */
export const REFERENCE_BT01 = concatBytes(
  parseHex("4f 53 47 43"), // manufacturer "OSGC"
  parseHex("52 45 46 4d 45 54 45 52"), // model "REFMETER"
  parseHex("01 00 02 05"), // hardware version, revision, firmware version, revision
  parseHex("00 00 00 00 12 34 56 78"), // serial number, 16 BCD digits
);

export function omak(): Secret {
  const k = keyFor(PIXIT, "omak");
  if (k === null) throw new Error("the simulator's PIXIT names no OMAK");
  return k;
}

export interface SettingsOverrides {
  readonly responseTimeoutMs?: number;
  readonly retries?: number;
  readonly encrypt?: boolean;
  readonly probeGateway?: boolean;
  readonly maxReadData?: number;
}

export function plcSettings(o: SettingsOverrides = {}): PlcSessionSettings {
  const s = plcSessionSettings(PIXIT);
  return {
    ...s,
    link: { ...s.link, responseTimeoutMs: o.responseTimeoutMs ?? 200, retries: o.retries ?? 1 },
    encrypt: o.encrypt ?? s.encrypt,
    probeGateway: o.probeGateway ?? s.probeGateway,
    maxReadData: o.maxReadData ?? s.maxReadData,
  };
}

/** A session over any transport, keyed and redacting as a scenario's is. Closed when the test ends. */
export function sessionOver(t: TestContext, transport: ByteTransport, o: SettingsOverrides = {}): PlcSession {
  const redactor = new Redactor();
  redactor.add(omak());
  const session = new PlcSession(transport, plcSettings(o), omakSuites(PIXIT, omak(), "rc4"), redactor);
  t.after(() => session.close());
  return session;
}

export function referenceMeter(defects: readonly DefectName[] = []): ReferenceMeter {
  return new ReferenceMeter({ profile: profileNamed("reference"), defects });
}

/**
 * The simulated PLC segment of target sim-plc: `meter` as node 1/11 and two sibling meters,
 * kept here so a test can tell that a request reached only the node it was for.
 */
export async function simulatedSession(
  t: TestContext,
  o: SettingsOverrides & {
    readonly defects?: readonly DefectName[];
    readonly wrap?: (e: DatagramEndpoint) => DatagramEndpoint;
  } = {},
) {
  const meter = referenceMeter(o.defects);
  const siblings: ReferenceMeter[] = [];
  const bench = simulatedPlcBench(
    meter,
    () => {
      const m = referenceMeter(o.defects);
      siblings.push(m);
      return m;
    },
    DEFAULT_CARRIAGE,
  );
  t.after(() => bench.close());
  const { endpoint, gateway } = await bench.open();
  const session = sessionOver(t, peerTransport(o.wrap?.(endpoint) ?? endpoint, gateway), o);
  return { session, meter, siblings, endpoint, gateway };
}

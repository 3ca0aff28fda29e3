import fc from "fast-check";
import { bytesEqual } from "../../bytes/byte-arrays";
import { toHex } from "../../bytes/hex";
import { suiteFor } from "../../links/mep/mep-settings";
import type { Pixit } from "../../conformance/pixit";
import { procedureName } from "../../protocol/procedure-id";
import { describeResponseCode, RESPONSE_CODE } from "../../protocol/response-codes";
import { encodeTableRequest } from "../../protocol/table-requests";
import { decodeReadResponse } from "../../protocol/table-responses";
import { tableName } from "../../protocol/table-id";
import { BT07, encodeProcedureInitiate, RESPONSE_SELECTOR } from "../../protocol/tables/bt07-procedure-initiate";
import { isAuthFailureFrame } from "../../security/rc4-psk";
import { Secret } from "../../security/secret";
import {
  deviceSequenceIn,
  SECURED_TABLE_CODEC,
  type SecuredOutcome,
  type SecuredSession,
} from "../../session/secured-session";
import { expectCode, ModelViolation, pattern, SpecCommand, type Real } from "./session-model";

/**
 * The model of a MEP session: requests protected with the advanced key (MAK: everything) or the
 * basic key (MBK: reads, not writes, not procedures), key changes between them, sequence numbers
 * stepped by any amount around the device's window (inside: served; outside or a replay: 0x0C with
 * the device's number), and a key the device does not hold (0x0B, the code alone).
 */
export type SecuredSpec =
  | { readonly op: "use-key"; readonly role: "advanced" | "basic" }
  | { readonly op: "read"; readonly table: "open" | "keyed" | "denied" }
  | { readonly op: "write-scratch"; readonly fill: number }
  | { readonly op: "read-scratch" }
  | { readonly op: "procedure"; readonly psn: number; readonly repeat: boolean }
  | { readonly op: "sequence"; readonly ahead: number }
  | { readonly op: "foreign-key"; readonly seed: number };

export interface SecuredModel {
  role: "advanced" | "basic";
  scratch: Uint8Array;
  psn: number | null;
}

type R = Real<SecuredSession> & { readonly pixit: Pixit };
const OK = RESPONSE_CODE.ok;

export function arbSecuredSpec(window: number): fc.Arbitrary<SecuredSpec> {
  return fc.oneof(
    fc.constantFrom("advanced" as const, "basic" as const).map((role): SecuredSpec => ({ op: "use-key", role })),
    fc
      .constantFrom("open" as const, "keyed" as const, "denied" as const)
      .map((table): SecuredSpec => ({ op: "read", table })),
    fc.integer({ min: 0, max: 255 }).map((fill): SecuredSpec => ({ op: "write-scratch", fill })),
    fc.constant<SecuredSpec>({ op: "read-scratch" }),
    fc
      .tuple(fc.integer({ min: 0, max: 254 }), fc.boolean())
      .map(([psn, repeat]): SecuredSpec => ({ op: "procedure", psn, repeat })),
    fc.constantFrom(0, 1, 2, window, window + 1, -1).map((ahead): SecuredSpec => ({ op: "sequence", ahead })),
    fc.integer({ min: 0, max: 255 }).map((seed): SecuredSpec => ({ op: "foreign-key", seed })),
  );
}

export function securedCommand(spec: SecuredSpec): SpecCommand<SecuredSpec, SecuredModel, SecuredSession> {
  return new SpecCommand(spec, (s, m, r) => runSecured(s, m, r as R), describeSecured);
}

export function describeSecured(s: SecuredSpec): string {
  switch (s.op) {
    case "use-key":
      return `use-key(${s.role})`;
    case "read":
      return `read(${s.table})`;
    case "write-scratch":
      return `write-scratch(${s.fill})`;
    case "procedure":
      return `procedure(psn ${s.repeat ? "as last" : s.psn})`;
    case "sequence":
      return `sequence(+${s.ahead})`;
    case "foreign-key":
      return `foreign-key(${s.seed})`;
    default:
      return s.op;
  }
}

async function runSecured(s: SecuredSpec, m: SecuredModel, r: R): Promise<void> {
  const { session, facts } = r;
  const { isc } = facts.codes;
  const basic = m.role === "basic";
  const send = async (apdu: Uint8Array, what: string) => {
    const x = await session.exchange(apdu, { role: m.role });
    r.log.exchange(what, x.frame, x.responseFrame);
    return outcomeApdu(x.outcome, what);
  };
  switch (s.op) {
    case "use-key":
      if (s.role === "advanced" || facts.basicKey) m.role = s.role;
      return;
    case "read": {
      const id = s.table === "open" ? facts.tables.open : facts.tables[s.table];
      if (id === null) return;
      const a = await send(
        encodeTableRequest({ service: "partial-read", tableId: id, offset: 0, count: 1 }, SECURED_TABLE_CODEC),
        `read ${tableName(id)}`,
      );
      expectCode(
        a[0] ?? -1,
        s.table === "denied" && basic ? isc : [OK],
        `a read of ${tableName(id)} with the ${m.role} key`,
      );
      return;
    }
    case "write-scratch": {
      const sc = facts.tables.scratch;
      const data = pattern(s.fill, sc.length);
      const a = await send(
        encodeTableRequest(
          { service: "partial-write", tableId: sc.tableId, offset: sc.offset, data },
          SECURED_TABLE_CODEC,
        ),
        "write scratch",
      );
      expectCode(a[0] ?? -1, basic ? isc : [OK], `a write of the scratch area with the ${m.role} key`);
      if (a[0] === OK) m.scratch.set(data, sc.offset);
      return;
    }
    case "read-scratch": {
      const sc = facts.tables.scratch;
      const a = await send(
        encodeTableRequest(
          { service: "partial-read", tableId: sc.tableId, offset: 0, count: m.scratch.length },
          SECURED_TABLE_CODEC,
        ),
        "read scratch",
      );
      expectCode(a[0] ?? -1, [OK], `a read of the scratch table with the ${m.role} key`);
      const d = decodeReadResponse(a, SECURED_TABLE_CODEC);
      if (!d.ok || !("data" in d.value) || !bytesEqual(d.value.data, m.scratch))
        throw new ModelViolation(`the scratch table reads [${toHex(a)}]; the model expects data [${toHex(m.scratch)}]`);
      return;
    }
    case "procedure": {
      const psn = s.repeat && m.psn !== null ? m.psn : s.psn;
      const repeated = m.psn !== null && psn === m.psn && facts.repeatedPsnRefused;
      const image = encodeProcedureInitiate(
        {
          procedureId: facts.unknownProcedure,
          selector: RESPONSE_SELECTOR.doNotPost,
          sequence: psn,
          parameters: new Uint8Array(0),
        },
        facts.order,
      );
      const a = await send(
        encodeTableRequest({ service: "full-write", tableId: BT07, data: image }, SECURED_TABLE_CODEC),
        "procedure",
      );
      expectCode(
        a[0] ?? -1,
        basic ? isc : repeated ? facts.codes.repeatedPsn : facts.codes.procedureWrite,
        `${procedureName(facts.unknownProcedure)} with PSN ${psn} and the ${m.role} key`,
      );
      if (a[0] === OK) m.psn = psn;
      return;
    }
    case "sequence": {
      const last = (session.nextSequence - 1) >>> 0;
      const ahead = ((s.ahead % 2 ** 32) + 2 ** 32) % 2 ** 32;
      const x = await session.exchange(
        encodeTableRequest(
          { service: "partial-read", tableId: facts.tables.open, offset: 0, count: 1 },
          SECURED_TABLE_CODEC,
        ),
        { role: m.role, sequence: (last + ahead) >>> 0, resynchronise: false },
      );
      r.log.exchange(`sequence + ${ahead}`, x.frame, x.responseFrame);
      if (ahead >= 1 && ahead <= facts.window) {
        expectCode(
          outcomeApdu(x.outcome, "an in-window request")[0] ?? -1,
          [OK],
          `a request ${ahead} ahead of the device's sequence number (window ${facts.window})`,
        );
      } else if (deviceSequenceIn(x.outcome) !== last) {
        throw new ModelViolation(
          `a request ${s.ahead} from the device's sequence number 0x${last.toString(16)} (window ${facts.window}) got no 0x0C carrying that number: ${describeOutcome(x.outcome)}`,
        );
      }
      return;
    }
    case "foreign-key": {
      const key = Uint8Array.from({ length: 16 }, (_, i) => (s.seed * 7 + i * 13 + 1) & 0xff);
      const suite = suiteFor(r.pixit, new Secret(key, "a key the device does not hold"));
      const frame = suite?.protectRequest(
        encodeTableRequest({ service: "full-read", tableId: facts.tables.open }, SECURED_TABLE_CODEC),
        session.nextSequence,
        r.pixit.mep.encrypt,
      ).frame;
      if (frame === undefined) return;
      const response = await session.sendRaw(frame);
      r.log.exchange("foreign key", frame, response);
      if (!isAuthFailureFrame(response))
        throw new ModelViolation(
          `a request protected with a key the device does not hold was answered [${toHex(response)}] instead of 0x0B alone`,
        );
      return;
    }
  }
}

function outcomeApdu(o: SecuredOutcome, what: string): Uint8Array {
  if (o.kind === "response") return o.apdu;
  if (o.kind === "auth-failure") return Uint8Array.of(RESPONSE_CODE.auth);
  throw new ModelViolation(`${what}: the device's answer does not verify: ${o.error.detail}`);
}

function describeOutcome(o: SecuredOutcome): string {
  return o.kind === "response"
    ? `${describeResponseCode(o.apdu[0] ?? -1)} [${toHex(o.apdu)}]`
    : o.kind === "auth-failure"
      ? "0x0B"
      : `an answer that does not verify (${o.error.detail})`;
}

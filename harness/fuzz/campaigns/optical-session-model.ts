import fc from "fast-check";
import { bytesEqual } from "../../bytes/byte-arrays";
import { toHex } from "../../bytes/hex";
import { procedureName } from "../../protocol/procedure-id";
import { RESPONSE_CODE } from "../../protocol/response-codes";
import { tableName } from "../../protocol/table-id";
import { BT07, encodeProcedureInitiate, RESPONSE_SELECTOR } from "../../protocol/tables/bt07-procedure-initiate";
import type { OpticalSession } from "../../session/optical-session";
import { expectCode, ModelViolation, pattern, SpecCommand, type Real } from "./session-model";

/**
 * The model of the optical port's C12.18 service sequence: base -> identified (identification,
 * negotiation) -> session (logon) with an access level set by the security service -> logoff ->
 * identified, terminate -> base. Each command is sent whatever the state, and its answer must be
 * the one the model predicts from the state and the PIXIT: isss out of sequence, isc for a level too
 * low, the wrong password's codes, the scratch area holding what the model wrote.
 */
export type OpticalSpec =
  | { readonly op: "identify" }
  | { readonly op: "negotiate" }
  | { readonly op: "logon" }
  | { readonly op: "security"; readonly key: "master" | "reader" | "wrong" }
  | { readonly op: "read"; readonly table: "open" | "keyed" | "denied" }
  | { readonly op: "write-scratch"; readonly fill: number }
  | { readonly op: "read-scratch" }
  | { readonly op: "procedure"; readonly psn: number; readonly repeat: boolean }
  | { readonly op: "logoff" }
  | { readonly op: "terminate" };

export interface OpticalModel {
  state: "base" | "identified" | "session";
  /** "unknown" after a refused password: C12.18 does not say whether the earlier level stands. */
  level: "none" | "reader" | "master" | "unknown";
  scratch: Uint8Array;
  psn: number | null;
}

type R = Real<OpticalSession>;
const OK = RESPONSE_CODE.ok;

export const arbOpticalSpec: fc.Arbitrary<OpticalSpec> = fc.oneof(
  fc.constant<OpticalSpec>({ op: "identify" }),
  fc.constant<OpticalSpec>({ op: "negotiate" }),
  fc.constant<OpticalSpec>({ op: "logon" }),
  fc
    .constantFrom("master" as const, "reader" as const, "wrong" as const)
    .map((key): OpticalSpec => ({ op: "security", key })),
  fc
    .constantFrom("open" as const, "keyed" as const, "denied" as const)
    .map((table): OpticalSpec => ({ op: "read", table })),
  fc.integer({ min: 0, max: 255 }).map((fill): OpticalSpec => ({ op: "write-scratch", fill })),
  fc.constant<OpticalSpec>({ op: "read-scratch" }),
  fc
    .tuple(fc.integer({ min: 0, max: 254 }), fc.boolean())
    .map(([psn, repeat]): OpticalSpec => ({ op: "procedure", psn, repeat })),
  fc.constant<OpticalSpec>({ op: "logoff" }),
  fc.constant<OpticalSpec>({ op: "terminate" }),
);

export function opticalCommand(spec: OpticalSpec): SpecCommand<OpticalSpec, OpticalModel, OpticalSession> {
  return new SpecCommand(spec, runOptical, describeOptical);
}

export function describeOptical(s: OpticalSpec): string {
  switch (s.op) {
    case "security":
      return `security(${s.key})`;
    case "read":
      return `read(${s.table})`;
    case "write-scratch":
      return `write-scratch(${s.fill})`;
    case "procedure":
      return `procedure(psn ${s.repeat ? "as last" : s.psn})`;
    default:
      return s.op;
  }
}

async function runOptical(s: OpticalSpec, m: OpticalModel, r: R): Promise<void> {
  const { session, facts } = r;
  const { isss, isc } = facts.codes;
  const inSession = m.state === "session";
  switch (s.op) {
    case "identify": {
      const a = await session.identify();
      expectCode(
        a.code,
        inSession ? isss : m.state === "identified" ? [OK, ...isss] : [OK],
        `identification in state ${m.state}`,
      );
      if (a.code === OK) m.state = "identified";
      return;
    }
    case "negotiate":
      expectCode(
        (await session.negotiate()).code,
        m.state === "identified" ? [OK] : isss,
        `negotiation in state ${m.state}`,
      );
      return;
    case "logon": {
      const a = await session.logon();
      expectCode(a.code, m.state === "identified" ? [OK] : isss, `logon in state ${m.state}`);
      if (a.code === OK) Object.assign(m, { state: "session", level: "none", psn: null });
      return;
    }
    case "security": {
      const key = s.key === "wrong" ? facts.keys.wrong : facts.keys[s.key];
      if (key === null) return;
      const a = await session.security(key);
      expectCode(
        a.code,
        !inSession ? isss : s.key === "wrong" ? facts.codes.wrongPassword : [OK],
        `security with the ${s.key} key in state ${m.state}`,
      );
      if (inSession) m.level = s.key === "wrong" ? (m.level === "none" ? "none" : "unknown") : s.key;
      return;
    }
    case "read": {
      const id = s.table === "open" ? facts.tables.open : facts.tables[s.table];
      if (id === null) return;
      const needs = s.table === "open" ? "none" : s.table === "keyed" ? "reader" : "master";
      const a = await session.readPartial(id, 0, 1);
      expectCode(
        a.code,
        !inSession ? isss : access(m.level, needs, isc),
        `a read of ${tableName(id)} with level ${m.level} in state ${m.state}`,
      );
      return;
    }
    case "write-scratch": {
      const sc = facts.tables.scratch;
      const data = pattern(s.fill, sc.length);
      const a = await session.writePartial(sc.tableId, sc.offset, data);
      expectCode(
        a.code,
        !inSession ? isss : access(m.level, "master", isc),
        `a write of the scratch area with level ${m.level} in state ${m.state}`,
      );
      if (a.code === OK) m.scratch.set(data, sc.offset);
      return;
    }
    case "read-scratch": {
      const sc = facts.tables.scratch;
      const a = await session.readPartial(sc.tableId, 0, m.scratch.length);
      expectCode(
        a.code,
        !inSession ? isss : access(m.level, facts.tables.scratchOpen ? "none" : "reader", isc),
        `a read of the scratch table with level ${m.level} in state ${m.state}`,
      );
      if ("data" in a && !bytesEqual(a.data, m.scratch))
        throw new ModelViolation(`the scratch table reads [${toHex(a.data)}]; the model expects [${toHex(m.scratch)}]`);
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
      const a = await session.writeFull(BT07, image);
      const granted = repeated ? facts.codes.repeatedPsn : facts.codes.procedureWrite;
      const allowed = !inSession
        ? isss
        : m.level === "unknown"
          ? [...granted, ...isc]
          : m.level !== "master"
            ? isc
            : granted;
      expectCode(
        a.code,
        allowed,
        `${procedureName(facts.unknownProcedure)} with PSN ${psn}${repeated ? " (repeated)" : ""}, level ${m.level}, state ${m.state}`,
      );
      if (a.code === OK) m.psn = psn;
      return;
    }
    case "logoff": {
      const a = await session.logoff();
      expectCode(a.code, inSession ? [OK] : isss, `logoff in state ${m.state}`);
      if (a.code === OK) Object.assign(m, { state: "identified", level: "none" });
      return;
    }
    case "terminate":
      expectCode((await session.terminate()).code, [OK], `terminate in state ${m.state}`);
      Object.assign(m, { state: "base", level: "none" });
      return;
  }
}

/** The codes allowed for a service that needs `needs`: ok, isc, or either when the level is unknown. */
function access(
  level: OpticalModel["level"],
  needs: "none" | "reader" | "master",
  isc: readonly number[],
): readonly number[] {
  if (level === "unknown") return [OK, ...isc];
  const rank = { none: 0, reader: 1, master: 2 } as const;
  return rank[level] >= rank[needs] ? [OK] : isc;
}

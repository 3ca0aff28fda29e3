import fc from "fast-check";
import { bytesEqual } from "../../bytes/byte-arrays";
import { codesNamed } from "../../conformance/checks";
import { keyFor } from "../../conformance/pixit";
import { optionSupport } from "../../conformance/pics/pics";
import { readScratchArea, type ScratchArea } from "../../conformance/scratch-area";
import { anUndeclaredManufacturerProcedure } from "../../conformance/table-selection";
import { Inconclusive } from "../../conformance/verdicts";
import { parseTableName } from "../../protocol/table-id";
import { isTableUsed } from "../../protocol/tables/bt00-general-configuration";
import { BT07 } from "../../protocol/tables/bt07-procedure-initiate";
import { BT08 } from "../../protocol/tables/bt08-procedure-response";
import { Secret } from "../../security/secret";
import { NotApplicable, type Campaign } from "../campaign/campaign";
import type { FuzzDevice } from "../campaign/fuzz-device";
import { readDeviceFacts } from "./device-facts";
import { arbOpticalSpec, opticalCommand, type OpticalModel, type OpticalSpec } from "./optical-session-model";
import { arbSecuredSpec, securedCommand, type SecuredModel, type SecuredSpec } from "./secured-session-model";
import { ModelViolation, type ModelFacts } from "./session-model";

/**
 * Model-based fuzzing of the session state machine with fc.commands: a sequence of up to 12
 * commands (logon, security, reads, writes, procedures, logoff, terminate on the optical port; key
 * changes, sequence-number steps and foreign keys on MEP), each answered as the model predicts.
 * fast-check shrinks a failing sequence to the fewest commands that still fail. A case is the
 * sequence; a fixture stores its commands as plain data.
 */
type AnyCommand = fc.AsyncCommand<object, never>;

/**
 * `opened`: the optical sequence starts in a session with the
 * master key (identification, negotiation, logon, security done).
 */
export type ModelCase = {
  readonly link: "optical" | "mep";
  readonly opened: boolean;
  readonly commands: Iterable<AnyCommand>;
};

interface ModelContext {
  readonly link: "optical" | "mep";
  readonly facts: ModelFacts;
  scratchNow: Uint8Array;
  readonly saved: ScratchArea;
}

const WRONG_KEY = new Secret(
  Uint8Array.from({ length: 20 }, (_, i) => 0x5a ^ i),
  "a wrong password",
);
const MAX_COMMANDS = 12;

async function modelFacts(device: FuzzDevice): Promise<{ facts: ModelFacts; scratch: ScratchArea }> {
  const session = await device.session("master");
  const d = await readDeviceFacts(session, device.pixit);
  const p = device.pixit;
  const declared = (name: string | null) =>
    name === null ? null : ([parseTableName(name)].find((id) => isTableUsed(d.config, id)) ?? null);
  const openNames = p.device.openTables.map(parseTableName);
  const open = openNames.find((id) => isTableUsed(d.config, id));
  if (open === undefined) throw new Inconclusive("none of the PIXIT's device.openTables is declared in BT00");
  const denied = declared(p.device.readerDeniedTable);
  const scratch = await readScratchArea(session.client, p);
  const keyed =
    p.device.mandatoryTables
      .map(parseTableName)
      .find(
        (id) =>
          isTableUsed(d.config, id) &&
          !openNames.includes(id) &&
          id !== denied &&
          id !== scratch.tableId &&
          id !== BT07 &&
          id !== BT08,
      ) ?? null;
  const c = d.codes;
  const facts: ModelFacts = {
    tables: { open, keyed, denied, scratch, scratchOpen: openNames.includes(scratch.tableId) },
    codes: {
      isss: codesNamed(p.expect.outOfSequence, "expect.outOfSequence"),
      isc: c.insufficientKey,
      wrongPassword: codesNamed(p.expect.wrongPassword, "expect.wrongPassword"),
      repeatedPsn: c.repeatedProcedureSequence,
      procedureWrite: c.procedureWrite,
    },
    repeatedPsnRefused: optionSupport("9.13/repeated-sequence-refused", device.config.pics).supported,
    unknownProcedure: anUndeclaredManufacturerProcedure(d.config),
    order: d.config.dataOrder,
    window: p.mep.sequenceWindow,
    keys: { master: keyFor(p, "master"), reader: keyFor(p, "reader"), wrong: WRONG_KEY },
    basicKey: keyFor(p, "mepBasic") !== null,
  };
  return { facts, scratch };
}

export const sessionModelCampaign: Campaign<ModelContext, ModelCase> = {
  name: "session-model",
  title:
    "Model-based sequences of logon, security, reads, writes, procedures, logoff, key changes and sequence numbers",
  clauses: ["9.7", "9.9"],
  links: ["optical", "mep"],
  role: "master",
  async prepare(device) {
    if (device.link === "plc")
      throw new NotApplicable(
        "the session model covers the optical port's service sequence and MEP's keys; PLC has one key and no service sequence",
      );
    const { facts, scratch } = await modelFacts(device);
    return { link: device.link, facts, scratchNow: scratch.saved.slice(), saved: scratch };
  },
  arbitrary(ctx): fc.Arbitrary<ModelCase> {
    if (ctx.link === "optical") {
      return fc
        .tuple(fc.boolean(), fc.commands([arbOpticalSpec.map(opticalCommand)], { maxCommands: MAX_COMMANDS }))
        .map(([opened, commands]) => ({
          link: "optical" as const,
          opened,
          commands: commands as Iterable<AnyCommand>,
        }));
    }
    return fc
      .commands([arbSecuredSpec(ctx.facts.window).map(securedCommand)], { maxCommands: MAX_COMMANDS })
      .map((commands) => ({ link: "mep" as const, opened: false, commands: commands as Iterable<AnyCommand> }));
  },
  async run(c, ctx, device, log) {
    const facts = ctx.facts;
    let model: OpticalModel | SecuredModel;
    let session: unknown;
    if (c.link === "optical") {
      const bare = await device.bareOptical();
      const master = facts.keys.master;
      if (c.opened && master !== null) await bare.open(master);
      session = bare;
      model = {
        state: c.opened && master !== null ? "session" : "base",
        level: c.opened && master !== null ? "master" : "none",
        scratch: ctx.scratchNow.slice(),
        psn: null,
      };
    } else {
      const s = (await device.session("master")).secured;
      if (s === null) throw new Inconclusive("no MEP session");
      // One served request first, so that the session knows the device's sequence number.
      await s.readPartial(facts.tables.open, 0, 1);
      session = s;
      model = { role: "advanced", scratch: ctx.scratchNow.slice(), psn: null };
    }
    try {
      await fc.asyncModelRun(
        () => ({ model, real: { session, facts, log, pixit: device.pixit } as never }),
        c.commands,
      );
      ctx.scratchNow = model.scratch;
      return null;
    } catch (e) {
      if (e instanceof ModelViolation) return e.message;
      throw e;
    } finally {
      if (c.link === "optical") await device.closeSession();
    }
  },
  describe: (c) => ({
    hex: "",
    decoded: `${c.opened ? "[in a master-key session] " : ""}${ranCommands(c).map(String).join(", ") || "(no command)"}`,
  }),
  toJson: (c) => ({
    link: c.link,
    opened: c.opened,
    commands: ranCommands(c).map((x) => (x as unknown as { spec: unknown }).spec),
  }),
  fromJson(json) {
    const j = json as { link: "optical" | "mep"; opened: boolean; commands: unknown[] };
    const commands =
      j.link === "optical"
        ? j.commands.map((s) => opticalCommand(s as OpticalSpec))
        : j.commands.map((s) => securedCommand(s as SecuredSpec));
    return { link: j.link, opened: j.opened, commands: commands as unknown as Iterable<AnyCommand> };
  },
  async finish(ctx, device) {
    const s = ctx.saved;
    const client = (await device.session("master")).client;
    const now = await client.readPartial(s.tableId, 0, s.saved.length);
    if ("data" in now && bytesEqual(now.data, s.saved)) return;
    await client.writePartial(s.tableId, s.offset, s.saved.subarray(s.offset, s.offset + s.length));
  },
};

/**
 * The commands of a case that ran, unwrapped: fast-check wraps each command to flag the ones a run
 * reached, and the rest of a failing sequence is not part of the counterexample. A sequence that
 * has not run (or comes from a fixture, unwrapped) counts whole.
 */
function ranCommands(c: ModelCase): AnyCommand[] {
  const items = [...c.commands].map((w) => {
    const wrapped = w as unknown as { cmd?: AnyCommand; hasRan?: boolean };
    return { cmd: wrapped.cmd ?? w, ran: wrapped.hasRan ?? true };
  });
  const ran = items.filter((i) => i.ran);
  return (ran.length > 0 ? ran : items).map((i) => i.cmd);
}

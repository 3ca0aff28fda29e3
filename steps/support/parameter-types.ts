import { defineParameterType } from "@cucumber/cucumber";
import { parseTableName } from "../../harness/protocol/table-id";
import { CONTROL_PROCEDURES, namePattern, PIXIT_EXPECTATIONS, PIXIT_LISTS, quotedNamePattern } from "./pixit-names";

/** {table}: BT01, ET03, pending BT54 -> the numeric table id. */
defineParameterType({ name: "table", regexp: /(?:pending )?[BE]T\d{1,4}/, transformer: parseTableName });

/** {role}: the key a session logs on with. */
defineParameterType({ name: "role", regexp: /master|provisioning|reader/, transformer: (s: string) => s });

/**
 * {securedRole}: the key a secured session protects its requests
 * with (MEP: MAK advanced, MBK basic; PLC: the OMAK, advanced).
 */
defineParameterType({ name: "securedRole", regexp: /advanced|basic/, transformer: (s: string) => s });

/** {pixitExpectation}: "insufficientKey" -> the PIXIT's expect.insufficientKey, by its short name. */
defineParameterType({
  name: "pixitExpectation",
  regexp: quotedNamePattern(PIXIT_EXPECTATIONS),
  transformer: (s: string) => s,
  useForSnippets: false,
});

/** {pixitList}: "control.rejectedValue" -> the path of a PIXIT item that lists codes or results. */
defineParameterType({
  name: "pixitList",
  regexp: quotedNamePattern(PIXIT_LISTS),
  transformer: (s: string) => s,
  useForSnippets: false,
});

/** {controlProcedure}: relay -> the control function whose procedure the PIXIT names (control.relayProcedure). */
defineParameterType({
  name: "controlProcedure",
  regexp: namePattern(CONTROL_PROCEDURES),
  transformer: (s: string) => s,
  useForSnippets: false,
});

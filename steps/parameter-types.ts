import { defineParameterType } from "@cucumber/cucumber";
import { parseTableName } from "../harness/protocol/table-id";

/** {table}: BT01, ET03, pending BT54 -> the numeric table id. */
defineParameterType({ name: "table", regexp: /(?:pending )?[BE]T\d{1,4}/, transformer: parseTableName });

/** {role}: the key a session logs on with. */
defineParameterType({ name: "role", regexp: /master|provisioning|reader/, transformer: (s: string) => s });

/** {securedRole}: the key a secured session protects its requests with (MEP: MAK advanced, MBK basic; PLC: the OMAK, advanced). */
defineParameterType({ name: "securedRole", regexp: /advanced|basic/, transformer: (s: string) => s });

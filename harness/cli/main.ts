import { OsgpError } from "../errors";
import { COMMANDS } from "./command-table";
import { commandUsage } from "./flags";
import { HARNESS_VERSION } from "../version";

const USAGE = `osgp-conformance ${HARNESS_VERSION}: conformance tests for OSGP (ETSI TS 104 001) meters

${[...COMMANDS.map((c) => c.usage), commandUsage({ name: "help", positionals: [], flags: {}, about: "this text (also --help)" })].join("\n")}`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help") {
    console.log(USAGE);
    return 0;
  }
  const command = COMMANDS.find((c) => c.names.includes(name));
  if (command === undefined) {
    console.error(`unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  return command.run(rest, name);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    // Typed errors carry their code and evidence (a usage error
    // exits 2); anything else is a harness bug and shows its stack.
    console.error(e instanceof OsgpError ? e.message : e);
    process.exit(e instanceof OsgpError ? 2 : 1);
  },
);

import { orList } from "../conformance/nearest-names";
import { PIXIT_ITEMS } from "../conformance/pixit";
import { meaningOf } from "../conformance/pixit-item";
import { parentItem, PICS_ITEMS, PICS_SOURCES, SIMULATOR_TRAITS, type PicsItem } from "../conformance/pics/pics-items";
import { DEFECTS } from "../simulator/defects";
import { defectMeaning } from "../simulator/defects/defect-info";

/**
 * The README's tables that restate a registry (PIXIT items, PICS items, defect profiles), each made
 * from it and kept between `<!-- generated: NAME -->` and `<!-- end generated -->`. `npm run docs`
 * rewrites them; test/readme-blocks.test.ts fails, naming the block, when the README is behind.
 */
export const README_BLOCKS: Readonly<Record<string, () => string>> = {
  pixit: () =>
    table(
      ["item", "default", "meaning [source]"],
      PIXIT_ITEMS.map((i) => [code(i.path), code(JSON.stringify(i.default)), meaningOf(i)]),
    ),
  pics: () =>
    table(
      ["item", "feature", "without a PICS file", "optional because", "the simulator has it with"],
      PICS_ITEMS.map((i) => [i.id, i.title, withoutPicsFile(i), PICS_SOURCES[i.source], simulatorSource(i)]),
    ),
  defects: () =>
    table(
      ["defect", "clause", "what the meter does wrong"],
      Object.entries(DEFECTS).map(([name, d]) => [code(name), d.clause, defectMeaning(d)]),
    ),
};

export const END_MARKER = "<!-- end generated -->";

export function startMarker(name: string): string {
  return `<!-- generated: ${name} -->`;
}

/** The text between a block's markers, as the generator writes it (a blank line either side). */
export function blockOf(readme: string, name: string): string {
  const { from, to } = bounds(readme, name);
  return readme.slice(from, to);
}

/** The README with every block as its registry makes it, and the names of those that changed. */
export function withGeneratedBlocks(readme: string): { readonly text: string; readonly changed: readonly string[] } {
  let text = readme;
  const changed: string[] = [];
  for (const [name, generate] of Object.entries(README_BLOCKS)) {
    const { from, to } = bounds(text, name);
    const body = framed(generate());
    if (text.slice(from, to) === body) continue;
    text = text.slice(0, from) + body + text.slice(to);
    changed.push(name);
  }
  return { text, changed };
}

export function framed(markdown: string): string {
  return `\n\n${markdown}\n\n`;
}

function bounds(readme: string, name: string): { from: number; to: number } {
  const start = startMarker(name);
  const at = readme.indexOf(start);
  if (at < 0) throw new Error(`README.md has no block "${name}": put ${start} ... ${END_MARKER} where its table goes`);
  if (readme.indexOf(start, at + 1) >= 0) throw new Error(`README.md has the block "${name}" twice`);
  const from = at + start.length;
  const to = readme.indexOf(END_MARKER, from);
  if (to < 0) throw new Error(`README.md's block "${name}" has no ${END_MARKER}`);
  return { from, to };
}

function withoutPicsFile(item: PicsItem): string {
  if (item.assumed !== undefined) return `assumed ${item.assumed ? "present" : "absent"}`;
  for (let i: PicsItem | undefined = item; i !== undefined; i = parentItem(i.id)) {
    const evidence = [...(i.tables ?? []), ...(i.procedures ?? [])];
    if (evidence.length > 0) return i === item ? `BT00 declares ${orList(evidence)}` : `as ${i.id}`;
  }
  return "taken as absent";
}

function simulatorSource(item: PicsItem): string {
  return item.simulator in SIMULATOR_TRAITS
    ? SIMULATOR_TRAITS[item.simulator as keyof typeof SIMULATOR_TRAITS]
    : `profile function ${code(item.simulator)}`;
}

function code(text: string): string {
  return "`" + text + "`";
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`;
  return [line(head), `|${head.map(() => "---").join("|")}|`, ...rows.map(line)].join("\n");
}

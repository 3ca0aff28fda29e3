import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  blockOf,
  END_MARKER,
  framed,
  README_BLOCKS,
  startMarker,
  withGeneratedBlocks,
} from "../harness/docs/readme-blocks";

const README = readFileSync(join(__dirname, "..", "README.md"), "utf8");

for (const [name, generate] of Object.entries(README_BLOCKS)) {
  test(`the README's "${name}" block is what its registry generates`, () => {
    assert.ok(
      blockOf(README, name) === framed(generate()),
      `README.md's generated block "${name}" differs from its registry: run npm run docs`,
    );
  });
}

test("the PIXIT, PICS and defect tables have generated blocks", () => {
  assert.deepEqual(Object.keys(README_BLOCKS), ["pixit", "pics", "defects"]);
  assert.match(
    blockOf(README, "pixit"),
    /^\n\n\| item \| default \| meaning \[source\] \|\n\|---\|---\|---\|\n\| `serial\.path` \| `""` \| serial device of the optical probe/,
  );
  assert.match(
    blockOf(README, "pics"),
    /\n\| 8\.9\.2 \| Display configuration \| as 8\.9 \| marked \(optional\) in the table of contents \| profile function `display` \|\n/,
  );
  assert.match(
    blockOf(README, "defects"),
    /\n\| `bad-crc-acked` \| 9\.1 \| a packet with a bad CRC is ACKed \(and dropped\) instead of NAKed \(shown over a pty\) \|\n/,
  );
});

test("a stale block is rewritten and named; the text around it is left as it was", () => {
  const blocks = Object.keys(README_BLOCKS).map(
    (name) => `${startMarker(name)}${framed(README_BLOCKS[name]!())}${END_MARKER}`,
  );
  const stale = `# t\n\nbefore\n${blocks[0]}\nmiddle\n${startMarker("pics")}\n| old |\n${END_MARKER}\nafter\n${blocks[2]}\n`;
  const { text, changed } = withGeneratedBlocks(stale);
  assert.deepEqual(changed, ["pics"]);
  assert.equal(text, `# t\n\nbefore\n${blocks[0]}\nmiddle\n${blocks[1]}\nafter\n${blocks[2]}\n`);
  assert.deepEqual(withGeneratedBlocks(text).changed, []);
});

test("a missing, doubled or unterminated block is an error naming it", () => {
  assert.throws(() => withGeneratedBlocks("no blocks here"), /README\.md has no block "pixit"/);
  const pixit = `${startMarker("pixit")}${END_MARKER}`;
  assert.throws(() => blockOf(`${pixit}\n${pixit}`, "pixit"), /block "pixit" twice/);
  assert.throws(() => blockOf(startMarker("pics"), "pics"), /block "pics" has no <!-- end generated -->/);
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";

/** The fuzz features run under the fuzz profile only: the normal runs stay fast and deterministic. */
const CUCUMBER = join(__dirname, "..", "..", "cucumber.js");

function profiles(target: string): Record<string, { tags: string }> {
  const saved = process.env.OSGP_TARGET;
  process.env.OSGP_TARGET = target;
  delete require.cache[require.resolve(CUCUMBER)];
  try {
    return require(CUCUMBER) as Record<string, { tags: string }>;
  } finally {
    if (saved === undefined) delete process.env.OSGP_TARGET;
    else process.env.OSGP_TARGET = saved;
    delete require.cache[require.resolve(CUCUMBER)];
  }
}

test("the default, optical, MEP and PLC profiles leave the @fuzz features out", () => {
  const p = profiles("sim");
  for (const name of ["default", "optical", "mep", "plc"]) assert.match(p[name]?.tags ?? "", /and not @fuzz$/, name);
});

test("the fuzz profile runs the @fuzz features of the target's link", () => {
  assert.equal(profiles("sim").fuzz?.tags, "@fuzz and @optical");
  assert.equal(profiles("sim-mep:aes").fuzz?.tags, "@fuzz and @mep");
  assert.equal(profiles("plc:10.0.0.2").fuzz?.tags, "@fuzz and @plc");
  assert.equal(profiles("optical:/dev/ttyUSB0").fuzz?.tags, "@fuzz and @optical");
});

test("each link's profile runs against OSGP_TARGET when it is of that link, else against the link's simulator", () => {
  const p = profiles("mep:/dev/ttyS3") as Record<string, { tags: string; worldParameters?: { target: string } }>;
  assert.equal(p.mep?.worldParameters?.target, "mep:/dev/ttyS3");
  assert.equal(p.optical?.worldParameters?.target, "sim");
  assert.equal(p.plc?.worldParameters?.target, "sim-plc");
  assert.equal(p.default?.tags, "@mep and not @fuzz", "default runs the target's own link's features");
  assert.equal(profiles("").default?.tags, "@optical and not @fuzz");
});

// The harness and its step definitions as one JavaScript file, for `osgp-conformance run` and the
// cucumber processes it starts. Through tsx, every process compiles each of some 550 TypeScript
// files on its own (tsx's cache spares the compiling, not the reading, the inline source maps or
// resolving each import): the catalogue's start-up on its four targets (`run ... --tags @nothing`)
// took 12.4 s of CPU time, and takes 8.2 s from the bundle. esbuild (the compiler tsx uses itself,
// with the same tsconfig.json) builds the bundle the first time a state of the sources is run, in
// well under a second, into node_modules/.cache/osgp-conformance/, named by a digest of every
// source file; a later run of the same sources loads it as it is. Its source map keeps stack
// traces, cucumber's step locations and the reports naming the TypeScript files and lines, as
// under tsx. Every other command, the tests and the scripts still run through tsx.
"use strict";
const { createHash } = require("node:crypto");
const {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} = require("node:fs");
const { dirname, join, relative, resolve } = require("node:path");
const { pathToFileURL } = require("node:url");

const ROOT = join(__dirname, "..", "..");
/** Where the source files are: the harness, and the step definitions cucumber.js loads (steps/**\/*.ts). */
const SOURCE_DIRS = ["harness", "steps"];
const SOURCE = /\.(ts|js|json)$/;
/** A bundle no run has used for this long goes when the next one is built. */
const UNUSED_MS = 24 * 3600 * 1000;

/** The files under `dir` whose name matches `pattern`, as absolute paths in code-unit order. */
function filesUnder(dir, pattern) {
  return readdirSync(dir, { recursive: true })
    .filter((f) => pattern.test(f))
    .map((f) => join(dir, f))
    .sort();
}

/**
 * The step definition files, in the order cucumber requires them: every steps/**\/*.ts (cucumber.js's
 * `require`), absolute paths sorted as cucumber sorts what its glob finds.
 */
function stepFiles(root) {
  return filesUnder(join(root, "steps"), /\.ts$/);
}

/** A digest of everything the bundle is made from: the sources, the compiler's settings and versions. */
function sourceDigest(root) {
  const hash = createHash("sha256");
  const esbuild = JSON.parse(readFileSync(require.resolve("esbuild/package.json"), "utf8")).version;
  hash.update(`${root}\0${process.versions.node}\0${esbuild}\0`);
  const files = [join(root, "tsconfig.json"), ...SOURCE_DIRS.flatMap((d) => filesUnder(join(root, d), SOURCE))];
  for (const f of files)
    hash
      .update(`${relative(root, f)}\0`)
      .update(readFileSync(f))
      .update("\0");
  return hash.digest("hex").slice(0, 20);
}

/**
 * What the bundle exports: each part is loaded when asked for, so the run command does not load
 * the step definitions, nor a cucumber process the command line.
 */
function entrySource(root) {
  const module = (file) => JSON.stringify(`./${relative(root, file).split("\\").join("/")}`);
  return [
    `exports.main = () => require("./harness/cli/main.ts");`,
    `exports.cucumberProfiles = () => require("./harness/conformance/cucumber-profiles.ts").cucumberProfiles;`,
    `exports.progressFormatter = () => require("./harness/report/progress-formatter.ts");`,
    `exports.allureFormatter = () => require("./harness/report/allure-formatter.ts");`,
    `exports.loadSteps = () => {`,
    ...stepFiles(root).map((f) => `  require(${module(f)});`),
    `};`,
  ].join("\n");
}

/**
 * A module's `__dirname` and `__filename` are its own source file's, as under tsx, not the bundle's:
 * the harness finds its package.json, the features and bin.js from them.
 */
const ownPaths = {
  name: "own-paths",
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      const text = readFileSync(args.path, "utf8");
      if (!/\b__(dirname|filename)\b/.test(text)) return undefined;
      const contents = text
        .replace(/\b__dirname\b/g, JSON.stringify(dirname(args.path)))
        .replace(/\b__filename\b/g, JSON.stringify(args.path));
      return { contents, loader: "ts" };
    });
  },
};

async function build(root, file) {
  const esbuild = require("esbuild");
  const out = await esbuild.build({
    stdin: { contents: entrySource(root), resolveDir: root, sourcefile: "harness-bundle-entry.js", loader: "js" },
    bundle: true,
    platform: "node",
    format: "cjs",
    // As tsx compiles: for the Node that runs it, and class and function names kept (errors are told apart by them).
    target: `node${process.versions.node}`,
    keepNames: true,
    minifyWhitespace: true,
    packages: "external",
    sourcemap: "linked",
    sourcesContent: false,
    outfile: file,
    write: false,
    plugins: [ownPaths],
    logLevel: "error",
  });
  await esbuild.stop();
  const [map, code] = [`${file}.map`, file].map((f) => out.outputFiles.find((o) => o.path === f));
  // The sources as absolute file URLs: Node finds them from where the map really is, which a
  // symbolic link to node_modules would put elsewhere.
  const sourceMap = JSON.parse(map.text);
  sourceMap.sources = sourceMap.sources.map((s) => pathToFileURL(resolve(dirname(file), s)).href);
  // Written under names of this process, then renamed, the map first: a bundle that is there is whole.
  for (const [path, contents] of [
    [map.path, JSON.stringify(sourceMap)],
    [code.path, code.contents],
  ]) {
    const partial = `${path}.${process.pid}.partial`;
    writeFileSync(partial, contents);
    renameSync(partial, path);
  }
}

/** The bundle of the sources as they are now under `root`, built if no run has built it yet. */
async function harnessBundle(root = ROOT, cache = join(root, "node_modules", ".cache", "osgp-conformance")) {
  const file = join(cache, `harness-${sourceDigest(root)}.js`);
  try {
    const now = new Date();
    utimesSync(file, now, now);
    return file;
  } catch {
    // Not built yet.
  }
  mkdirSync(cache, { recursive: true });
  for (const name of readdirSync(cache)) {
    const path = join(cache, name);
    // A map is as old as its bundle, once that is there (a run touches the bundle it loads). Another
    // run may be removing the same files.
    const modified = (f) => statSync(f, { throwIfNoEntry: false })?.mtimeMs;
    const at = (name.endsWith(".js.map") ? modified(path.slice(0, -".map".length)) : undefined) ?? modified(path);
    if (at !== undefined && Date.now() - at > UNUSED_MS) rmSync(path, { force: true });
  }
  await build(root, file);
  return file;
}

module.exports = { harnessBundle, stepFiles };

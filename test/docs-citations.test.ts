import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import ts from "typescript";

/**
 * Comments cite only what a reader of the repository can open: a file of the repository (a section
 * of a document by its heading), a file the harness writes, or a public source, by name or by a key
 * in brackets that the README or docs/ARCHITECTURE.md defines. The project's working notes live
 * outside the repository, so a comment that leans on them leaves the reader with nothing. Each rule
 * matches one shape a citation takes, narrow enough not to fire on ordinary words.
 */
const ROOT = join(__dirname, "..");
/** Where the project's own code is: its folders, and cucumber's configuration. */
const SCANNED = ["harness/", "steps/", "test/", "cucumber.js"];
/** Folders that are not the repository's own files: installed packages, run output. */
const NOT_OURS = new Set(["node_modules", ".git", "reports"]);

/** Public sources by key ([ESP] osgp_mbus.cpp); each is defined in the README or docs/ARCHITECTURE.md. */
const PUBLIC_SOURCE_KEYS: readonly string[] = ["ESP", "MEP", "OPG", "C12.18", "C12.19"];

interface RepositoryFacts {
  /** A path (from the root) or a bare file name of the repository. */
  hasFile(name: string): boolean;
  /** A name some string of the harness or its tools holds: a file it writes (summary.md). */
  writes(name: string): boolean;
  /** The headings of a document of the repository, by its name without `.md`; null when there is none. */
  headingsOf(document: string): readonly string[] | null;
}

interface Rule {
  readonly pattern: RegExp;
  problem(m: RegExpExecArray, repo: RepositoryFacts): string | null;
}

const RULES: readonly Rule[] = [
  { pattern: /\.\.\/shared\b/g, problem: (m) => `${m[0]}: a folder outside the repository` },
  {
    pattern: /\b(?:OSGP-REFERENCE|TOOLCHAIN|EXAMPLES|DEVELOPERS)\b/g,
    problem: (m) => `${m[0]}: the project's notes, which are not in the repository`,
  },
  {
    pattern: /\(issue #?\d+\)|\bissue #\d+|\bof issue \d+\b/g,
    problem: (m) => `"${m[0]}": an issue tracker entry, which is not in the repository`,
  },
  {
    pattern: /\bthe brief\b(?![ \t]+[a-z])|\bthe reference's\b/g,
    problem: (m) => `"${m[0]}": the project's notes by a nickname`,
  },
  {
    pattern: /[\w./-]*[A-Za-z0-9]\.(?:md|pdf|txt|rst|adoc|docx?)\b/g,
    problem: (m, repo) =>
      repo.hasFile(m[0]) || repo.writes(m[0])
        ? null
        : `${m[0]}: no such file in the repository, and nothing here writes one`,
  },
  {
    // Six letters at least: a document's name (README), not a protocol's acronym (MAK "...").
    pattern:
      /\b(?=(?:[A-Z]-?){6})([A-Z]{2,}(?:-[A-Z]{2,})*)(?:\.md)?(?:'s)?[ \t]+(?:"([^"\n]+)"|(?:traps?|open questions?|sections?)[ \t]+\d|§[ \t]*\d)/g,
    problem: (m, repo) => {
      const name = m[1] as string;
      const headings = repo.headingsOf(name);
      if (headings === null) return `${name}: no such document in the repository`;
      const title = m[2];
      return title === undefined || headings.some((h) => h.toLowerCase().includes(title.toLowerCase()))
        ? null
        : `${name} has no section "${title}"`;
    },
  },
  {
    pattern: /(?<![\w\]])\[([A-Z][A-Za-z0-9.+-]*(?:, ?[A-Z][A-Za-z0-9.+-]*)*)\]/g,
    problem: (m) => {
      const unknown = (m[1] as string).split(/, ?/).filter((k) => !PUBLIC_SOURCE_KEYS.includes(k));
      return unknown.length === 0
        ? null
        : `[${unknown.join(", ")}]: a source key that neither the README nor docs/ARCHITECTURE.md defines`;
    },
  },
];

/** What each citation of a comment lacks; a citation two rules recognise is named once, by the first. */
function citationProblems(comment: string, repo: RepositoryFacts): { readonly at: number; readonly problem: string }[] {
  const found = new Map<number, string>();
  for (const rule of RULES) {
    for (const m of comment.matchAll(rule.pattern)) {
      const problem = rule.problem(m as RegExpExecArray, repo);
      if (problem !== null && !found.has(m.index ?? 0)) found.set(m.index ?? 0, problem);
    }
  }
  return [...found].map(([at, problem]) => ({ at, problem }));
}

const K = ts.SyntaxKind;
/** Tokens after which a `/` divides; anywhere else it opens a regular expression. */
const ENDS_OPERAND = new Set<ts.SyntaxKind>([
  K.Identifier,
  K.PrivateIdentifier,
  K.NumericLiteral,
  K.BigIntLiteral,
  K.StringLiteral,
  K.NoSubstitutionTemplateLiteral,
  K.TemplateTail,
  K.RegularExpressionLiteral,
  K.CloseParenToken,
  K.CloseBracketToken,
  K.CloseBraceToken,
  K.PlusPlusToken,
  K.MinusMinusToken,
  K.ThisKeyword,
  K.SuperKeyword,
  K.TrueKeyword,
  K.FalseKeyword,
  K.NullKeyword,
]);
const STRINGS = new Set<ts.SyntaxKind>([
  K.StringLiteral,
  K.NoSubstitutionTemplateLiteral,
  K.TemplateHead,
  K.TemplateMiddle,
  K.TemplateTail,
]);

/**
 * The comments of a source file and the text of its strings, by TypeScript's own scanner (a full
 * parse of every file costs five times as long). The scanner cannot tell a regular expression from
 * a division, nor the end of a `${...}` from a block's, without the token before: both are decided here.
 */
function lex(text: string): {
  readonly comments: { readonly at: number; readonly text: string }[];
  readonly strings: string[];
} {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  const comments: { at: number; text: string }[] = [];
  const strings: string[] = [];
  const openBraces: number[] = [];
  let previous: ts.SyntaxKind = K.Unknown;
  for (let t = scanner.scan(); t !== K.EndOfFileToken; t = scanner.scan()) {
    if (t === K.SingleLineCommentTrivia || t === K.MultiLineCommentTrivia) {
      comments.push({ at: scanner.getTokenStart(), text: scanner.getTokenText() });
      continue;
    }
    if (t === K.WhitespaceTrivia || t === K.NewLineTrivia || t === K.ShebangTrivia || t === K.ConflictMarkerTrivia)
      continue;
    if ((t === K.SlashToken || t === K.SlashEqualsToken) && !ENDS_OPERAND.has(previous)) t = scanner.reScanSlashToken();
    else if (t === K.TemplateHead) openBraces.push(0);
    else if (t === K.OpenBraceToken && openBraces.length > 0) openBraces.push((openBraces.pop() as number) + 1);
    else if (t === K.CloseBraceToken && openBraces.length > 0) {
      const depth = openBraces.pop() as number;
      if (depth > 0) openBraces.push(depth - 1);
      else if ((t = scanner.reScanTemplateToken(false)) === K.TemplateMiddle) openBraces.push(0);
    }
    if (STRINGS.has(t)) strings.push(scanner.getTokenValue());
    previous = t;
  }
  return { comments, strings };
}

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    if (NOT_OURS.has(e.name)) return [];
    const path = dir === "" ? e.name : `${dir}/${e.name}`;
    return e.isDirectory() ? filesUnder(path) : [path];
  });
}

function headingsIn(path: string): string[] {
  return readFileSync(join(ROOT, path), "utf8")
    .split("\n")
    .filter((l) => /^#{1,6} /.test(l))
    .map((l) => l.replace(/^#+ /, ""));
}

const FILES = filesUnder("");
const SOURCES = FILES.filter((f) => SCANNED.some((s) => f.startsWith(s)) && /\.(ts|js)$/.test(f));
const LEXED = new Map(SOURCES.map((f) => [f, lex(readFileSync(join(ROOT, f), "utf8"))]));
/** Strings of the harness and its tools, not of the tests: a test's sample text names no file. */
const WRITTEN = [...LEXED].filter(([f]) => !f.endsWith(".test.ts")).flatMap(([, l]) => l.strings);
const BASENAMES = new Set(FILES.map((f) => basename(f)));

const REPOSITORY: RepositoryFacts = {
  hasFile: (name) => (name.includes("/") ? FILES.includes(name.replace(/^\.\//, "")) : BASENAMES.has(name)),
  writes: (name) => WRITTEN.some((s) => s.includes(basename(name))),
  headingsOf: (document) => {
    const path = [`${document}.md`, `docs/${document}.md`].find((p) => FILES.includes(p));
    return path === undefined ? null : headingsIn(path);
  },
};

test("every comment in harness/, steps/, test/ and cucumber.js cites only the repository or a public source", () => {
  const problems: string[] = [];
  for (const [file, { comments }] of LEXED) {
    const text = readFileSync(join(ROOT, file), "utf8");
    for (const c of comments) {
      for (const p of citationProblems(c.text, REPOSITORY))
        problems.push(`${file}:${text.slice(0, c.at + p.at).split("\n").length}: ${p.problem}`);
    }
  }
  assert.deepEqual(
    problems,
    [],
    `rewrite these comments to stand alone or to cite the public document by its name:\n${problems.join("\n")}`,
  );
});

test("no source file reaches outside the repository, in a comment or in its code", () => {
  const outside = SOURCES.filter((f) => /\.\.\/shared\b/.test(readFileSync(join(ROOT, f), "utf8")));
  assert.deepEqual(outside, []);
});

test("each public source key is defined in the README or docs/ARCHITECTURE.md", () => {
  const docs =
    readFileSync(join(ROOT, "README.md"), "utf8") + readFileSync(join(ROOT, "docs", "ARCHITECTURE.md"), "utf8");
  for (const key of PUBLIC_SOURCE_KEYS) assert.ok(docs.includes(`[${key}]`), key);
});

/** A repository of a README with two sections, docs/ARCHITECTURE.md, and a harness that writes summary.md. */
const SAMPLE_REPOSITORY: RepositoryFacts = {
  hasFile: (name) => ["README.md", "docs/ARCHITECTURE.md", "ARCHITECTURE.md", "hex.ts"].includes(name),
  writes: (name) => "reports/summary.md".includes(name),
  headingsOf: (document) =>
    ({ README: ["Verdicts", "Run it against your meter"], ARCHITECTURE: ["Layers", "The link contract"] })[document] ??
    null,
};

test("a comment that leans on notes, issues or files outside the repository is named, with what it cites", () => {
  const cases: [string, string][] = [
    ["// Only one formatter may own stdout (TOOLCHAIN trap 2).", "TOOLCHAIN"],
    ['/** Layout from packet-lon.c (OSGP-REFERENCE "Link layer C"). */', "OSGP-REFERENCE"],
    ["// see NOTES.md for the history", "NOTES.md"],
    ["// the timings (design/TIMINGS.md)", "design/TIMINGS.md"],
    ['// as README "What the spec leaves open" says', 'README has no section "What the spec leaves open"'],
    ["// PLAYBOOK section 4 explains why", "PLAYBOOK: no such document"],
    ["// The defects of malformed input (issue 6): crashes", "issue 6"],
    ["// the clock technique of the brief: set it, wait, read", "the brief"],
    ["// 84 bytes in the reference's slides", "the reference's"],
    // In parts, so that this file does not itself hold the path its second test looks for.
    [`// read from ${["..", "shared", "spec"].join("/")}`, "shared"],
    ["// PLC limits [JN-slides]", "[JN-slides]"],
    ["// field widths [ESP, WS-LON]", "[WS-LON]"],
  ];
  for (const [comment, cited] of cases) {
    const problems = citationProblems(comment, SAMPLE_REPOSITORY);
    assert.equal(problems.length, 1, `${comment}: ${JSON.stringify(problems)}`);
    assert.ok(problems[0]?.problem.includes(cited), `${comment}: ${problems[0]?.problem}`);
  }
});

test("ordinary words, public documents, the repository's files and what the harness writes are left alone", () => {
  const comments = [
    "// ETSI TS 104 001 clause 9.3; ANSI C12.19 table 21; ISO/IEC 14908-1; EN 13757-3; RFC 1071 section 3",
    '// the rule of the README "Verdicts" section; docs/ARCHITECTURE.md "The link contract"',
    "// see ARCHITECTURE.md; lower-case as in hex.ts",
    "// writes summary.md beside summary.json",
    "// as the client reads them ([ESP] osgp_mbus.cpp); bytes 0-8 [OPG]; [MEP, OPG]; 2000 ms [C12.18]",
    "//   COINCIDENT_SELECT ARRAY[NBR_COIN_VALUES] OF UINT8; usage: request-count.ts DIR [BEFORE_DIR]",
    "// the brief gap between two segments; the harness may issue 3 requests; the issue is the port",
    '// the reference meter\'s clock; the reference profile; the MAK "MAK-OSGP-SIM-KEY"',
    "// PROVISIONAL (ours); INCONCLUSIVE, not FAIL; OSGP-AES-128-PSK 7.4",
  ];
  for (const c of comments) assert.deepEqual(citationProblems(c, SAMPLE_REPOSITORY), [], c);
});

test("comments are found wherever the language puts them, and never inside a string, template or regular expression", () => {
  const source = [
    'const a = "// not a comment"; // one',
    "const r = /\\/\\/ nor this/g.test(a) ? 1 / 2 : 3; /* two */",
    "const t = `x ${a + `// inner ${r}`} /* not */`; // three",
    "const o = { k: 1 }; /** four */",
    "",
  ].join("\n");
  const { comments, strings } = lex(source);
  assert.deepEqual(
    comments.map((c) => c.text),
    ["// one", "/* two */", "// three", "/** four */"],
  );
  assert.ok(strings.includes("// not a comment"));
});

// Times PostHog's reference parser (@posthog/hogql-parser, WebAssembly) on the same inputs as
// bench_hogql_parse, in the same run. Prints `name: value unit` lines the C++ bench reads back.
// Usage: node reference_parse.mjs CORPUS.jsonl ROUNDS SCRIPT_FILE
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// the package is installed (pinned by its lockfile) under tests/conformance
const require = createRequire(join(here, '..', '..', 'conformance', 'package.json'));
const { default: createHogQLParser } = await import(require.resolve('@posthog/hogql-parser'));
const parser = await createHogQLParser();

const [corpusPath, roundsText, scriptPath] = process.argv.slice(2);
const rounds = Number(roundsText ?? 3);
const cases = readFileSync(corpusPath, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const parseOne = (c) => {
  try {
    return c.kind === 'expr' ? parser.parseExpr(c.query) : parser.parseSelect(c.query);
  } catch (e) {
    return String(e);
  }
};
for (const c of cases) parseOne(c); // warm-up (JIT, wasm tiering)
let sink = 0;
const t0 = process.hrtime.bigint();
for (let r = 0; r < rounds; ++r) for (const c of cases) sink += parseOne(c).length;
const corpusMs = Number(process.hrtime.bigint() - t0) / 1e6 / rounds;
console.log(`reference_corpus_round: ${corpusMs.toFixed(3)} ms`);

if (scriptPath) {
  const statements = readFileSync(scriptPath, 'utf8').split(';\n').filter((s) => s.trim());
  for (const s of statements.slice(0, 50)) parseOne({ kind: 'select', query: s });
  const t1 = process.hrtime.bigint();
  for (const s of statements) sink += parseOne({ kind: 'select', query: s }).length;
  console.log(`reference_script: ${(Number(process.hrtime.bigint() - t1) / 1e6).toFixed(3)} ms`);
}
if (sink === 0) process.exit(1);

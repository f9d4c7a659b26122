// Conformance suite: runs `hogql parse --batch` and PostHog's reference parser (@posthog/hogql-parser)
// on every case of corpus.jsonl and compares the verdict (AST or syntax error), the AST exactly, and
// for errors that both start inside the same token. Cases listed in known_differences.json are
// reported but do not fail the run; each entry says why the difference is accepted.
//
// Usage: node run_conformance.mjs <path-to-hogql> [--verbose]

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import createHogQLParser from '@posthog/hogql-parser';

const here = dirname(fileURLToPath(import.meta.url));
const tool = process.argv[2];
const verbose = process.argv.includes('--verbose');
if (!tool) {
  console.error('usage: node run_conformance.mjs <path-to-hogql> [--verbose]');
  process.exit(2);
}

const corpusText = readFileSync(join(here, 'corpus.jsonl'), 'utf8');
const cases = corpusText.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const known = JSON.parse(readFileSync(join(here, 'known_differences.json'), 'utf8'));

const t0 = process.hrtime.bigint();
const run = spawnSync(tool, ['parse', '--batch'], { input: corpusText, maxBuffer: 1 << 30 });
const toolMs = Number(process.hrtime.bigint() - t0) / 1e6;
if (run.status === null || run.error) {
  console.error('failed to run', tool, run.error ?? run.signal);
  process.exit(2);
}
const ours = new Map();
for (const line of run.stdout.toString('utf8').split('\n')) {
  if (!line.trim()) continue;
  const r = JSON.parse(line);
  ours.set(r.id, r);
}

const parser = await createHogQLParser();
const t1 = process.hrtime.bigint();
const theirs = new Map();
for (const c of cases) {
  const raw = c.kind === 'expr' ? parser.parseExpr(c.query) : parser.parseSelect(c.query);
  theirs.set(c.id, JSON.parse(raw));
}
const refMs = Number(process.hrtime.bigint() - t1) / 1e6;

// Code-point spans of the tokens of `text` (a coarse tokenizer: enough to tell tokens apart).
function tokenSpans(text) {
  const cps = Array.from(text);
  const s = cps.join('');
  const spans = [];
  const re = /[A-Za-z_$][A-Za-z0-9_$]*|[0-9][0-9A-Za-z_.]*|'(?:[^'\\]|\\.|'')*'?|`(?:[^`\\]|\\.|``)*`?|"(?:[^"\\]|\\.|"")*"?|=~\*|!~\*|->|:=|::|\|\||==|!=|<>|<=|>=|=~|!~|~\*|\?\?|\?\.|\S/gu;
  let m;
  while ((m = re.exec(s)) !== null) {
    const start = Array.from(s.slice(0, m.index)).length;
    spans.push([start, start + Array.from(m[0]).length]);
  }
  return spans;
}
function sameToken(text, a, b) {
  if (a === b) return true;
  for (const [s, e] of tokenSpans(text)) {
    const ina = a >= s && a < e;
    const inb = b >= s && b < e;
    if (ina || inb) return ina && inb;
  }
  const n = Array.from(text).length;
  return a >= n && b >= n;
}

let agree = 0;
let knownCount = 0;
const failures = [];
const nowAgree = [];
for (const c of cases) {
  const o = ours.get(c.id);
  const t = theirs.get(c.id);
  let problem = null;
  if (!o) problem = 'no output from hogql';
  else if (t.error && !o.error) problem = `reference rejects (${t.message}), hogql accepts`;
  else if (!t.error && o.error) problem = `reference accepts, hogql rejects (${o.error.message})`;
  else if (t.error) {
    if (!sameToken(c.query, o.error.start.offset, t.start.offset))
      problem = `error positions differ: hogql ${o.error.start.offset}, reference ${t.start.offset}`;
  } else if (!isDeepStrictEqual(o.ast, t)) {
    problem = 'ASTs differ';
  }
  if (!problem) {
    agree++;
    if (known[c.id]) nowAgree.push(c.id);
    continue;
  }
  if (known[c.id]) {
    knownCount++;
    if (verbose) console.log(`known ${c.id}: ${known[c.id]}`);
    continue;
  }
  failures.push({ id: c.id, query: c.query, problem, ours: o, theirs: t });
}

for (const f of failures) {
  console.log(`FAIL ${f.id} [${JSON.stringify(f.query)}]: ${f.problem}`);
  if (verbose) {
    console.log('  hogql:    ', JSON.stringify(f.ours?.ast ?? f.ours?.error));
    console.log('  reference:', JSON.stringify(f.theirs));
  }
}
for (const id of nowAgree) console.log(`note: known difference ${id} now agrees; remove it from known_differences.json`);
console.log(`cases: ${cases.length} count`);
console.log(`agree: ${agree} count`);
console.log(`known_differences: ${knownCount} count`);
console.log(`failures: ${failures.length} count`);
console.log(`hogql_batch_time: ${toolMs.toFixed(1)} ms`);
console.log(`reference_time: ${refMs.toFixed(1)} ms`);
console.log(`ratio reference/hogql: ${(refMs / toolMs).toFixed(2)}`);
process.exit(failures.length ? 1 : 0);

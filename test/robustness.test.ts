/**
 * Never crash on bad input: fixture repositories with random damage (tokens of the file kinds inserted,
 * spans deleted) must lint to well-formed findings, without an exception, without a parser failing (the
 * parsers turn their own failures into findings) and without a Node warning.
 * Then generated hostile projects: layouts (build contexts at the root, nested, beside and outside the
 * project; symlinks in and out; FIFOs; include and extends graphs), damaged contents and resource-exhaustion
 * shapes, each linted and fixed to a fixpoint without touching anything outside the project.
 * Seeded, so a failure reproduces.
 */
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { lint } from '../src/lint.js';
import { checkCase, fuzzCase, materialize, random } from './helpers/fuzz-cases.js';
import { tempTree } from './helpers/tmp.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');
const LINTED = /(?:^|\.)(?:Dockerfile|dockerfile)(?:\.|$)|^Dockerfile|compose.*\.ya?ml$|\.sh$|\.dockerignore$|^\.env/;
const DAMAGE = ['\n', '\\', '"', "'", '${', '}', '<<EOF', '[', ']', '--mount=', '&&', '|', ';', '\t', '#', ':', '- ', '*', '!', '\u0000', '\uFEFF', 'FROM', 'RUN', ' AS ', 'é', '? [a]\n: b'];

function fixtureFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return fixtureFiles(file);
    return LINTED.test(name) ? [file] : [];
  });
}

let warnings: string[] = [];
const onWarning = (warning: Error): void => {
  warnings.push(warning.message);
};
beforeEach(() => {
  warnings = [];
  process.on('warning', onWarning);
});
afterEach(() => {
  process.off('warning', onWarning);
});

const files = fixtureFiles(FIXTURES);

it.each(Array.from({ length: 40 }, (_, index) => index + 1))('lints damaged project #%i without a crash', async (seed) => {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const tree: Record<string, string> = {};
  for (let index = 0; index < 4; index++) {
    const file = pick(files);
    let text = readFileSync(file, 'utf8');
    for (let edit = 0; edit < 1 + Math.floor(next() * 6); edit++) {
      const at = Math.floor(next() * (text.length + 1));
      text = next() < 0.5 ? text.slice(0, at) + pick(DAMAGE) + text.slice(at) : text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 10));
    }
    tree[`part${index}/${path.basename(file)}`] = text;
  }
  const root = tempTree(tree);
  mkdirSync(path.join(root, '.git'));
  const { findings } = await lint({ cwd: root });
  for (const finding of findings) {
    expect(finding.line).toBeGreaterThanOrEqual(1);
    expect(finding.column).toBeGreaterThanOrEqual(1);
    expect(finding.endLine * 1e6 + finding.endColumn).toBeGreaterThanOrEqual(finding.line * 1e6 + finding.column);
    expect(finding.message).not.toMatch(/\{\{|undefined|NaN|\[object Object\]/);
    // The parsers contain their own failures as findings; these say a parser broke, not the file.
    expect(finding.message).not.toMatch(/cannot read the compose file|shell parser failed|internal error/);
  }
  await new Promise((resolve) => setImmediate(resolve));
  expect(warnings).toEqual([]);
});

// Generated hostile projects (test/helpers/fuzz-cases.ts, shared with `npm run fuzz`, which runs thousands
// with a time and memory bound per case and full-size exhaustion shapes): 160 here, the shapes a twentieth the size.
it.each(Array.from({ length: 160 }, (_, index) => index + 1))('lints and fixes generated hostile project #%i to completion', async (seed) => {
  const fuzz = fuzzCase(seed, files, 0.05);
  const root = materialize(tempTree(), fuzz);
  expect(await checkCase(lint, root), fuzz.shapes.join('; ')).toEqual([]);
  await new Promise((resolve) => setImmediate(resolve));
  expect(warnings).toEqual([]);
}, 15_000);

/**
 * Never crash on bad input: fixture repositories with random damage (tokens of the file kinds inserted,
 * spans deleted) must lint to well-formed findings, without an exception, without a parser failing (the
 * parsers turn their own failures into findings) and without a Node warning.
 * Then generated layouts: build contexts (root, nested, sibling, outside the project), ignore files
 * (absent, empty, `!` re-includes, invalid patterns) and COPY sources (`.`, `./`, `*`, sub-directories),
 * each linted to completion, and fixed to a fixpoint.
 * Seeded, so a failure reproduces.
 */
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { lint } from '../src/lint.js';
import { tempTree, writeTree } from './helpers/tmp.js';

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

/** A small linear congruential generator: the same seed, the same damage. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
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

/** How a service's build context sits in the repository. */
const CONTEXTS = ['lone root Dockerfile', 'root', 'nested', 'sibling', 'outside', 'Dockerfile outside its context'] as const;
const SOURCES = ['.', './', '*', 'src', 'src/', './src/*.js', '*/', 'src/lib', 'package*.json', '[a-z]*', '..', '/', 'missing', '${DIR}', 'src/*/deep', `${'*a'.repeat(12)}*b`, 'src/[a-]x', '[]'];
const PATTERNS = ['*', '**', '.', './', '/', 'src', 'src/', '!src', '!src/keep.js', '**/*.js', '!**/keep.js', '*.json', '!package.json', 'node_modules', '**/node_modules', '.git', '[', '!', 'src/lib/**', '!src/lib', '\\', '# comment', ''];
const FILES = ['package.json', 'src/index.js', 'src/keep.js', 'src/lib/util.js', 'src/lib/deep/x.js', 'data/model.bin', 'README.md', 'node_modules/x/index.js', `src/${'a'.repeat(200)}`];

interface Layout {
  files: Record<string, string>;
  /** Directories outside the repository, relative to its parent. */
  outside: Record<string, string>;
}

function layout(next: () => number): Layout {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const some = <T>(items: readonly T[], most: number): T[] => Array.from({ length: Math.floor(next() * (most + 1)) }, () => pick(items));
  const shape = pick(CONTEXTS);
  const context = { 'lone root Dockerfile': '', root: '', nested: 'backend/api', sibling: 'api', outside: '../outside', 'Dockerfile outside its context': 'api' }[shape];
  const copies = some(SOURCES, 4).map((source) => {
    const kind = next();
    if (kind < 0.2) return `ADD ${source} /app/`;
    if (kind < 0.35) return `RUN --mount=type=bind,source=${source},target=/src true`;
    return `COPY ${source} ${pick(['.', '/app', '/app/', './'])}`;
  });
  const dockerfile = ['FROM node:20 AS deps', 'WORKDIR /app', 'COPY package.json ./', 'RUN npm ci', 'FROM deps AS build', ...copies, 'FROM deps AS runtime', ''].join('\n');
  const ignore = next() < 0.25 ? null : some(PATTERNS, 6).join('\n');
  const tree: Record<string, string> = {};
  const at = (dir: string, file: string): string => (dir === '' ? file : `${dir}/${file}`);
  const contextFiles = Object.fromEntries(some(FILES, FILES.length).map((file) => [file, '']));
  const outside = shape === 'outside';
  const target = outside ? {} : tree;
  for (const [file, text] of Object.entries(contextFiles)) target[at(outside ? 'outside' : context, file)] = text;
  if (ignore !== null) target[at(outside ? 'outside' : context, '.dockerignore')] = ignore;
  const dockerfilePath = shape === 'Dockerfile outside its context' ? 'Dockerfile' : at(outside ? 'outside' : context, 'Dockerfile');
  target[dockerfilePath] = dockerfile;
  if (shape === 'root') tree['compose.yaml'] = 'services:\n  app:\n    build: .\n';
  if (shape === 'nested' || shape === 'outside') tree['compose.yaml'] = `services:\n  app:\n    build: ${context}\n`;
  if (shape === 'sibling') tree['deploy/compose.yaml'] = 'services:\n  app:\n    build:\n      context: ../api\n';
  if (shape === 'Dockerfile outside its context') tree['compose.yaml'] = 'services:\n  app:\n    build:\n      context: api\n      dockerfile: ../Dockerfile\n';
  return { files: tree, outside: outside ? target : {} };
}

it.each(Array.from({ length: 40 }, (_, index) => index + 1))('lints and fixes generated layout #%i to completion', async (seed) => {
  const next = random(seed * 7919);
  const { files: tree, outside } = layout(next);
  const parent = tempTree(outside);
  const root = path.join(parent, 'repo');
  mkdirSync(path.join(root, '.git'), { recursive: true });
  writeTree(root, tree);
  const { findings } = await lint({ cwd: root });
  for (const finding of findings) {
    expect(finding.file.startsWith('..'), `${finding.file}: nothing outside the project is linted`).toBe(false);
    expect(finding.message).not.toMatch(/\{\{|undefined|NaN|\[object Object\]|internal error/);
  }
  // Fixing reaches a fixpoint: a second run changes nothing, and what remains is what the fixed tree reports.
  const fixed = await lint({ cwd: root, fix: true });
  const again = await lint({ cwd: root, fix: true });
  expect(again.fixedFiles).toEqual([]);
  expect(again.findings.map((finding) => finding.message)).toEqual(fixed.findings.map((finding) => finding.message));
  await new Promise((resolve) => setImmediate(resolve));
  expect(warnings).toEqual([]);
}, 10_000);

/**
 * Seeded hostile projects, shared by the robustness test (a few hundred cases) and `npm run fuzz` (as many
 * as asked): layouts (root, nested, sibling and outside build contexts; symlinks inside, outside and to
 * devices; FIFOs; compose `include:` graphs with cycles; config `extends` chains), damaged contents, and
 * resource-exhaustion shapes (deep nesting, chained expansions, long lines, many keys, pathological globs).
 * The same seed gives the same project, so a failure reproduces.
 */
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { escapeControlCharacters } from '../../src/text.js';

export interface FuzzCase {
  seed: number;
  /** What the case is made of, for the failure report. */
  shapes: string[];
  /** Files of the repository (path → text). */
  files: Record<string, string>;
  /** Files beside the repository, in the `outside` folder. */
  outside: Record<string, string>;
  /** Symlinks in the repository: path → target (relative to the link, or absolute). */
  symlinks: Record<string, string>;
  /** FIFOs in the repository. */
  fifos: string[];
}

/** A small linear congruential generator: the same seed, the same case. */
export function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const DAMAGE = ['\n', '\\', '"', "'", '${', '}', '<<EOF', '[', ']', '--mount=', '&&', '|', ';', '\t', '#', ':', '- ', '*', '!', '\u0000', '\uFEFF', 'FROM', 'RUN', ' AS ', 'é', '? [a]\n: b', '\r\n', '\u001b[31m', '{', '&a', '*a'];
const CONTEXTS = ['root', 'nested', 'sibling', 'outside', 'Dockerfile outside its context'] as const;
const SOURCES = ['.', './', '*', 'src', 'src/', './src/*.js', '*/', 'package*.json', '[a-z]*', '..', '/', 'missing', '${DIR}', `${'*a'.repeat(12)}*b`, 'src/[a-]x', '[]', 'link/', 'ext'];
const PATTERNS = ['*', '**', '.', '/', 'src', '!src', '!src/keep.js', '**/*.js', '!**/keep.js', 'node_modules', '.git', '[', '!', '\\', '# comment', '', `${'*a'.repeat(15)}*b`, '**/**/**/**/**/x', '[^a]*', 'a/../../b'];
const CONTEXT_FILES = ['package.json', 'src/index.js', 'src/keep.js', 'src/lib/util.js', 'requirements.txt', 'node_modules/x/index.js', `src/${'a'.repeat(60)}`];
const DOCKERFILE_LINES = [
  'RUN apt-get update && apt-get install -y curl',
  'RUN pip install -r requirements.txt',
  'RUN npm ci',
  'COPY package.json ./',
  'ARG V=1',
  'ENV A=$V B=${V:-x}',
  'RUN --mount=type=cache,target=/root/.npm npm ci',
  'RUN <<EOF\nset -e\nnpm ci\nEOF',
  'USER node',
  'HEALTHCHECK CMD curl -f http://localhost/ || exit 1',
];
/** Where a symlink may point: inside, outside, to the file system's top, to devices, to itself. */
const LINK_TARGETS = ['Dockerfile', 'src', '.', '..', '../outside', '../outside/secret.txt', '/', '/proc/self', '/dev/zero', '/dev/null', 'missing', 'loop'];
const LINK_NAMES = ['Dockerfile.alias', 'link', 'ext', '.dockerignore', '.gitignore', 'compose.override.yaml', 'build.sh', '.env', 'loop', 'src/up'];
const FIFO_NAMES = ['.gitignore', '.git/info/exclude', 'Dockerfile.pipe', 'other.yaml', '.dockerignore', '.env', 'run.sh', '.dockerlintrc.json'];

/**
 * The case for `seed`; `contents` are real files to damage (the fixtures), may be empty. `scale` shrinks the
 * resource-exhaustion shapes (1: full size, a few MB and thousands of levels or keys) for quick runs.
 */
export function fuzzCase(seed: number, contents: readonly string[] = [], scale = 1): FuzzCase {
  const next = random(seed * 7919 + 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const some = <T>(items: readonly T[], most: number): T[] => Array.from({ length: Math.floor(next() * (most + 1)) }, () => pick(items));
  const chance = (p: number): boolean => next() < p;
  const fuzz: FuzzCase = { seed, shapes: [], files: {}, outside: { 'secret.txt': 'GHP_SECRET_TOKEN_0123456789\n' }, symlinks: {}, fifos: [] };
  const damage = (text: string): string => {
    let damaged = text;
    for (let edit = 0; edit < Math.floor(next() * 6); edit++) {
      const at = Math.floor(next() * (damaged.length + 1));
      damaged = chance(0.5) ? damaged.slice(0, at) + pick(DAMAGE) + damaged.slice(at) : damaged.slice(0, at) + damaged.slice(at + 1 + Math.floor(next() * 10));
    }
    return damaged;
  };

  // The layout: a service's build context, its Dockerfile and .dockerignore.
  const shape = pick(CONTEXTS);
  fuzz.shapes.push(`context: ${shape}`);
  const context = { root: '', nested: 'backend/api', sibling: 'api', outside: '../outside', 'Dockerfile outside its context': 'api' }[shape];
  const at = (dir: string, file: string): string => (dir === '' ? file : `${dir}/${file}`);
  const target = shape === 'outside' ? fuzz.outside : fuzz.files;
  const contextDir = shape === 'outside' ? '' : context;
  const copies = some(SOURCES, 4).map((source) => `${pick(['COPY', 'ADD', 'COPY --link'])} ${source} /app/`);
  const dockerfile = ['FROM node:20 AS deps', 'WORKDIR /app', ...some(DOCKERFILE_LINES, 4), 'FROM deps AS build', ...copies, ...some(DOCKERFILE_LINES, 3), ''].join('\n');
  target[shape === 'Dockerfile outside its context' ? 'Dockerfile' : at(contextDir, 'Dockerfile')] = chance(0.3) ? damage(dockerfile) : dockerfile;
  for (const file of some(CONTEXT_FILES, 4)) target[at(contextDir, file)] = '';
  if (chance(0.75)) target[at(contextDir, '.dockerignore')] = some(PATTERNS, 6).join(pick(['\n', '\r\n']));
  const build = shape === 'sibling' ? 'context: ../api' : shape === 'Dockerfile outside its context' ? 'context: api\n      dockerfile: ../Dockerfile' : `context: ${context === '' ? '.' : context}`;
  const composeFile = shape === 'sibling' ? 'deploy/compose.yaml' : 'compose.yaml';
  let compose = `services:\n  app:\n    build:\n      ${build}\n    command: sh -c "npm ci && node ."\n`;
  if (chance(0.3)) {
    // An include graph, sometimes with a cycle, sometimes through a symlink or a FIFO.
    fuzz.shapes.push('include graph');
    compose = `include:\n  - ${pick(['other.yaml', 'sub/compose.yaml', '../outside/compose.yaml', 'compose.yaml', 'link/compose.yaml'])}\n${compose}`;
    fuzz.files['other.yaml'] = 'include:\n  - sub/compose.yaml\nservices:\n  other:\n    image: alpine\n';
    fuzz.files['sub/compose.yaml'] = `include:\n  - ${pick(['../other.yaml', '../compose.yaml', 'missing.yaml'])}\nservices:\n  sub:\n    build: .\n`;
    fuzz.files['sub/Dockerfile'] = 'FROM alpine\nRUN apk add curl\n';
    fuzz.outside['compose.yaml'] = 'services:\n  far:\n    build: .\n';
  }
  if (chance(0.2)) {
    fuzz.shapes.push('service extends');
    compose += `  child:\n    extends:\n      file: ${pick(['base.yaml', '../outside/compose.yaml', 'compose.yaml'])}\n      service: ${pick(['app', 'base', 'child'])}\n`;
    fuzz.files['base.yaml'] = 'services:\n  base:\n    extends:\n      service: base\n    image: alpine\n';
  }
  fuzz.files[composeFile] = chance(0.3) ? damage(compose) : compose;
  if (chance(0.2)) {
    fuzz.shapes.push('config extends');
    fuzz.files['.dockerlintrc.json'] = JSON.stringify({ extends: [pick(['./base.json', '../outside/secret.txt', '/dev/zero', './.dockerlintrc.json', 'dockerlint:strict'])], ignorePatterns: some(PATTERNS, 3) });
    fuzz.files['base.json'] = JSON.stringify({ extends: pick(['./.dockerlintrc.json', './base.json', 'dockerlint:recommended']) });
  }

  // Damaged real files, in folders of their own.
  for (const [index, file] of (contents.length === 0 ? [] : some(contents, 2)).entries()) fuzz.files[`part${String(index)}/${path.basename(file)}`] = damage(file === '' ? '' : readText(file));
  if (chance(0.3)) fuzz.files['.env'] = damage('A=1\nB=${A}\nC="${B:-x}"\n');
  if (chance(0.3)) fuzz.files['build.sh'] = damage('#!/bin/sh\nset -e\nnpm ci\npip install -r requirements.txt\n');

  if (chance(0.12)) exhaust(fuzz, pick, next, scale);
  if (chance(0.4)) {
    for (const name of some(LINK_NAMES, 3)) {
      if (name in fuzz.files || name === '.git') continue;
      fuzz.symlinks[name] = pick(LINK_TARGETS);
    }
    fuzz.shapes.push(`symlinks: ${Object.entries(fuzz.symlinks).map(([name, to]) => `${name} -> ${to}`).join(', ')}`);
  }
  if (chance(0.15)) {
    for (const name of new Set(some(FIFO_NAMES, 2))) if (!(name in fuzz.files) && !(name in fuzz.symlinks)) fuzz.fifos.push(name);
    fuzz.shapes.push(`fifos: ${fuzz.fifos.join(', ')}`);
  }
  return fuzz;
}

/** One resource-exhaustion shape, sized so that a case stays well within its bounds when all is linear. */
function exhaust(fuzz: FuzzCase, pick: <T>(items: readonly T[]) => T, next: () => number, scale: number): void {
  const size = (most: number): number => 1 + Math.floor(next() * most * scale);
  const shapes: Record<string, () => void> = {
    'deep $( ) in a script': () => {
      const depth = size(3000);
      fuzz.files['deep.sh'] = `#!/bin/sh\necho ${'$('.repeat(depth)}x${')'.repeat(depth)}\n`;
    },
    'deep $( ) in RUN': () => {
      const depth = size(3000);
      fuzz.files['deep/Dockerfile'] = `FROM alpine\nRUN echo ${'$('.repeat(depth)}x${')'.repeat(depth)}\n`;
    },
    'deep flow nesting in compose': () => {
      const depth = size(50_000);
      fuzz.files['deep.compose.yaml'] = `services:\n  a:\n    image: alpine\n    command: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
    },
    'chained expansions': () => {
      const lines = ['A0=xxxxxxxxxxxxxxxx'];
      for (let index = 1; index < size(5_000); index++) lines.push(`A${String(index)}=\${A${String(index - 1)}}\${A${String(index - 1)}}`);
      fuzz.files['.env'] = `${lines.join('\n')}\n`;
      fuzz.files['compose.yaml'] = `services:\n  a:\n    image: alpine:\${A${String(lines.length - 1)}}\n    environment:\n      X: \${A${String(lines.length - 1)}}\n`;
    },
    'long line': () => {
      fuzz.files['long/Dockerfile'] = `FROM alpine\nRUN echo ${'x'.repeat(size(3_000_000))} && apt-get install -y curl\n`;
    },
    'over the size limit': () => {
      fuzz.files['huge/Dockerfile'] = `FROM alpine\n${'RUN true\n'.repeat(600_000 * Math.ceil(scale))}`;
    },
    'many services': () => {
      const count = size(8_000);
      fuzz.files['many.compose.yaml'] = `services:\n${Array.from({ length: count }, (_, index) => `  s${String(index)}:\n    image: alpine\n`).join('')}`;
    },
    'many script lines': () => {
      fuzz.files['many.sh'] = `#!/bin/sh\n${'true\n'.repeat(size(50_000))}`;
    },
    'many ignore patterns': () => {
      fuzz.files['.dockerignore'] = Array.from({ length: size(5_000) }, (_, index) => (index % 2 === 0 ? `d${String(index)}/**/*.tmp` : `!k${String(index)}`)).join('\n');
    },
    'pathological globs': () => {
      fuzz.files['.dockerignore'] = `${'*a'.repeat(20)}*b\n${'**/'.repeat(30)}x\n`;
      fuzz.files['a'.repeat(60)] = '';
      fuzz.files['.dockerlintrc.json'] = JSON.stringify({ ignorePatterns: [`${'*a'.repeat(20)}*b`, `${'**/'.repeat(30)}*`] });
    },
    'many heredocs': () => {
      fuzz.files['heredoc/Dockerfile'] = `FROM alpine\n${'RUN <<EOF\ntrue\nEOF\n'.repeat(size(5_000))}`;
    },
    'yaml alias bomb': () => {
      const lines = ['x-a0: &a0 [x, x, x, x, x, x, x, x, x]'];
      for (let index = 1; index < 12; index++) lines.push(`x-a${String(index)}: &a${String(index)} [${Array.from({ length: 9 }, () => `*a${String(index - 1)}`).join(', ')}]`);
      fuzz.files['bomb.compose.yaml'] = `${lines.join('\n')}\nservices:\n  a:\n    image: alpine\n    command: *a11\n`;
    },
  };
  const name = pick(Object.keys(shapes));
  fuzz.shapes.push(`exhaustion: ${name}`);
  shapes[name]?.();
}

const texts = new Map<string, string>();
function readText(file: string): string {
  const text = texts.get(file) ?? readFileSync(file, 'utf8');
  texts.set(file, text);
  return text;
}

interface LintOutcome {
  findings: readonly { file: string; line: number; column: number; endLine: number; endColumn: number; message: string }[];
  fixedFiles: readonly string[];
}
type Lint = (options: { cwd: string; fix?: boolean }) => Promise<LintOutcome>;

/**
 * Lints and fixes the materialized case, then fixes it again: what went wrong, if anything. Nothing outside the
 * repository is linted, read into a message or written; findings are well-formed; no parser or rule broke;
 * fixing reaches a fixpoint.
 */
export async function checkCase(lint: Lint, root: string): Promise<string[]> {
  const problems: string[] = [];
  const outside = path.join(path.dirname(root), 'outside');
  const before = snapshot(outside);
  const check = (findings: LintOutcome['findings']): void => {
    for (const finding of findings) {
      const where = `${finding.file}:${String(finding.line)}:${String(finding.column)}`;
      if (finding.file.startsWith('..') || path.isAbsolute(finding.file)) problems.push(`${where}: a finding outside the project`);
      if (!(finding.line >= 1 && finding.column >= 1 && finding.endLine * 1e7 + finding.endColumn >= finding.line * 1e7 + finding.column)) problems.push(`${where}: a malformed range`);
      if (/\{\{\w+\}\}|undefined|NaN|\[object Object\]|internal error|cannot read the compose file|shell parser failed/.test(finding.message)) problems.push(`${where}: ${finding.message}`);
      if (finding.message.includes('GHP_SECRET')) problems.push(`${where}: echoes a file outside the project`);
      if (escapeControlCharacters(finding.message) !== finding.message) problems.push(`${where}: a raw control character in the message`);
    }
  };
  let fixed: LintOutcome;
  try {
    fixed = await lint({ cwd: root, fix: true });
  } catch (error) {
    // A configuration error is a documented outcome (exit 2), as long as it quotes nothing it should not.
    if (!(error instanceof Error && error.name === 'ConfigError')) throw error;
    if (error.message.includes('GHP_SECRET') || escapeControlCharacters(error.message) !== error.message) problems.push(`configuration error quotes content: ${error.message}`);
    return problems;
  }
  check(fixed.findings);
  for (const file of fixed.fixedFiles) if (path.relative(root, file).startsWith('..')) problems.push(`${file}: fixed outside the project`);
  const again = await lint({ cwd: root, fix: true });
  if (again.fixedFiles.length > 0) problems.push(`a second --fix changed ${again.fixedFiles.join(', ')}: no fixpoint`);
  if (snapshot(outside) !== before) problems.push('a file outside the project changed');
  return problems;
}

/** Names and contents of the regular files under `dir`, for comparing before and after. */
function snapshot(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const file = path.join(entry.parentPath, entry.name);
      return `${file}\n${readFileSync(file, 'utf8')}`;
    })
    .sort()
    .join('\n');
}

/** Writes the case under `parent`: the repository at `parent/repo`, the rest at `parent/outside`. Returns the repository. */
export function materialize(parent: string, fuzz: FuzzCase): string {
  const root = path.join(parent, 'repo');
  mkdirSync(path.join(root, '.git', 'info'), { recursive: true });
  const write = (base: string, files: Record<string, string>): void => {
    for (const [file, text] of Object.entries(files)) {
      const absolute = path.join(base, file);
      mkdirSync(path.dirname(absolute), { recursive: true });
      writeFileSync(absolute, text);
    }
  };
  write(path.join(parent, 'outside'), fuzz.outside);
  write(root, fuzz.files);
  for (const [name, to] of Object.entries(fuzz.symlinks)) {
    const absolute = path.join(root, name);
    mkdirSync(path.dirname(absolute), { recursive: true });
    symlinkSync(to, absolute);
  }
  for (const name of fuzz.fifos) {
    const absolute = path.join(root, name);
    mkdirSync(path.dirname(absolute), { recursive: true });
    execFileSync('mkfifo', [absolute]);
  }
  return root;
}

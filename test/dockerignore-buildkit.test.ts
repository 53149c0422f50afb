/**
 * Ground truth for `src/project/dockerignore.ts`: real BuildKit builds of one context under many
 * `.dockerignore` files. Each build copies the context into a busybox stage, lists its files and
 * exports only that list (`--output type=local`), so no image or container is left behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dockerignoreFor, parseDockerignore } from '../src/project/dockerignore.js';
import { SourceFile } from '../src/source.js';
import {
  buildImage,
  dockerAvailable,
  dockerSuiteTitle,
  ensureBusyboxImage,
  listFiles,
  makeTempDir,
  mapWithConcurrency,
  removeTempDir,
  writeTree,
} from './helpers/docker.js';

const docker = await dockerAvailable();
/** The ground truth is the daemon at hand: match in its dialect (this machine's is Docker 20.10). */
const dialect = docker.ok && docker.server.startsWith('20.10') ? 'docker-20.10' : 'patternmatcher';
const readIgnore = (path: string, text: string) => parseDockerignore(new SourceFile(path, text), dialect);

/** 46 files (plus the .dockerignore): nested node_modules, __pycache__, data/, logs, pickles, .env*, .git/, odd names. */
const CONTEXT_FILES = [
  'README.md',
  'Makefile',
  'app.log',
  'top.pkl',
  'data.csv',
  '.env',
  '.env.local',
  '.env.example',
  '.git/HEAD',
  '.git/config',
  '.git/objects/ab/cdef',
  '.gitignore',
  'node_modules/left-pad/index.js',
  'node_modules/.bin/tool',
  'node_modules/a/node_modules/b/index.js',
  'src/index.js',
  'src/app.log',
  'src/util/helper.js',
  'src/__pycache__/mod.pyc',
  'src/data/local.csv',
  'src/node_modules/x/index.js',
  'packages/p1/node_modules/dep/index.js',
  'packages/p1/src/main.ts',
  'packages/p1/__pycache__/m.pyc',
  '__pycache__/top.pyc',
  'data/raw.csv',
  'data/sub/more.csv',
  'models/a.pkl',
  'models/sub/b.pkl',
  'logs/keep.txt',
  'logs/sub/deep.log',
  'docs/a.md',
  'docs/important.md',
  'build/out.bin',
  'build/keep/me.txt',
  'test/fixtures/node_modules/fx/index.js',
  'a/b/c/d/e.txt',
  'weird name.txt',
  'foo[1].txt',
  'foo1.txt',
  'foo(1).txt',
  'c++.txt',
  'cc.txt',
  '# hash.txt',
  'constructor',
  'dir.with.dots/file.txt',
];

const LIST_DOCKERFILE = [
  'FROM dockerlint-test/busybox:1 AS list',
  'COPY . /ctx',
  'RUN cd /ctx && find . -type f | sed "s|^\\./||" | sort > /files',
  'FROM scratch',
  'COPY --from=list /files /files',
  '',
].join('\n');

interface PatternSet {
  /** The `.dockerignore` as written. */
  text: string;
  /** How many context files Docker 20.10 excluded (a sanity check that the set does something). */
  excluded: number;
}

const lines = (...patterns: string[]): string => `${patterns.join('\n')}\n`;

/** Pattern sets on which the matcher must agree with Docker for every file. */
const VALID_SETS: PatternSet[] = [
  { text: lines('node_modules'), excluded: 3 },
  { text: lines('**/node_modules'), excluded: 6 },
  { text: lines('/data'), excluded: 2 },
  { text: lines('data/'), excluded: 2 },
  { text: lines('*.log'), excluded: 1 },
  { text: lines('**/*.log'), excluded: 3 },
  { text: lines('.git'), excluded: 3 },
  { text: lines('**/__pycache__', '*.pkl'), excluded: 4 },
  { text: lines('**/*.pkl', '!models/sub/b.pkl'), excluded: 2 },
  { text: lines('*', '!src', '!Makefile'), excluded: 40 },
  { text: lines('logs', '!logs/keep.txt'), excluded: 1 },
  { text: lines('docs', '!docs/important.md'), excluded: 1 },
  { text: lines('build/**', '!build/keep/**'), excluded: 1 },
  { text: lines('.env*', '!.env.example'), excluded: 2 },
  { text: lines('# a comment', '', '  *.log  ', '\t/data\t'), excluded: 3 },
  { text: lines('./node_modules', 'data/../logs'), excluded: 5 },
  { text: lines('foo[1].txt'), excluded: 1 },
  { text: lines('foo\\[1\\].txt'), excluded: 1 },
  { text: lines('**', '!README.md'), excluded: 46 },
  { text: lines('!app.log', '*.log'), excluded: 1 },
  { text: lines('data', '!data/sub/more.csv'), excluded: 1 },
  { text: lines('src/*.log', '*/*.pyc'), excluded: 2 },
  { text: lines('?akefile', 'foo[^a].txt', 'top.pk?', 'foo[!a].txt'), excluded: 3 },
  { text: lines('weird name.txt', 'dir.with.dots'), excluded: 2 },
  { text: lines('a/**/e.txt', 'src**'), excluded: 7 },
  { text: lines('a**/d'), excluded: 1 },
  { text: lines('a/**e.txt'), excluded: 1 },
  { text: lines('**/test/**/node_modules'), excluded: 1 },
  { text: lines('.dockerignore', '.git*'), excluded: 5 },
  { text: lines('src/**', '!src/util'), excluded: 5 },
  { text: lines('readme.md', 'MAKEFILE'), excluded: 0 },
  { text: lines('docs', '!docs/**'), excluded: 0 },
  { text: lines('.git/', '!.git/HEAD'), excluded: 2 },
  { text: lines('node_modules', '!node_modules/a/node_modules'), excluded: 2 },
  { text: lines('**/node_modules', '!README.md'), excluded: 6 },
  { text: lines('src/*', '!src/util/helper.js'), excluded: 5 },
  { text: lines('**/*.txt', '/!cc.txt', '!a/**'), excluded: 9 },
  // A line is a comment only when `#` is its first character.
  { text: lines('  # hash.txt'), excluded: 1 },
  // A root entry named like an Object.prototype member.
  { text: lines('c*'), excluded: 3 },
  // BOM and CRLF line ends.
  { text: '\uFEFFMakefile\r\n*.pkl\r\n', excluded: 2 },
  // Docker 20.10 copies `\d` and `(…)` into a regular expression: `foo\d.txt` and `foo(1).txt` match foo1.txt.
  { text: lines('foo\\d.txt'), excluded: 1 },
  { text: lines('foo(1).txt'), excluded: 1 },
  // Go's regexp reads `^+` as `^`, so 20.10 accepts a leading `+` and ignores it.
  { text: lines('+foo1.txt'), excluded: 1 },
];

/** Files Docker 20.10 sends differently from the matcher (its file walker predates the fixed matching). */
const DOCKER_20_10_DIVERGENCES: { text: string; dockerExcludes: string[]; matcherExcludes: string[] }[] = [
  {
    // 20.10 skips an excluded directory unless a `!` pattern starts with its literal path.
    text: lines('**/node_modules', '!**/node_modules/left-pad/index.js'),
    dockerExcludes: [
      'node_modules/.bin/tool',
      'node_modules/a/node_modules/b/index.js',
      'node_modules/left-pad/index.js',
      'packages/p1/node_modules/dep/index.js',
      'src/node_modules/x/index.js',
      'test/fixtures/node_modules/fx/index.js',
    ],
    matcherExcludes: [
      'node_modules/.bin/tool',
      'node_modules/a/node_modules/b/index.js',
      'packages/p1/node_modules/dep/index.js',
      'src/node_modules/x/index.js',
      'test/fixtures/node_modules/fx/index.js',
    ],
  },
  {
    // …and when it does walk in, it checks each file against one parent directory only.
    text: lines('**/node_modules', '!node_modules/a'),
    dockerExcludes: [
      'packages/p1/node_modules/dep/index.js',
      'src/node_modules/x/index.js',
      'test/fixtures/node_modules/fx/index.js',
    ],
    matcherExcludes: [
      'node_modules/.bin/tool',
      'node_modules/left-pad/index.js',
      'packages/p1/node_modules/dep/index.js',
      'src/node_modules/x/index.js',
      'test/fixtures/node_modules/fx/index.js',
    ],
  },
];

/** Patterns Docker rejects, each verified to fail the build with the quoted error. */
const INVALID_SETS: { text: string; dockerError: string; invalid: string }[] = [
  { text: lines('!'), dockerError: 'illegal exclusion pattern: "!"', invalid: '!' },
  { text: lines('*.log', '!   '), dockerError: 'illegal exclusion pattern: "!"', invalid: '!' },
  { text: lines('!/'), dockerError: 'illegal exclusion pattern: "!"', invalid: '!/' },
  { text: lines('app.log\\'), dockerError: 'syntax error in pattern', invalid: 'app.log\\' },
  { text: lines('top.pkl\\ '), dockerError: 'syntax error in pattern', invalid: 'top.pkl\\' },
  { text: lines('\\'), dockerError: 'syntax error in pattern', invalid: '\\' },
  { text: lines('foo[1.txt'), dockerError: 'syntax error in pattern', invalid: 'foo[1.txt' },
  { text: lines('foo[]].txt'), dockerError: 'syntax error in pattern', invalid: 'foo[]].txt' },
  { text: lines('[a-]'), dockerError: 'syntax error in pattern', invalid: '[a-]' },
  { text: lines('[z-a]'), dockerError: 'syntax error in pattern', invalid: '[z-a]' },
  { text: lines('foo\\q'), dockerError: 'syntax error in pattern', invalid: 'foo\\q' },
  { text: lines('c++.txt'), dockerError: 'syntax error in pattern', invalid: 'c++.txt' },
  { text: lines('foo('), dockerError: 'syntax error in pattern', invalid: 'foo(' },
];

const title = dockerSuiteTitle('.dockerignore matcher vs real BuildKit', docker);

describe.skipIf(!docker.ok)(title, () => {
  let root = '';
  const sent = new Map<string, { exitCode: number; files: string[] | null; log: string }>();

  /** Builds one context with this `.dockerignore` and returns the files that reached the build. */
  async function buildWithIgnore(id: string, ignoreText: string): Promise<void> {
    const context = join(root, id, 'context');
    await writeTree(context, Object.fromEntries(CONTEXT_FILES.map((file) => [file, file])));
    await writeTree(context, { '.dockerignore': ignoreText });
    const output = join(root, id, 'out');
    const result = await buildImage({
      context,
      dockerfile: join(root, 'list.Dockerfile'),
      output: `type=local,dest=${output}`,
    });
    const files =
      result.exitCode === 0 ? (await readFile(join(output, 'files'), 'utf8')).split('\n').filter(Boolean) : null;
    sent.set(ignoreText, { exitCode: result.exitCode, files, log: result.log });
  }

  beforeAll(async () => {
    const started = performance.now();
    await ensureBusyboxImage();
    root = await makeTempDir('dockerignore-buildkit');
    await writeTree(root, { 'list.Dockerfile': LIST_DOCKERFILE });
    const texts = [...VALID_SETS, ...DOCKER_20_10_DIVERGENCES, ...INVALID_SETS].map((set) => set.text);
    await mapWithConcurrency(texts, 4, (text, index) => buildWithIgnore(`set${index}`, text));
    console.info(`${texts.length} BuildKit builds in ${Math.round(performance.now() - started)} ms`);
  }, 180_000);

  afterAll(async () => {
    if (root !== '') await removeTempDir(root);
  });

  const allFiles = [...CONTEXT_FILES, '.dockerignore'].sort();

  it.each(VALID_SETS)('agrees with Docker on every file for $text', ({ text, excluded }) => {
    const build = sent.get(text);
    expect(build?.exitCode, build?.log).toBe(0);
    const sentFiles = new Set(build?.files);
    const doc = readIgnore('.dockerignore', text);
    expect(doc.patterns.filter((pattern) => pattern.invalid !== null)).toEqual([]);
    const disagreements = allFiles
      .filter((file) => doc.matcher.ignores(file) === sentFiles.has(file))
      .map((file) => `${file}: Docker ${sentFiles.has(file) ? 'sent' : 'excluded'} it`);
    expect(disagreements).toEqual([]);
    expect(allFiles.filter((file) => !sentFiles.has(file))).toHaveLength(excluded);
  });

  it.each(INVALID_SETS)('fails the build and is marked invalid: $text', ({ text, dockerError, invalid }) => {
    const build = sent.get(text);
    expect(build?.exitCode).not.toBe(0);
    expect(build?.log).toContain(dockerError);
    const doc = readIgnore('.dockerignore', text);
    const marked = doc.patterns.filter((pattern) => pattern.invalid !== null).map((pattern) => pattern.text);
    expect(marked).toEqual([invalid]);
    const reason = doc.patterns.find((pattern) => pattern.invalid !== null)?.invalid;
    expect(reason?.startsWith(dockerError)).toBe(true);
  });

  const on2010 = docker.ok && docker.server.startsWith('20.10');
  it.skipIf(!on2010).each(DOCKER_20_10_DIVERGENCES)(
    'documents where Docker 20.10 differs: $text',
    ({ text, dockerExcludes, matcherExcludes }) => {
      const build = sent.get(text);
      expect(build?.exitCode, build?.log).toBe(0);
      const sentFiles = new Set(build?.files);
      expect(allFiles.filter((file) => !sentFiles.has(file))).toEqual(dockerExcludes);
      const { matcher } = readIgnore('.dockerignore', text);
      expect(allFiles.filter((file) => matcher.ignores(file))).toEqual(matcherExcludes);
    },
  );

});

describe.skipIf(!docker.ok)(dockerSuiteTitle('which ignore file BuildKit uses', docker), () => {
  /** Repo layouts: the build's Dockerfile and context, and the ignore files present. */
  const LAYOUTS: { name: string; dockerfile: string; context: string; ignores: Record<string, string> }[] = [
    {
      name: 'Dockerfile-specific file in a sub-directory beats the context root',
      dockerfile: 'ctx/sub/app.Dockerfile',
      context: 'ctx',
      ignores: { 'ctx/.dockerignore': '*.pkl\n', 'ctx/sub/app.Dockerfile.dockerignore': '*.log\n' },
    },
    {
      name: 'Dockerfile-specific file next to a Dockerfile outside the context',
      dockerfile: 'outside/app.Dockerfile',
      context: 'ctx',
      ignores: { 'ctx/.dockerignore': '*.pkl\n', 'outside/app.Dockerfile.dockerignore': '*.txt\n' },
    },
    {
      name: 'Dockerfile.dockerignore beats .dockerignore at the root',
      dockerfile: 'ctx/Dockerfile',
      context: 'ctx',
      ignores: { 'ctx/.dockerignore': '*.pkl\n', 'ctx/Dockerfile.dockerignore': '*.txt\n' },
    },
    {
      name: 'an empty Dockerfile-specific file still wins',
      dockerfile: 'ctx/Dockerfile',
      context: 'ctx',
      ignores: { 'ctx/.dockerignore': '*.pkl\n', 'ctx/Dockerfile.dockerignore': '' },
    },
    {
      name: 'a .dockerignore next to the Dockerfile (not the context root) is not read',
      dockerfile: 'ctx/sub/Dockerfile',
      context: 'ctx',
      ignores: { 'ctx/.dockerignore': '*.pkl\n', 'ctx/sub/.dockerignore': '*.log\n' },
    },
    {
      name: 'no ignore file at all',
      dockerfile: 'ctx/sub/Dockerfile',
      context: 'ctx',
      ignores: {},
    },
  ];
  let root = '';
  beforeAll(async () => {
    await ensureBusyboxImage();
    root = await makeTempDir('dockerignore-file');
  }, 60_000);
  afterAll(async () => {
    if (root !== '') await removeTempDir(root);
  });

  it.each(LAYOUTS)('$name', async ({ name, dockerfile, context, ignores }) => {
    // A fresh directory per layout: BuildKit 20.10 syncs the Dockerfile directory incrementally and
    // can keep a same-size ignore file from an earlier build of the same paths.
    const repo = join(root, name.replace(/\W+/g, '-'));
    const files: Record<string, string> = {
      [dockerfile]: LIST_DOCKERFILE,
      [`${context}/a.log`]: 'a',
      [`${context}/b.pkl`]: 'b',
      [`${context}/c.txt`]: 'c',
      ...ignores,
    };
    await writeTree(repo, files);
    const result = await buildImage({
      context: join(repo, context),
      dockerfile: join(repo, dockerfile),
      output: `type=local,dest=${join(repo, 'out')}`,
    });
    expect(result.exitCode, result.log).toBe(0);
    const sentFiles = (await readFile(join(repo, 'out', 'files'), 'utf8')).split('\n').filter(Boolean);

    const chosen = dockerignoreFor(dockerfile, context, (path) => path in files);
    const matcher = chosen === null ? null : readIgnore(chosen, files[chosen] ?? '').matcher;
    const contextFiles = await listFiles(join(repo, context));
    const expected = contextFiles.filter((file) => matcher?.ignores(file) !== true);
    expect(sentFiles).toEqual(expected);
  });
});

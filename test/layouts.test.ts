/**
 * Every build-context shape users have, each with `COPY . .` and each kind of `.dockerignore`, linted
 * whole through `lint()`: the exact findings, and a run that completes (a root context once sent the
 * context walk into a cycle that ended in a V8 abort).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/lint.js';
import { tempTree, writeTree } from './helpers/tmp.js';

/** The policy's own layout: manifests and install in `deps`, the source in `build` (`FROM deps AS build` + `COPY . .`). */
const DOCKERFILE = `FROM node:20 AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci

FROM deps AS build
COPY . .
RUN npm run build

FROM gcr.io/distroless/nodejs20-debian12:nonroot AS runtime
WORKDIR /app
COPY --from=build /app/dist ./dist
CMD ["dist/index.js"]
`;

const MANDATORY = '**/node_modules\n**/__pycache__\n**/.git\n**/.gitignore\n**/.env\n**/*.log\n**/data\n**/*.pkl\n';

/** `.dockerignore` variants; `null` is no file at all. */
const IGNORE_FILES = {
  absent: null,
  empty: '',
  complete: MANDATORY,
  'everything but re-included source': `*\n!src\n!package.json\n!package-lock.json\n${MANDATORY}`,
  'a directory excluded, one file re-included': `${MANDATORY}src\n!src/index.js\n`,
  everything: '*\n',
} as const;
type IgnoreVariant = keyof typeof IGNORE_FILES;

/** One service's application: its Dockerfile, manifests and source, under `dir` (`''` for the root). */
function application(dir: string, dockerfile = `${prefixed(dir)}Dockerfile`): Record<string, string> {
  const at = prefixed(dir);
  return { [dockerfile]: DOCKERFILE, [`${at}package.json`]: '{}\n', [`${at}package-lock.json`]: '{}\n', [`${at}src/index.js`]: 'console.log(1);\n' };
}

function merged(trees: readonly Record<string, string>[]): Record<string, string> {
  return Object.fromEntries(trees.flatMap((tree) => Object.entries(tree)));
}

function prefixed(dir: string): string {
  return dir === '' ? '' : `${dir}/`;
}

/** A build as the findings name it. */
interface Build {
  /** The context directory, where its `.dockerignore` goes. */
  context: string;
  dockerfile: string;
  /** Where a missing `.dockerignore` is reported: the compose `build`/`context` value, or the Dockerfile's first line. */
  contextOrigin: string;
}

interface Layout {
  name: string;
  files: Record<string, string>;
  builds: Build[];
  /** Findings of the layout itself, whatever the `.dockerignore`: `rule file:line:column`. */
  findings: string[];
  /** The `.dockerignore` variants to try (default: all). */
  variants?: IgnoreVariant[];
}

/** For the big layouts: without, with `!` re-includes, and excluding everything. */
const FEW_VARIANTS: IgnoreVariant[] = ['absent', 'everything but re-included source', 'everything'];

const upstreamBase = (dockerfile: string): string => `service-uses-base-image ${dockerfile}:1:6`;

const MANY = 50;
const manyServices = Array.from({ length: MANY }, (_, index) => `s${String(index).padStart(2, '0')}`);

const LAYOUTS: Layout[] = [
  {
    name: 'the repository root, no compose file (a lone Dockerfile)',
    files: application(''),
    builds: [{ context: '', dockerfile: 'Dockerfile', contextOrigin: 'Dockerfile:1:1' }],
    findings: [upstreamBase('Dockerfile')],
  },
  {
    name: 'the repository root, compose `build: .`',
    files: { ...application(''), 'compose.yaml': 'services:\n  app:\n    build: .\n' },
    builds: [{ context: '', dockerfile: 'Dockerfile', contextOrigin: 'compose.yaml:3:12' }],
    findings: [upstreamBase('Dockerfile')],
  },
  {
    name: 'a nested context (backend/api)',
    files: { ...application('backend/api'), 'compose.yaml': 'services:\n  api:\n    build: backend/api\n' },
    builds: [{ context: 'backend/api', dockerfile: 'backend/api/Dockerfile', contextOrigin: 'compose.yaml:3:12' }],
    findings: [upstreamBase('backend/api/Dockerfile')],
  },
  {
    name: 'a sibling context (`context: ../api` from deploy/compose.yaml)',
    files: { ...application('api'), 'deploy/compose.yaml': 'services:\n  api:\n    build:\n      context: ../api\n' },
    builds: [{ context: 'api', dockerfile: 'api/Dockerfile', contextOrigin: 'deploy/compose.yaml:4:16' }],
    findings: [upstreamBase('api/Dockerfile')],
  },
  {
    name: 'a Dockerfile outside its context (`dockerfile: ../Dockerfile`)',
    files: { ...application('api', 'Dockerfile'), 'compose.yaml': 'services:\n  api:\n    build:\n      context: api\n      dockerfile: ../Dockerfile\n' },
    builds: [{ context: 'api', dockerfile: 'Dockerfile', contextOrigin: 'compose.yaml:4:16' }],
    // The root Dockerfile's own directory is a context of its own for `docker build .`, without an ignore file.
    findings: [upstreamBase('Dockerfile'), 'compose-build-isolation compose.yaml:5:19', 'dockerignore-required Dockerfile:1:1'],
  },
  {
    name: `${MANY} services, each in its own context`,
    files: {
      ...merged(manyServices.map((service) => application(service))),
      'compose.yaml': `services:\n${manyServices.map((service) => `  ${service}:\n    build: ${service}\n`).join('')}`,
    },
    builds: manyServices.map((service, index) => ({ context: service, dockerfile: `${service}/Dockerfile`, contextOrigin: `compose.yaml:${3 + 2 * index}:12` })),
    findings: manyServices.map((service) => upstreamBase(`${service}/Dockerfile`)),
    variants: FEW_VARIANTS,
  },
  {
    name: `${MANY} services building Dockerfiles of their own from the repository root`,
    files: {
      ...merged(manyServices.map((service) => application('', `${service}/Dockerfile`))),
      'compose.yaml': `services:\n${manyServices.map((service) => `  ${service}:\n    build: {context: ., dockerfile: ${service}/Dockerfile}\n`).join('')}`,
    },
    builds: manyServices.map((service) => ({ context: '', dockerfile: `${service}/Dockerfile`, contextOrigin: 'compose.yaml:3:22' })),
    findings: [
      ...manyServices.flatMap((service, index) => [
        upstreamBase(`${service}/Dockerfile`),
        `compose-build-isolation compose.yaml:${3 + 2 * index}:22`,
        // Each service's Dockerfile directory is a `docker build <dir>` context of its own, without an ignore file.
        `dockerignore-required ${service}/Dockerfile:1:1`,
        ...(index === 0 ? [] : [`compose-build-isolation compose.yaml:${3 + 2 * index}:22`]),
      ]),
    ],
    variants: FEW_VARIANTS,
  },
];

/** The findings a `.dockerignore` variant adds to one build. */
function ignoreFindings(build: Build, variant: IgnoreVariant): string[] {
  switch (variant) {
    case 'absent':
      return [`dockerignore-required ${build.contextOrigin}`];
    case 'empty':
      return [`dockerignore-required ${prefixed(build.context)}.dockerignore:1:1`];
    case 'everything':
      // '*' keeps every source from the builder: the manifests of `deps` and the `COPY . .` of `build`.
      return [6, 19].map((column) => `copy-ignored-file ${build.dockerfile}:3:${column}`).concat(`copy-ignored-file ${build.dockerfile}:7:6`);
    default:
      return [];
  }
}

function summary(findings: readonly { rule: string; file: string; line: number; column: number }[]): string[] {
  return findings.map((finding) => `${finding.rule} ${finding.file}:${finding.line}:${finding.column}`).sort();
}

/** A repository at `<temp>/repo`, so that `..` of the root is a directory the test owns. */
function repository(files: Record<string, string>): { root: string; parent: string } {
  const parent = tempTree();
  const root = path.join(parent, 'repo');
  mkdirSync(path.join(root, '.git'), { recursive: true });
  writeTree(root, files);
  return { root, parent };
}

describe('build-context layouts', () => {
  for (const layout of LAYOUTS) {
    describe(layout.name, () => {
      it.each(layout.variants ?? (Object.keys(IGNORE_FILES) as IgnoreVariant[]))('.dockerignore: %s', async (variant) => {
        const ignoreText = IGNORE_FILES[variant];
        const files = { ...layout.files };
        if (ignoreText !== null) for (const build of layout.builds) files[`${prefixed(build.context)}.dockerignore`] = ignoreText;
        const { root } = repository(files);
        const { findings } = await lint({ cwd: root });
        // The same context (and ignore file) shared by many builds is reported once per place.
        const expected = [...new Set(layout.builds.flatMap((build) => ignoreFindings(build, variant)))];
        expect(summary(findings)).toEqual([...layout.findings, ...expected].sort());
      });
    });
  }

  describe('a lone `FROM node:20` at the repository root, each way of sending the whole context', () => {
    const SINGLE_STAGE = ['runtime-no-build-tools Dockerfile:1:1', 'runtime-no-package-manager Dockerfile:1:1', 'runtime-user-not-root Dockerfile:1:1', 'stage-layout Dockerfile:1:1', 'service-uses-base-image Dockerfile:1:6'];
    // ADD of plain local files is also no-add-for-local's finding, whatever the ignore file says.
    it.each([
      ['COPY . .', 6, []],
      ['COPY ./ ./', 6, []],
      ['COPY . /app', 6, []],
      ['ADD . /app', 5, ['no-add-for-local Dockerfile:2:1']],
      ['COPY * /app/', 6, []],
      ['RUN --mount=type=bind,source=.,target=/src true', 5, []],
    ])('%s', async (instruction, column, always) => {
      const lintWith = async (ignoreText: string): Promise<string[]> => {
        const { root } = repository({ 'Dockerfile': `FROM node:20\n${instruction}\n`, '.dockerignore': ignoreText, 'src/index.js': '' });
        return summary((await lint({ cwd: root })).findings);
      };
      const expected = [...SINGLE_STAGE, ...always];
      expect(await lintWith('')).toEqual(['dockerignore-required .dockerignore:1:1', ...expected].sort());
      expect(await lintWith(`*\n!src\n${MANDATORY}`)).toEqual([...expected].sort());
      expect(await lintWith('*\n')).toEqual([`copy-ignored-file Dockerfile:2:${column}`, ...expected].sort());
    });
  });

  it('a COPY wildcard with many stars against long names that almost match completes (no backtracking)', async () => {
    const source = `${'*a'.repeat(20)}*b`;
    const { root } = repository({ 'Dockerfile': `FROM node:20\nCOPY ${source} /app/\n`, '.dockerignore': `*b\n${MANDATORY}`, ['a'.repeat(200)]: '', [`${'a'.repeat(199)}b`]: '' });
    // The one name that matches, 'a…ab', is excluded by '*b': the wildcard was matched, and right.
    expect(summary((await lint({ cwd: root })).findings)).toEqual(['copy-ignored-file Dockerfile:2:6', 'runtime-no-build-tools Dockerfile:1:1', 'runtime-no-package-manager Dockerfile:1:1', 'runtime-user-not-root Dockerfile:1:1', 'stage-layout Dockerfile:1:1', 'service-uses-base-image Dockerfile:1:6'].sort());
  });

  it('never reads or walks a context outside the project: it is reported, and a FIFO there would block a read', async () => {
    const { root, parent } = repository({ 'compose.yaml': 'services:\n  ext:\n    build: ../outside\n' });
    writeTree(parent, { 'outside/.dockerignore': '', 'outside/src/index.js': '' });
    execFileSync('mkfifo', [path.join(parent, 'outside', 'Dockerfile')]);
    const { findings, projects } = await lint({ cwd: root });
    expect(summary(findings)).toEqual(['compose-build-isolation compose.yaml:3:12']);
    const project = projects[0]?.project;
    expect(project?.filesUnder('')).toEqual(['.git', 'compose.yaml']);
    expect(project?.services.map((service) => [service.contextDir, service.dockerfile, service.dockerignore])).toEqual([['../outside', null, null]]);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/config/defaults.js';
import type { BuildContext } from '../../src/project/model.js';
import { copiesOnlyManifests, isManifest, isRemoteSource } from '../../src/vocabulary/manifests.js';
import { loadCase } from '../helpers/rule-tester.js';
import { tempTree } from '../helpers/tmp.js';

const manifests = DEFAULT_SETTINGS.manifests;

describe('isManifest with the default manifests', () => {
  it.each([
    'package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', '.yarnrc.yml', 'pnpm-lock.yaml',
    'pnpm-workspace.yaml', '.npmrc', 'requirements.txt', 'requirements-dev.txt', 'requirements_torch.txt',
    'constraints.txt', 'constraints-cuda.txt', 'pyproject.toml', 'poetry.lock', 'Pipfile', 'Pipfile.lock', 'uv.lock',
    'setup.cfg', 'environment.yml', 'environment-gpu.yml', 'conda-lock.yml', 'go.mod', 'go.sum', 'Gemfile',
    'Gemfile.lock', 'Cargo.toml', 'Cargo.lock', 'composer.json', 'composer.lock', 'backend/api/package.json', '.condarc',
  ])('%s is a manifest', (file) => {
    expect(isManifest(file, manifests)).toBe(true);
  });
  it.each(['src/server.ts', 'setup.py', 'tsconfig.json', 'README.md', 'requirements/base.txt', 'package.json.bak', 'Dockerfile', 'app.py'])(
    '%s is not a manifest',
    (file) => {
      expect(isManifest(file, manifests)).toBe(false);
    },
  );
  it('follows the setting', () => {
    expect(isManifest('deps.edn', ['deps.edn'])).toBe(true);
    expect(isManifest('package.json', ['deps.edn'])).toBe(false);
  });
});

it('isRemoteSource', () => {
  expect(['https://x.org/a.tgz', 'git@github.com:o/r.git', 'http://h/x', 'src', './https', 'file.txt'].map(isRemoteSource)).toEqual([true, true, true, false, false, false]);
});

describe('copiesOnlyManifests', () => {
  let context: BuildContext;
  beforeAll(async () => {
    const project = await loadCase(
      tempTree({
        'svc/Dockerfile': 'FROM node:22\n',
        'svc/.dockerignore': '.env\ndata\nDockerfile\n.dockerignore\n',
        'svc/package.json': '{}',
        'svc/package-lock.json': '{}',
        'svc/src/server.ts': '',
        'svc/src/lib/a.ts': '',
        'svc/deps/requirements.txt': '',
        'svc/deps/constraints.txt': '',
        'svc/node_modules/left-pad/index.js': '',
        'svc/.env': 'A=1\n',
        'svc/src-old/x.ts': '',
        'svc/requirements.txt': '',
        'svc/requirements-dev.txt': '',
        'svc/data/big.bin': '',
      }),
    );
    const [dockerfile] = project.dockerfiles;
    if (!dockerfile) throw new Error('the Dockerfile did not load');
    context = project.directoryContext(dockerfile);
  });

  const judged: [string, boolean][] = [
    ['package.json', true],
    ['package*.json', true],
    ['requirements*.txt', true],
    ['deps/', true],
    ['.', false],
    ['./', false],
    ['src', false],
    ['node_modules', false],
    ['src/lib/a.ts', false],
    // Nothing matches: judged by the name.
    ['missing/requirements.txt', true],
    ['yarn.lock', true],
    ['pnpm-*.yaml', true],
    ['*.py', false],
    ['missing-dir', false],
  ];
  it.each(judged)('copiesOnlyManifests(%s) = %s', (source, expected) => {
    expect(copiesOnlyManifests(source, context, manifests)).toBe(expected);
  });

  it('honours --exclude patterns', () => {
    expect(copiesOnlyManifests('*', context, manifests, ['src', 'src-old', 'node_modules'])).toBe(true);
    expect(copiesOnlyManifests('*', context, manifests, ['src', 'src-old'])).toBe(false);
    // The whole context never counts as manifests only, whatever it excludes.
    expect(copiesOnlyManifests('.', context, manifests, ['src', 'src-old', 'node_modules'])).toBe(false);
    expect(copiesOnlyManifests('src', context, manifests, ['*.ts', 'lib'])).toBe(false);
    expect(copiesOnlyManifests('src', context, manifests, ['server.ts', 'lib'])).toBe(false);
  });

  it('judges by name without a context', () => {
    expect(copiesOnlyManifests('package.json', null, manifests)).toBe(true);
    expect(copiesOnlyManifests('src', null, manifests)).toBe(false);
    expect(copiesOnlyManifests('.', null, manifests)).toBe(false);
  });
});

import type { ProjectSettings } from './schema.js';

/** Settings used when the config says nothing: they must work on any repository. */
export const DEFAULT_SETTINGS: ProjectSettings = {
  images: {},
  roles: {},
  gpuServices: [],
  gpuImages: ['nvidia/cuda', 'nvcr.io/nvidia/*'],
  mandatoryIgnores: ['node_modules', '__pycache__', '.git', '.gitignore', '.env', '*.log', 'data/', '*.pkl'],
  manifests: [
    'package.json',
    'package-lock.json',
    'npm-shrinkwrap.json',
    'yarn.lock',
    '.yarnrc.yml',
    'pnpm-lock.yaml',
    'pnpm-workspace.yaml',
    '.npmrc',
    'requirements*.txt',
    'constraints*.txt',
    'pyproject.toml',
    'poetry.lock',
    'Pipfile',
    'Pipfile.lock',
    'uv.lock',
    'setup.cfg',
    'environment*.yml',
    'conda-lock.yml',
    '.condarc',
    'go.mod',
    'go.sum',
    'Gemfile',
    'Gemfile.lock',
    'Cargo.toml',
    'Cargo.lock',
    'composer.json',
    'composer.lock',
  ],
  knownImages: {},
  dockerVersion: 'current',
};

export const CONFIG_FILE_NAME = '.dockerlintrc.json';

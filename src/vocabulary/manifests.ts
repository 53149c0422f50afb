/**
 * Dependency manifests, and what a `COPY`/`ADD` source copies from a build context: the question
 * "does this COPY bring in anything but manifests?" answered against the real files of the context.
 */
import { globMatcher, isGlobMatch } from '../globs.js';
import { contextPath } from '../project/build-context.js';
import type { BuildContext } from '../project/model.js';

export { isRemoteSource } from '../project/build-context.js';

/**
 * A dependency ecosystem: the manifests (file-name globs) that show it is in a build context, and what its
 * tools leave in a working tree that no image build needs (installed packages, caches, local environments).
 */
export interface Ecosystem {
  name: string;
  manifests: readonly string[];
  ignores: readonly string[];
}

export const ECOSYSTEMS: readonly Ecosystem[] = [
  {
    name: 'Node.js',
    manifests: ['package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', '.yarnrc.yml', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', '.npmrc'],
    ignores: ['node_modules'],
  },
  {
    name: 'Python',
    manifests: ['requirements*.txt', 'constraints*.txt', 'pyproject.toml', 'poetry.lock', 'Pipfile', 'Pipfile.lock', 'uv.lock', 'setup.cfg', 'environment*.yml', 'conda-lock.yml', '.condarc'],
    ignores: ['__pycache__', '*.pkl', '.venv'],
  },
  { name: 'Go', manifests: ['go.mod', 'go.sum'], ignores: [] },
  { name: 'Ruby', manifests: ['Gemfile', 'Gemfile.lock'], ignores: [] },
  { name: 'Rust', manifests: ['Cargo.toml', 'Cargo.lock'], ignores: ['target'] },
  { name: 'PHP', manifests: ['composer.json', 'composer.lock'], ignores: ['vendor'] },
];

/** What every build context keeps out of the builder, whatever it builds: history, secrets, logs. */
export const COMMON_IGNORES: readonly string[] = ['.git', '.env', '*.log'];

/**
 * The entries a context's .dockerignore must exclude by default: those of each ecosystem whose manifests
 * are among `paths` (the context's files, at any depth), then the common ones.
 */
export function mandatoryIgnoresFor(paths: readonly string[]): string[] {
  const found = ECOSYSTEMS.filter((ecosystem) => {
    const matches = globMatcher(ecosystem.manifests);
    return paths.some((path) => matches(path.slice(path.lastIndexOf('/') + 1)));
  });
  return [...new Set([...found.flatMap((ecosystem) => ecosystem.ignores), ...COMMON_IGNORES])];
}

/** Is a file a dependency manifest (its base name matches one of the `manifests` globs)? */
export function isManifest(path: string, manifests: readonly string[]): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return globMatcher(manifests)(name);
}

const GLOB_CHARS = /[*?[]/;

/** A wildcard pattern with no file to judge by: manifests-only when it can name a manifest (`package*.json`). */
function nameLooksLikeManifests(source: string, manifests: readonly string[]): boolean {
  const name = contextPath(source).split('/').at(-1) ?? '';
  if (name === '') return false;
  if (isManifest(name, manifests)) return true;
  return GLOB_CHARS.test(name) && manifests.some((manifest) => !GLOB_CHARS.test(manifest) && isGlobMatch(manifest, name));
}

/**
 * Does a COPY/ADD source copy nothing but manifests? Judged by the files it copies from the context
 * (minus `excludes`, the `--exclude` patterns); when it matches no file (or the context is unknown),
 * by its own name. The whole context (`.`) never is.
 */
export function copiesOnlyManifests(
  source: string,
  context: BuildContext | null,
  manifests: readonly string[],
  excludes: readonly string[] = [],
): boolean {
  if (contextPath(source) === '') return false;
  const copied = filesCopied(source, context, excludes);
  if (copied.length === 0) return nameLooksLikeManifests(source, manifests);
  return copied.every((file) => isManifest(file, manifests));
}

/** What a source copies from the context (see `BuildContext.copiedBy`) minus its `--exclude` patterns; none when the context is unknown. */
export function filesCopied(source: string, context: BuildContext | null, excludes: readonly string[] = []): string[] {
  const path = contextPath(source);
  return context === null ? [] : context.copiedBy(source).filter((file) => !isExcluded(file, path, excludes));
}

/** `--exclude` patterns match the path below the copied source or in the context, or one of its parents. */
function isExcluded(file: string, source: string, excludes: readonly string[]): boolean {
  if (excludes.length === 0) return false;
  const below = file.startsWith(`${source}/`) ? file.slice(source.length + 1) : null;
  const candidates: string[] = [];
  for (const path of below === null ? [file] : [file, below]) {
    const parts = path.split('/');
    for (let length = 1; length <= parts.length; length++) candidates.push(parts.slice(0, length).join('/'));
  }
  const excluded = globMatcher(excludes);
  return candidates.some(excluded);
}

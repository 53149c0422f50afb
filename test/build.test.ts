/**
 * dist/ and src/generated/ are committed, so that installing from a git or directory source (a pre-commit
 * hook, `npm install -g <repo>`) needs no build and no dev dependencies. They must be exactly what a fresh
 * build of the committed sources makes: this test builds a copy of the sources and compares.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/index.js';
import { tempTree } from './helpers/tmp.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const BUILT = ['dist', 'src/generated'];

/** Every file under the build's output directories, relative to `root`, with its content; source maps aside. */
function builtFiles(root: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const dir of BUILT) {
    if (!existsSync(path.join(root, dir))) continue;
    for (const entry of readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || entry.name.endsWith('.map')) continue;
      const file = path.join(entry.parentPath, entry.name);
      files.set(path.relative(root, file), readFileSync(file));
    }
  }
  return files;
}

describe('the committed build', () => {
  it('is what a fresh build of the sources makes (else: `npm run build`, then commit dist/ and src/generated/)', () => {
    const fresh = tempTree();
    for (const input of ['src', 'scripts', 'package.json', 'tsconfig.json']) {
      cpSync(path.join(repoRoot, input), path.join(fresh, input), { recursive: true, filter: (source) => source !== path.join(repoRoot, 'src/generated') });
    }
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(fresh, 'node_modules'));
    execFileSync(process.execPath, [path.join(fresh, 'scripts/build.mjs')], { cwd: fresh, stdio: 'pipe' });

    const committed = builtFiles(repoRoot);
    const built = builtFiles(fresh);
    expect(built.has('dist/bin.js')).toBe(true);
    const drift = [...new Set([...committed.keys(), ...built.keys()])].sort().flatMap((file) => {
      const [was, is] = [committed.get(file), built.get(file)];
      if (was === undefined) return [`${file}: missing (the build makes it)`];
      if (is === undefined) return [`${file}: stale (the build no longer makes it)`];
      return was.equals(is) ? [] : [`${file}: differs from the build`];
    });
    expect(drift).toEqual([]);
  }, 60_000);
});

describe('the bundle', () => {
  it('matches .dockerignore patterns as the sources do, with the build\'s patch to re2js (case folds looked up only when folding case)', async () => {
    // Wildcards, classes that differ only by case, and letters with a case orbit (ǅ, ǆ, Ǆ): where a wrongly
    // kept or dropped fold flag would show.
    const dockerignore = ['**/node_modules', '**/.git', '**/.env', '**/*.log', '**/__pycache__', '**/data', '**/*.pkl', '*.LoG', '[Dd]ocs', 'ǅ*', 'k?', '**/*.tmp', '!keep.tmp'];
    const sources = ['app.log', 'app.LoG', 'app.LOG', 'Docs', 'docs', 'DOCS', 'ǅx', 'ǆx', 'Ǆx', 'k1', 'K1', 'a/b.tmp', 'keep.tmp'];
    const root = tempTree({
      '.dockerignore': `${dockerignore.join('\n')}\n`,
      Dockerfile: `FROM alpine:3.20\n${sources.map((source) => `COPY ${source} /srv/\n`).join('')}`,
      ...Object.fromEntries(sources.map((source) => [source, 'x\n'])),
    });
    const bundle = (await import(path.join(repoRoot, 'dist', 'lint.js'))) as { lint: typeof lint };
    // Links to the rule docs differ by where the code runs from; toEqual ignores undefined properties.
    const withoutDocs = (findings: readonly object[]) => findings.map((finding) => ({ ...finding, docsUrl: undefined }));
    const [fromSources, fromBundle] = [await lint({ cwd: root }), await bundle.lint({ cwd: root })];
    const flaggedLines = fromSources.findings.filter((finding) => finding.rule === 'copy-ignored-file').map((finding) => sources[finding.line - 2]);
    expect(flaggedLines).toEqual(['app.log', 'app.LoG', 'Docs', 'docs', 'ǅx', 'k1', 'a/b.tmp']);
    expect(withoutDocs(fromBundle.findings)).toEqual(withoutDocs(fromSources.findings));
  });
});

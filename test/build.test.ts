/**
 * dist/ and src/generated/ are committed, so that installing from a git or directory source (a pre-commit
 * hook, `npm install -g <repo>`) needs no build and no dev dependencies. They must be exactly what a fresh
 * build of the committed sources makes: this test builds a copy of the sources and compares.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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

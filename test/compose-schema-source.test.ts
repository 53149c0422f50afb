/**
 * Where the Compose schema comes from, and that it is the newest one taken: the build compiles the schema
 * the dclint package ships, plus the keys Compose accepts that the package's copy lacks
 * (scripts/compose-schema-additions.json). These checks fail when a newer package brings an added key
 * (delete the addition: the package's definition wins), and, on a developer's machine with the registry
 * in reach, when a newer package is published but not taken.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import additions from '../scripts/compose-schema-additions.json' with { type: 'json' };

const root = path.resolve(import.meta.dirname, '..');
const dclintDir = path.join(root, 'node_modules', 'dclint');
const installed = (JSON.parse(readFileSync(path.join(dclintDir, 'package.json'), 'utf8')) as { version: string }).version;
const packaged = JSON.parse(readFileSync(path.join(dclintDir, 'schemas', 'compose.schema.json'), 'utf8')) as unknown;

function at(schema: unknown, segments: readonly string[]): unknown {
  return segments.reduce<unknown>((node, segment) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined), schema);
}

describe('the Compose schema source', () => {
  it.each(additions.map((addition) => [addition.pointer]))('the packaged schema has a place for %s, and not the key yet', (pointer) => {
    const segments = pointer.split('/').slice(1);
    expect(at(packaged, segments.slice(0, -1))).toBeTypeOf('object');
    expect(at(packaged, segments), `dclint@${installed} defines ${pointer} now: delete it from scripts/compose-schema-additions.json`).toBeUndefined();
  });

  it('the README names the package version the schema comes from', () => {
    expect(readFileSync(path.join(root, 'README.md'), 'utf8')).toContain(`dclint@${installed}`);
  });

  // A developer's check, not CI's: it asks the registry, so it runs only outside CI and when the registry answers.
  it.skipIf(process.env.CI !== undefined)('takes the newest published schema package', (context) => {
    let published: string;
    try {
      published = (JSON.parse(execFileSync('npm', ['view', 'dclint', 'version', '--json'], { encoding: 'utf8', timeout: 20_000 })) as string).trim();
    } catch {
      context.skip();
      return;
    }
    expect(installed, `dclint@${published} is published: update the devDependency, rebuild, and review the schema changes`).toBe(published);
  }, 30_000);
});

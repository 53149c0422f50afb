import { readdirSync, readFileSync, statSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyEdits, applyFixes } from '../src/fix.js';
import { tempTree } from './helpers/tmp.js';

describe('applyEdits', () => {
  it('applies edits in offset order and skips overlapping ones', () => {
    expect(applyEdits('abcdef', [
      { start: 4, end: 5, text: 'E' },
      { start: 0, end: 1, text: 'A' },
      { start: 0, end: 2, text: 'overlaps' },
      { start: 6, end: 6, text: '!' },
    ])).toEqual({ text: 'AbcdEf!', applied: 3 });
  });

  it('ignores edits outside the text', () => {
    expect(applyEdits('abc', [{ start: 2, end: 9, text: 'x' }])).toEqual({ text: 'abc', applied: 0 });
  });
});

describe('applyFixes', () => {
  it('edits and creates files, keeps modes, leaves no temporary files, and is idempotent for creation', () => {
    const root = tempTree({ 'a/.dockerignore': 'node_modules\n', 'run.sh': 'echo hi\n' });
    chmodSync(path.join(root, 'a/.dockerignore'), 0o640);
    const changed = applyFixes(root, [
      { kind: 'edit', file: 'a/.dockerignore', edits: [{ start: 13, end: 13, text: '**/.env\n' }] },
      { kind: 'create', file: 'b/.dockerignore', text: '**/.git\n' },
      { kind: 'create', file: 'run.sh', text: 'overwritten?\n' },
    ]);
    expect(changed).toEqual(['a/.dockerignore', 'b/.dockerignore']);
    expect(readFileSync(path.join(root, 'a/.dockerignore'), 'utf8')).toBe('node_modules\n**/.env\n');
    expect(statSync(path.join(root, 'a/.dockerignore')).mode & 0o777).toBe(0o640);
    expect(readFileSync(path.join(root, 'b/.dockerignore'), 'utf8')).toBe('**/.git\n');
    expect(readFileSync(path.join(root, 'run.sh'), 'utf8')).toBe('echo hi\n');
    expect(readdirSync(path.join(root, 'a'))).toEqual(['.dockerignore']);
    expect(applyFixes(root, [{ kind: 'create', file: 'b/.dockerignore', text: 'other\n' }])).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { hasWildcard, segmentMatcher } from '../../src/vocabulary/copy-wildcards.js';

describe('segmentMatcher (Go filepath.Match, one segment)', () => {
  it.each([
    ['*.py', 'app.py', true],
    ['*.py', '.hidden.py', true],
    ['*.py', 'app.pyc', false],
    ['*', '', true],
    ['*', 'a/b', false],
    ['a*', 'a', true],
    ['a*b*c', 'axxbyyc', true],
    ['a*b*c', 'axxbyyd', false],
    ['*x', 'xxx', true],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['a?c', 'a/c', false],
    ['?', 'é', true],
    ['[ab]x', 'bx', true],
    ['[^ab]x', 'bx', false],
    ['[^ab]x', 'cx', true],
    ['[a-c].txt', 'b.txt', true],
    ['[a-c].txt', 'd.txt', false],
    ['[a-cx-z]', 'y', true],
    ['[\\]]', ']', true],
    ['[\\-]', '-', true],
    ['a\\*b', 'a*b', true],
    ['a\\*b', 'axb', false],
    ['file(1).txt', 'file(1).txt', true],
    ['x.y', 'xzy', false],
    // Patterns Go refuses (ErrBadPattern) match nothing.
    ['[unclosed', '[unclosed', false],
    ['[]a]', ']', false],
    ['[]', '', false],
    ['[-a]', '-', false],
    ['[a-]', 'a', false],
    ['trailing\\', 'trailing\\', false],
  ])('%s against %s → %s', (pattern, name, expected) => {
    expect(segmentMatcher(pattern)(name)).toBe(expected);
  });

  it('runs without backtracking: many stars against a long name that almost matches', () => {
    const pattern = `${'*a'.repeat(40)}*b`;
    const name = 'a'.repeat(255);
    // A backtracking matcher takes astronomically long here; this one does 40 × 255 steps per star.
    expect(segmentMatcher(pattern)(name)).toBe(false);
    expect(segmentMatcher(pattern)(`${name}b`)).toBe(true);
  });
});

describe('hasWildcard', () => {
  it.each([
    ['*.js', true],
    ['a?', true],
    ['[ab]', true],
    ['a\\*b', false],
    ['a\\\\*', true],
    ['plain.txt', false],
  ])('%s → %s', (segment, expected) => {
    expect(hasWildcard(segment)).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { allowedAliasRatio, isExcessiveAliasing } from '../src/project/yaml-aliases.js';

// go-yaml v3 (which Compose decodes with) counts every node it decodes and those it decodes inside an
// alias, and refuses a document once more than 100 came from aliases, more than 1,000 in all, and the
// share from aliases passes a bound: 99% up to 400,000 nodes, falling linearly to 10% at 4,000,000.
describe('the alias bound of go-yaml v3', () => {
  it('allows 99% from aliases in small and medium documents, 10% in very large ones, linear between', () => {
    expect(allowedAliasRatio(1_000)).toBe(0.99);
    expect(allowedAliasRatio(400_000)).toBe(0.99);
    expect(allowedAliasRatio(2_200_000)).toBeCloseTo(0.545, 6);
    expect(allowedAliasRatio(4_000_000)).toBe(0.1);
    expect(allowedAliasRatio(9_000_000)).toBe(0.1);
  });

  it('never refuses with 100 alias-driven nodes or fewer, or 1,000 nodes or fewer', () => {
    expect(isExcessiveAliasing(100, 100_000)).toBe(false);
    expect(isExcessiveAliasing(1_000, 1_000)).toBe(false);
    expect(isExcessiveAliasing(101, 1_001)).toBe(false);
  });

  it('refuses once the share from aliases passes the bound', () => {
    expect(isExcessiveAliasing(991, 1_001)).toBe(true);
    expect(isExcessiveAliasing(990, 1_001)).toBe(false);
    expect(isExcessiveAliasing(3_000_000, 3_000_001)).toBe(true);
    expect(isExcessiveAliasing(1_000_000, 4_000_000)).toBe(true);
    expect(isExcessiveAliasing(399_000, 4_000_000)).toBe(false);
  });
});

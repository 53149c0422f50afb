import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { BUILDKIT_CHECKS, compatPage, compatProblems, DCLINT_RULES, HADOLINT_RULES, NOT_IMPLEMENTED } from '../src/compat.js';
import { defineRule, type Rule } from '../src/engine/rule.js';

function ruleNaming(id: string, equivalents: Rule['equivalents']): Rule {
  return defineRule({
    id,
    description: 'test rule that names other linters’ checks',
    kind: 'general',
    ...(equivalents === undefined ? {} : { equivalents }),
    documents: ['dockerfile'],
    defaultSeverity: 'warning',
    fixable: false,
    options: Type.Object({}, { additionalProperties: false }),
    messages: {},
    check: () => [],
  });
}

describe('compatibility table', () => {
  it('lists all 72 hadolint DL rules, the 22 BuildKit checks and the 15 dclint rules, once each', () => {
    const codes = HADOLINT_RULES.map((check) => check.code);
    expect(codes).toHaveLength(72);
    expect(new Set(codes).size).toBe(72);
    expect(codes.every((code) => /^DL\d{4}$/.test(code))).toBe(true);
    expect(new Set(BUILDKIT_CHECKS.map((check) => check.code)).size).toBe(22);
    expect(new Set(DCLINT_RULES.map((check) => check.code)).size).toBe(15);
  });

  it('finds a check that is both implemented and given a reason, one that is neither, and unknown codes', () => {
    // Reasons for every check but DL3059, and only test rules: independent of the real tables.
    const reasons = Object.fromEntries([...HADOLINT_RULES, ...BUILDKIT_CHECKS, ...DCLINT_RULES].filter(({ code }) => code !== 'DL3059').map(({ code }) => [code, 'a reason']));
    const rules = [ruleNaming('test-cd', { hadolint: ['DL3003', 'DL9999'], buildkit: ['NoSuchCheck'], shellcheck: ['SC2164', 'SC12'] })];
    expect(compatProblems(rules, { ...reasons, DL0000: 'typo' })).toEqual({
      implementedAndExplained: ['DL3003'],
      neither: ['DL3059'],
      unknownCodes: ['hadolint:DL9999', 'buildkit:NoSuchCheck', 'DL0000', 'shellcheck:SC12'],
    });
  });

  it('a rule that names a check takes the reason’s place on the page, linked to its docs', () => {
    const page = compatPage([ruleNaming('test-cd', { hadolint: ['DL3003'], shellcheck: ['SC2164'] }), ruleNaming('test-cd-too', { hadolint: ['DL3003'] })]);
    expect(page).toContain('| `DL3003` | WORKDIR instead of `cd` in RUN | [`test-cd`](rules/test-cd.md), [`test-cd-too`](rules/test-cd-too.md) |');
    expect(page).toContain('| [`SC2164`](https://www.shellcheck.net/wiki/SC2164) | [`test-cd`](rules/test-cd.md) |');
    expect(page).toContain(`| \`DL3059\` | Consecutive RUNs are merged | — ${NOT_IMPLEMENTED.DL3059 ?? ''} |`);
    expect(page).toContain('## hadolint (1 of 72)');
  });
});

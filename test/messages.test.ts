/**
 * Every finding a person reads is actionable: on every fixture repository, with every rule on, each
 * message says what is wrong in a first sentence of at most 100 characters, and its help says how to fix it.
 */
import { cpSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/lint.js';
import { ruleDocsUrl } from '../src/docs-url.js';
import { expectActionable } from './helpers/rule-tester.js';
import { tempTree } from './helpers/tmp.js';

const fixtures = path.resolve(import.meta.dirname, '../fixtures');

/** fixtures/<group>/<case>/, or fixtures/<group>/ itself when it is one repository. */
function fixtureRepos(): string[] {
  return readdirSync(fixtures).flatMap((group) => {
    const dir = path.join(fixtures, group);
    const entries = readdirSync(dir);
    const isRepo = entries.some((entry) => !statSync(path.join(dir, entry)).isDirectory()) || group === 'snowboarding-before';
    return isRepo ? [path.join(group)] : entries.map((entry) => path.join(group, entry));
  });
}

describe('messages on every fixture', () => {
  it.each(fixtureRepos())('%s', async (fixture) => {
    const root = tempTree();
    cpSync(path.join(fixtures, fixture), root, { recursive: true });
    const { findings } = await lint({ cwd: root });
    for (const finding of findings) {
      expect(finding.message, `${finding.rule} at ${finding.file}:${finding.line}`).not.toMatch(/\n/);
      expectActionable(finding.message, finding.help);
      expect(finding.docsUrl).toBe(ruleDocsUrl(finding.rule));
    }
  });
});

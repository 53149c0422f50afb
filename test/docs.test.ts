/** What is generated from rule metadata must match what is committed, and every rule has its docs. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../src/config/schema.js';
import { rules } from '../src/rules/index.js';
import { withRulesTable } from '../src/rules-table.js';
import { compatPage, compatProblems } from '../src/compat.js';

const root = path.resolve(import.meta.dirname, '..');
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');

describe('generated documentation', () => {
  it('the README rules table matches the rule metadata (run `npm run docs`)', () => {
    const readme = read('README.md');
    expect(withRulesTable(readme, rules)).toBe(readme);
  });

  it('the published config schema matches the rules and settings (run `npm run docs`)', () => {
    expect(JSON.parse(read('schema/dockerlintrc.schema.json'))).toEqual(JSON.parse(JSON.stringify(configSchema(rules))));
  });

  it('docs/compat.md matches the rule metadata and the table of reasons (run `npm run docs`)', () => {
    expect(compatPage(rules)).toBe(read('docs/compat.md'));
  });

  it('each hadolint, BuildKit and dclint check is implemented by a rule or given a reason, never both', () => {
    // implementedAndExplained: delete the code's entry from NOT_IMPLEMENTED (src/compat.ts).
    // neither: name it in a rule's equivalents, or give a reason. unknownCodes: a typo, or a check to add.
    expect(compatProblems(rules)).toEqual({ implementedAndExplained: [], neither: [], unknownCodes: [] });
  });

  it.each(rules.map((rule) => rule.id))('%s has a docs page with every section', (id) => {
    const file = `docs/rules/${id}.md`;
    expect(existsSync(path.join(root, file)), file).toBe(true);
    const page = read(file);
    expect(page.startsWith(`# ${id}\n`)).toBe(true);
    for (const section of ['## What it flags', '## Why', '## Bad', '## Good', '## Options', '## Equivalents']) {
      expect(page, `${file} has "${section}"`).toContain(section);
    }
  });

  it('rule ids are unique kebab-case and each has a description and messages', () => {
    const ids = rules.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of rules) {
      expect(rule.id).toMatch(/^[a-z]+(?:-[a-z]+)*$/);
      expect(rule.description.length).toBeGreaterThan(20);
      expect(Object.keys(rule.messages).length).toBeGreaterThan(0);
    }
  });
});

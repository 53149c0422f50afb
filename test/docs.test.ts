/** What is generated from rule metadata must match what is committed, and every rule has its docs. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../src/config/schema.js';
import { rules } from '../src/rules/index.js';
import { HEADER_END, withRuleDocsHeader } from '../src/rule-docs.js';
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

  it.each(rules.map((rule) => [rule.id, rule] as const))('%s has a docs page: the generated header up to date, then what it flags, why, bad, good, equivalents', (id, rule) => {
    const file = `docs/rules/${id}.md`;
    expect(existsSync(path.join(root, file)), file).toBe(true);
    const page = read(file);
    expect(page.startsWith(`# ${id}\n`)).toBe(true);
    expect(withRuleDocsHeader(page, rule), `${file}: run \`npm run docs\``).toBe(page);
    const handWritten = page.slice(page.indexOf(HEADER_END));
    for (const section of ['## What it flags', '## Why', '## Bad', '## Good', '## Equivalents']) {
      expect(handWritten, `${file} has "${section}"`).toContain(section);
    }
  });

  // parse-error reports the loader's problems: each parser's tests (test/dockerfile.test.ts, test/compose.test.ts, …) are its tests.
  const BUILT_IN = new Set(['parse-error']);
  it.each(rules.filter((rule) => !BUILT_IN.has(rule.id)).map((rule) => rule.id))('%s has table tests and fixture repositories', (id) => {
    expect(existsSync(path.join(root, `test/rules/${id}.test.ts`)), `test/rules/${id}.test.ts`).toBe(true);
    const fixtures = path.join(root, 'fixtures', id);
    expect(existsSync(fixtures) && readdirSync(fixtures).length > 0, `fixtures/${id}/`).toBe(true);
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

describe('the generated docs page header', () => {
  const rule = rules.find((candidate) => candidate.id === 'stage-layout');
  if (rule === undefined) throw new Error('stage-layout is not registered');
  const older = [
    '# stage-layout',
    '',
    'An intro that says the description again.',
    '',
    '## What it flags',
    '',
    'Stages.',
    '',
    '## Options',
    '',
    '| option | default | meaning |',
    '|---|---|---|',
    '| `stages` | x | y |',
    '',
    'Names are compared case-insensitively.',
    '',
    '## Equivalents',
    '',
    'None.',
    '',
  ].join('\n');

  it('converts a page of the older, all hand-written form: header generated, option prose kept, the rest untouched', () => {
    const page = withRuleDocsHeader(older, rule);
    expect(page).not.toContain('An intro');
    expect(page).not.toContain('| `stages` | x | y |');
    expect(page).toContain(`| \`stages\` | \`deps\`, \`build\`, \`runtime\` |`);
    expect(page.indexOf('Names are compared case-insensitively.')).toBeGreaterThan(page.indexOf(HEADER_END));
    expect(page).toContain('## What it flags\n\nStages.\n\n## Equivalents\n\nNone.\n');
    expect(page.match(/## Options/g)).toHaveLength(1);
  });

  it('is idempotent, and leaves the hand-written part alone', () => {
    const once = withRuleDocsHeader(older, rule);
    expect(withRuleDocsHeader(once, rule)).toBe(once);
    const edited = `${once}\nA later hand-written note.\n`;
    expect(withRuleDocsHeader(edited, rule)).toBe(edited);
  });
});

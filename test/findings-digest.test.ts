/**
 * No behaviour change from work on speed: the findings on a small corpus from the benchmark's seeded
 * generator, and on every fixture, all rules on, must match a committed digest, rule by rule. A difference
 * names the rules whose findings changed. When the change is intended (a new rule, a rule's fix),
 * regenerate the digest:
 *
 *   npx vitest run test/findings-digest.test.ts -u
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { generateLargeRepo } from '../scripts/bench/corpus.mjs';
import { loadConfig } from '../src/config/load.js';
import { runRules } from '../src/engine/run-rules.js';
import { lint, type Finding } from '../src/lint.js';
import { loadProject } from '../src/project/load.js';
import { formatJson } from '../src/report/json.js';
import type { SeveritySetting } from '../src/engine/rule.js';
import { rules } from '../src/rules/index.js';

const REGENERATE = 'npx vitest run test/findings-digest.test.ts -u';
const repoRoot = path.resolve(import.meta.dirname, '..');
const scratch = mkdtempSync(path.join(tmpdir(), 'dockerlint-digest-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

// Rules that are off by default are switched on, so that the digest covers every rule.
const everyRuleOn = new Map<string, SeveritySetting>(rules.filter((rule) => rule.defaultSeverity === 'off').map((rule) => [rule.id, 'warning']));

/**
 * Findings as the JSON report writes them, one line each, prefixed with `where`; without the docs link,
 * which names the checkout's own directory (the same findings in another clone would differ).
 */
function reportLines(where: string, findings: readonly Finding[]): { rule: string; line: string }[] {
  const { findings: reported } = JSON.parse(formatJson(findings)) as { findings: { rule: string; docsUrl?: unknown }[] };
  return reported.map((finding) => ({ rule: finding.rule, line: `${where}\t${JSON.stringify({ ...finding, docsUrl: undefined })}` }));
}

/** Each rule's finding count and a hash of its findings; every rule is listed, with or without findings. */
function digest(lines: readonly { rule: string; line: string }[]): Record<string, string> {
  const byRule = new Map<string, string[]>(rules.map((rule) => [rule.id, []]));
  for (const { rule, line } of lines) byRule.set(rule, [...(byRule.get(rule) ?? []), line]);
  return Object.fromEntries(
    [...byRule].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, texts]) => [id, `${texts.length} ${createHash('sha256').update(texts.join('\n')).digest('hex').slice(0, 16)}`]),
  );
}

/** Lints a fixture directory in place, as its own project (its config if it has one), as lint() would. */
async function lintFixture(dir: string): Promise<Finding[]> {
  const configFile = path.join(dir, '.dockerlintrc.json');
  const config = loadConfig(existsSync(configFile) ? configFile : null, rules, everyRuleOn);
  const project = await loadProject({ root: dir, gitRoot: null, ignorePatterns: config.ignorePatterns, settings: config.settings });
  return runRules(project, config, false);
}

it('finds on a seeded corpus and on every fixture exactly what the committed digest records, rule by rule', { timeout: 180_000 }, async () => {
  // About a twelfth of the benchmark's large repository: every kind of file and every planted violation.
  const corpus = path.join(scratch, 'corpus');
  generateLargeRepo(corpus, { seed: 20240601, composeFiles: 16, serviceCount: 80, dockerfileCount: 42, knownRuleIds: new Set(rules.map((rule) => rule.id)) });
  const generated = (await lint({ cwd: corpus, ruleSeverities: everyRuleOn })).findings;
  expect(formatJson(generated).includes(scratch), 'a finding names the temporary directory: the digest would differ on every run').toBe(false);

  const fixtureLines = [];
  const fixtureDirs = ['fixtures/snowboarding-before'];
  for (const ruleDir of readdirSync(path.join(repoRoot, 'fixtures'), { withFileTypes: true })) {
    if (!ruleDir.isDirectory() || !rules.some((rule) => rule.id === ruleDir.name)) continue;
    for (const fixture of readdirSync(path.join(repoRoot, 'fixtures', ruleDir.name), { withFileTypes: true })) {
      if (fixture.isDirectory()) fixtureDirs.push(`fixtures/${ruleDir.name}/${fixture.name}`);
    }
  }
  for (const dir of fixtureDirs.sort()) fixtureLines.push(...reportLines(dir, await lintFixture(path.join(repoRoot, dir))));

  const text = `${JSON.stringify(
    {
      generatedCorpus: { findings: generated.length, byRule: digest(reportLines('corpus', generated)) },
      fixtures: { directories: fixtureDirs.length, findings: fixtureLines.length, byRule: digest(fixtureLines) },
    },
    null,
    2,
  )}\n`;
  expect(fixtureLines.concat(reportLines('corpus', generated)).some(({ line }) => line.includes(repoRoot)), 'a digested finding names the checkout: the digest would differ in every clone').toBe(false);
  await expect(text, `the findings changed; if that is intended, regenerate the digest: ${REGENERATE}`).toMatchFileSnapshot('./findings-digest.json');
});

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rules } from '../src/rules/index.js';
import { reportOf } from './helpers/cli.js';
import { tempTree } from './helpers/tmp.js';

const repoRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
/** The validator's self-contained binary (its npm `bin` wrapper runs it through a shell, which splits `Sarif;Gh`). */
const multitool = createRequire(import.meta.url)('@microsoft/sarif-multitool') as string;

interface SarifLog {
  runs: {
    tool: { driver: { rules: { id: string; name: string; fullDescription: { text: string }; help: { text: string; markdown: string }; helpUri: string }[] } };
    results: {
      ruleId: string;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number } } }[];
      partialFingerprints: Record<string, string>;
      relatedLocations?: { physicalLocation: { artifactLocation: { uri: string } } }[];
    }[];
    invocations?: { executionSuccessful: boolean }[];
  }[];
}

function sarifOf(cwd: string, paths: string[] = []): Promise<string> {
  return reportOf(cwd, 'sarif', paths);
}

/** The errors and warnings (the validator's default levels) of Microsoft's validator with GitHub's rules. */
function validate(sarif: string): { rule: string; message: string }[] {
  const dir = tempTree({ 'report.sarif': sarif });
  const output = path.join(dir, 'validation.sarif');
  const run = spawnSync(multitool, ['validate', '--rule-kind', 'Sarif;Gh', '--output', output, path.join(dir, 'report.sarif')], { encoding: 'utf8' });
  expect(run.stdout).toContain('Analysis completed successfully');
  const log = JSON.parse(readFileSync(output, 'utf8')) as { runs: { results?: { ruleId: string; message: { id?: string; arguments?: string[] } }[] }[] };
  return (log.runs[0]?.results ?? []).map((result) => ({ rule: result.ruleId, message: (result.message.arguments ?? []).join(' | ') }));
}

/** A project whose Dockerfile's path has spaces and non-ASCII characters, with findings on that file. */
function unusualPathsProject(): string {
  return tempTree({
    'docker-compose.yml': 'services:\n  api:\n    build:\n      context: "sérvice dir"\n      dockerfile: my app.Dockerfile\n',
    'sérvice dir/package.json': '{}\n',
    'sérvice dir/my app.Dockerfile': 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node", "index.js"]\n',
  });
}

describe('SARIF for GitHub code scanning', { timeout: 60_000 }, () => {
  it('the validator runs here and reports what GitHub requires', () => {
    // A log without rule help: GitHub refuses it (GH2012), so an empty list below means something.
    const bare = { version: '2.1.0', runs: [{ tool: { driver: { name: 'x', rules: [{ id: 'r', shortDescription: { text: 'r' } }] } }, results: [] }] };
    expect(validate(JSON.stringify(bare)).map((problem) => problem.rule)).toContain('GH2012');
  });

  it('reports no error or warning on the "before" fixture', async () => {
    const sarif = await sarifOf(path.join(repoRoot, 'fixtures/snowboarding-before'));
    const log = JSON.parse(sarif) as SarifLog;
    expect(log.runs[0]?.results.length).toBeGreaterThan(10);
    expect(log.runs[0]?.results.some((result) => (result.relatedLocations?.length ?? 0) > 0)).toBe(true);
    expect(validate(sarif)).toEqual([]);
  });

  it('percent-encodes paths with spaces and non-ASCII characters, and the validator accepts them', async () => {
    const sarif = await sarifOf(unusualPathsProject());
    const uris = (JSON.parse(sarif) as SarifLog).runs[0]?.results.map((result) => result.locations[0]?.physicalLocation.artifactLocation.uri);
    expect(uris).toContain('s%C3%A9rvice%20dir/my%20app.Dockerfile');
    expect(validate(sarif)).toEqual([]);
  });

  it('describes every rule with its docs page', async () => {
    const driver = (JSON.parse(await sarifOf(unusualPathsProject())) as SarifLog).runs[0]?.tool.driver;
    expect(driver?.rules.map((rule) => rule.id)).toEqual(rules.map((rule) => rule.id));
    const copyIgnored = driver?.rules.find((rule) => rule.id === 'copy-ignored-file');
    expect(copyIgnored?.name).toBe('CopyIgnoredFile');
    expect(copyIgnored?.fullDescription.text).toBe("COPY/ADD sources (and bind mounts) from the build context that the context's .dockerignore excludes completely.");
    const page = readFileSync(path.join(repoRoot, 'docs/rules/copy-ignored-file.md'), 'utf8');
    expect(copyIgnored?.help.markdown).toBe(page.replace(/^# copy-ignored-file\n+/, '').replace(/^<!-- header:.*-->\n/gm, '').trim());
    expect(copyIgnored?.help.markdown).not.toContain('<!--');
    expect(copyIgnored?.helpUri).toMatch(/\/docs\/rules\/copy-ignored-file\.md$/);
  });

  it('keeps fingerprints when unrelated lines move the finding, and tells equal lines apart', async () => {
    const project = unusualPathsProject();
    const dockerfile = path.join(project, 'sérvice dir/my app.Dockerfile');
    const fingerprints = (log: SarifLog): Map<string, { line: number | undefined; rule: string }> =>
      new Map(log.runs[0]?.results.map((result) => [Object.values(result.partialFingerprints)[0] ?? '', { line: result.locations[0]?.physicalLocation.region.startLine, rule: result.ruleId }]));
    const first = JSON.parse(await sarifOf(project)) as SarifLog;
    const before = fingerprints(first);
    // One fingerprint per result, also for two rules' findings on the same line.
    expect(before.size).toBe(first.runs[0]?.results.length);
    writeFileSync(dockerfile, `# a comment\n\n${readFileSync(dockerfile, 'utf8')}`);
    const after = fingerprints(JSON.parse(await sarifOf(project)) as SarifLog);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    // The Dockerfile's findings did move: the fingerprints are not line numbers.
    const moved = [...before].filter(([key, finding]) => after.get(key)?.line !== finding.line);
    expect(moved.length).toBeGreaterThan(0);
  });
});

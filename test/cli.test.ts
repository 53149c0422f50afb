import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ruleDocsUrl } from '../src/docs-url.js';
import { runCli as run, type CliRun, type JsonFinding } from './helpers/cli.js';
import { tempTree } from './helpers/tmp.js';

const ESC = String.fromCharCode(27);
const hasColour = (text: string): boolean => text.includes(`${ESC}[`);

function findingsOf(result: CliRun): JsonFinding[] {
  return (JSON.parse(result.stdout) as { findings: JsonFinding[] }).findings;
}

const FULL_IGNORE = '**/node_modules\n**/__pycache__\n**/.git\n**/.gitignore\n**/.env\n**/*.log\n**/data\n**/*.pkl\n';

/** These tests exercise the engine and the CLI through two rules; the policy rules have tests of their own. */
const TWO_RULES = JSON.stringify({ extends: [], rules: { 'parse-error': 'error', 'no-windows-paths': 'error', 'dockerignore-required': 'error' } });

/** The acceptance repo: a `/mnt/c` volume and a `.dockerignore` holding only `node_modules`. */
function acceptanceRepo(): string {
  return tempTree({
    '.dockerlintrc.json': TWO_RULES,
    'docker-compose.yml': 'services:\n  api:\n    build: ./api\n    volumes:\n      - /mnt/c/Users/me/videos:/videos\n',
    'api/Dockerfile': 'FROM node:22-bookworm-slim\nWORKDIR /app\nCOPY package.json ./\nRUN npm install\nCOPY . .\n',
    'api/package.json': '{"name":"api"}\n',
    'api/.dockerignore': 'node_modules\n',
  });
}

describe('dockerlint CLI', () => {
  it('reports both rules at the right place in JSON and exits 1; --fix fixes, a second --fix changes nothing', async () => {
    const repo = acceptanceRepo();
    const before = await run(repo, ['--format', 'json']);
    expect(before.code).toBe(1);
    expect(findingsOf(before).map(({ rule, file, line, column, endLine, endColumn }) => ({ rule, file, line, column, endLine, endColumn }))).toEqual([
      { rule: 'dockerignore-required', file: 'api/.dockerignore', line: 1, column: 1, endLine: 1, endColumn: 1 },
      { rule: 'no-windows-paths', file: 'docker-compose.yml', line: 5, column: 9, endLine: 5, endColumn: 31 },
    ]);

    const fixed = await run(repo, ['--fix', '--format', 'json']);
    // Only what the Node.js context needs.
    const nodeIgnore = 'node_modules\n**/node_modules\n**/.git\n**/.env\n**/*.log\n';
    expect(readFileSync(path.join(repo, 'api/.dockerignore'), 'utf8')).toBe(nodeIgnore);
    expect(findingsOf(fixed).map((finding) => finding.rule)).not.toContain('dockerignore-required');
    expect(findingsOf(fixed).map((finding) => finding.rule)).toContain('no-windows-paths');
    expect(fixed.code).toBe(1);

    const again = await run(repo, ['--fix']);
    expect(again.stderr).not.toMatch(/Fixed/);
    expect(readFileSync(path.join(repo, 'api/.dockerignore'), 'utf8')).toBe(nodeIgnore);
  });

  it('reports unparsable files as parse-error findings, still lints the others, and never prints a stack trace', async () => {
    const repo = tempTree({
      '.dockerlintrc.json': TWO_RULES,
      'good/Dockerfile': 'FROM alpine:3.20\nENV DATA=/mnt/c/data\n',
      'good/.dockerignore': FULL_IGNORE,
      'broken/Dockerfile': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0x00]),
      'broken/.dockerignore': FULL_IGNORE,
      'compose.yaml': 'services:\n  api:\n    image: "unclosed\n',
      'heredoc/Dockerfile': 'FROM alpine:3.20\nRUN cat <<- EOF > /x\nhello\nEOF\n',
      'heredoc/.dockerignore': FULL_IGNORE,
      'ignore/Dockerfile': 'FROM alpine:3.20\n',
      'ignore/.dockerignore': `${FULL_IGNORE}!\nsrc/[a-\n`,
    });
    const result = await run(repo, ['--format', 'json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    const byRule = findingsOf(result).map(({ rule, file, line }) => `${rule} ${file}:${line}`);
    expect(byRule).toContain('parse-error broken/Dockerfile:1');
    expect(byRule).toContain('parse-error heredoc/Dockerfile:2');
    expect(byRule.filter((entry) => entry.startsWith('parse-error compose.yaml'))).toHaveLength(1);
    expect(byRule).toContain('no-windows-paths good/Dockerfile:2');
    expect(byRule.filter((entry) => entry.startsWith('parse-error ignore/'))).toEqual(['parse-error ignore/.dockerignore:9', 'parse-error ignore/.dockerignore:10']);
  });

  it('exits 2 naming the bad key of a broken config, and on usage errors', async () => {
    const repo = tempTree({ '.dockerlintrc.json': '{ "rules": { "no-windows-paths": "loud" } }', 'Dockerfile': 'FROM alpine\n' });
    const broken = await run(repo, []);
    expect(broken).toEqual({
      code: 2,
      stdout: '',
      stderr: `dockerlint: ${path.join(repo, '.dockerlintrc.json')}: rules.no-windows-paths: expected a severity (off, info, warning, error) or [severity, options], got "loud"\n`,
    });
    expect(await run(repo, ['--fromat', 'json'])).toEqual({ code: 2, stdout: '', stderr: "dockerlint: unknown option '--fromat'; did you mean '--format'?\n" });
    expect(await run(repo, ['--bogus'])).toEqual({ code: 2, stdout: '', stderr: "dockerlint: unknown option '--bogus'; run 'dockerlint --help' for the options\n" });
    expect((await run(repo, ['-f'])).stderr).toBe("dockerlint: option '--format' needs a value; run 'dockerlint --help' for the options\n");
    expect((await run(repo, ['--fix=yes'])).stderr).toBe("dockerlint: option '--fix' takes no value; run 'dockerlint --help' for the options\n");
    expect((await run(repo, ['doctor', '--formt', 'json'])).stderr).toBe("dockerlint: unknown option '--formt'; did you mean '--format'?\n");
    expect((await run(repo, ['--format', 'xml', '--config', '/nonexistent.json'])).stderr).toMatch(/unknown format 'xml'/);
    expect((await run(repo, ['missing/path'])).stderr).toBe('dockerlint: no such file or directory: missing/path\n');
    expect((await run(repo, ['--max-warnings', 'many'])).code).toBe(2);
  });

  it('lints a single file argument within its project and reports only that file', async () => {
    const repo = acceptanceRepo();
    const onlyIgnore = await run(repo, ['api/.dockerignore', '--format', 'json']);
    expect(findingsOf(onlyIgnore).map((finding) => finding.file)).toEqual(['api/.dockerignore']);
    const fromSubdirectory = await run(path.join(repo, 'api'), ['.', '--format', 'json']);
    expect(findingsOf(fromSubdirectory).map((finding) => finding.file)).toEqual(['api/.dockerignore']);
  });

  it('lints a directory whose name starts with two dots (it is inside the project)', async () => {
    const repo = tempTree({ '.dockerlintrc.json': TWO_RULES, '..cache/Dockerfile': 'FROM alpine:3.20\n' });
    const inside = await run(repo, ['..cache', '--format', 'json']);
    expect(inside.stderr).toBe('');
    expect(findingsOf(inside).map((finding) => `${finding.rule} ${finding.file}`)).toEqual(['dockerignore-required ..cache/Dockerfile']);
  });

  it('applies --rule, --quiet and --max-warnings to the exit code', async () => {
    const repo = acceptanceRepo();
    const asWarnings = ['--rule', 'no-windows-paths:warning', '--rule', 'dockerignore-required:warning'];
    expect((await run(repo, asWarnings)).code).toBe(0);
    expect(await run(repo, [...asWarnings, '--max-warnings', '1', '--format', 'json'])).toMatchObject({ code: 1, stderr: 'dockerlint: 2 warnings (max 1): --max-warnings fails the run\n' });
    expect((await run(repo, [...asWarnings, '--max-warnings', '2'])).code).toBe(0);
    const quiet = await run(repo, [...asWarnings, '--quiet', '--max-warnings', '0']);
    expect(quiet).toEqual({ code: 0, stdout: '', stderr: '' });
    expect((await run(repo, ['--rule', 'no-windows-paths:off', '--rule', 'dockerignore-required:off'])).code).toBe(0);
    expect((await run(repo, ['--rule', 'no-such-rule:off'])).stderr).toMatch(/unknown rule 'no-such-rule'/);
  });

  it('prints where the time went with --timing, on stderr, for the phases and the rules that ran', async () => {
    const timed = await run(acceptanceRepo(), ['--timing', '--format', 'json']);
    expect(findingsOf(timed)).toHaveLength(2);
    const rows = timed.stderr.trim().split('\n').slice(2).map((row) => row.split('|').map((cell) => cell.trim()));
    expect(rows.map(([name]) => name).sort()).toEqual(['dockerignore-required', 'no-windows-paths', 'parse-error', 'read and parse files', 'start-up (Node, loading dockerlint)', 'total']);
    expect(rows.at(-1)).toEqual(['total', expect.stringMatching(/^\d+\.\d$/), '100.0%']);
    const times = rows.map(([, ms]) => Number(ms));
    expect(times.slice(0, -1)).toEqual([...times.slice(0, -1)].sort((a, b) => b - a));
    expect((await run(acceptanceRepo(), ['--format', 'json'])).stderr).toBe('');
  });

  it('lets --rule win over the config and its overrides, in the lint and in --print-config alike', async () => {
    const repo = acceptanceRepo();
    const config = JSON.parse(TWO_RULES) as Record<string, unknown>;
    config.overrides = [{ files: ['api/**'], rules: { 'dockerignore-required': 'error' } }];
    writeFileSync(path.join(repo, '.dockerlintrc.json'), JSON.stringify(config));
    const off = await run(repo, ['--rule', 'dockerignore-required:off', '--format', 'json']);
    expect(findingsOf(off).map((finding) => finding.rule)).toEqual(['no-windows-paths']);
    const printed = await run(repo, ['--rule', 'dockerignore-required:off', '--print-config', 'api/.dockerignore']);
    expect((JSON.parse(printed.stdout) as { rules: Record<string, unknown> }).rules['dockerignore-required']).toBe('off');
    const warning = await run(repo, ['--rule', 'dockerignore-required:warning', '--format', 'json']);
    expect(findingsOf(warning).map((finding) => [finding.rule, finding.severity])).toEqual([
      ['dockerignore-required', 'warning'],
      ['no-windows-paths', 'error'],
    ]);
  });

  it('honours inline suppressions and reports unused ones when asked', async () => {
    const repo = tempTree({
      '.dockerlintrc.json': TWO_RULES,
      'compose.yaml': 'services:\n  api:\n    image: api\n    volumes:\n      # dockerlint-disable-next-line no-windows-paths -- legacy machine, removed in #42\n      - /mnt/c/a:/a\n      # dockerlint-disable-next-line dockerignore-required\n      - /mnt/c/b:/b\n',
    });
    const result = await run(repo, ['--format', 'json', '--report-unused-disable-directives']);
    expect(findingsOf(result).map(({ rule, line }) => `${rule}:${line}`)).toEqual(['unused-disable-directive:7', 'no-windows-paths:8']);
    writeFileSync(path.join(repo, '.dockerlintrc.json'), JSON.stringify({ ...(JSON.parse(TWO_RULES) as object), noInlineConfig: true }));
    expect(findingsOf(await run(repo, ['--format', 'json'])).map(({ rule, line }) => `${rule}:${line}`)).toEqual(['no-windows-paths:6', 'no-windows-paths:8']);
  });

  it('writes the report to --output-file and prints stylish output with colour only when asked', async () => {
    const repo = acceptanceRepo();
    const toFile = await run(repo, ['--format', 'json', '--output-file', 'report.json']);
    expect(toFile.stdout).toBe('');
    const report = JSON.parse(readFileSync(path.join(repo, 'report.json'), 'utf8')) as { findings: { rule: string; help: string; docsUrl: string }[] };
    expect(report).toMatchObject({ version: 1, summary: { errors: 2, warnings: 0, fixable: 1 } });
    expect(report.findings.map(({ rule, help, docsUrl }) => ({ rule, help, docsUrl }))).toEqual([
      { rule: 'dockerignore-required', help: "Add **/node_modules, **/.git, **/.env, **/*.log to api/.dockerignore: without '**/' a pattern matches only at the context root (Docker still sends pkg/node_modules, .git, .env, x.log).", docsUrl: ruleDocsUrl('dockerignore-required') },
      { rule: 'no-windows-paths', help: 'Keep the project and its data in the Linux file system (under your WSL home, or in a named volume).', docsUrl: ruleDocsUrl('no-windows-paths') },
    ]);
    expect(ruleDocsUrl('no-windows-paths')).toMatch(/^file:\/\/\S+\/docs\/rules\/no-windows-paths\.md$/);
    expect(existsSync(fileURLToPath(ruleDocsUrl('no-windows-paths'))), 'the linked page exists').toBe(true);
    const plain = await run(repo, [], {}, true);
    expect(hasColour(plain.stdout)).toBe(true);
    expect(plain.stdout).toContain('potentially fixable with the `--fix` option');
    expect(hasColour((await run(repo, [], { NO_COLOR: '1' }, true)).stdout)).toBe(false);
    expect(hasColour((await run(repo, ['--no-color'], {}, true)).stdout)).toBe(false);
    expect(hasColour((await run(repo, [], { FORCE_COLOR: '1' }, false)).stdout)).toBe(true);
    const lines = (await run(repo, [])).stdout.split('\n');
    expect(lines).toContain('api/.dockerignore');
    const finding = lines.findIndex((line) => /^ {2}5:9 {2}error {2}A Windows-drive path is slow .* Path: '\/mnt\/c\/Users\/me\/videos'\. {2}no-windows-paths$/.test(line));
    expect(finding).toBeGreaterThan(-1);
    expect(lines[finding + 1]).toMatch(/^ {14}fix: Keep the project and its data in the Linux file system/);
    expect(lines).toContain('✖ 2 problems (2 errors, 0 warnings)');
    // Each rule's docs page once, in the summary.
    const docs = lines.slice(lines.indexOf('Rule docs (why, and bad and good examples):') + 1, -1);
    expect(docs).toEqual([expect.stringMatching(/^ {2}dockerignore-required {2}file:\/\/\S+\/docs\/rules\/dockerignore-required\.md$/), expect.stringMatching(/^ {2}no-windows-paths {7}file:\/\/\S+\/docs\/rules\/no-windows-paths\.md$/)]);
  });

  it('prints GitHub annotations and SARIF', async () => {
    const repo = acceptanceRepo();
    const github = await run(repo, ['--format', 'github']);
    expect(github.stdout.split('\n')).toContain(
      "::error file=docker-compose.yml,line=5,col=9,endLine=5,endColumn=31,title=dockerlint no-windows-paths::A Windows-drive path is slow through WSL's file bridge, and file watching breaks. Path: '/mnt/c/Users/me/videos'. Keep the project and its data in the Linux file system (under your WSL home, or in a named volume).",
    );
    const sarif = JSON.parse((await run(repo, ['--format', 'sarif'])).stdout) as {
      version: string;
      runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[];
    };
    expect(sarif.version).toBe('2.1.0');
    const [sarifRun] = sarif.runs;
    const results = sarifRun?.results.map((result) => ({
      rule: result.ruleId,
      indexed: sarifRun.tool.driver.rules[result.ruleIndex]?.id,
      level: result.level,
      uri: result.locations[0]?.physicalLocation.artifactLocation.uri,
      line: result.locations[0]?.physicalLocation.region.startLine,
    }));
    expect(results).toEqual([
      { rule: 'dockerignore-required', indexed: 'dockerignore-required', level: 'error', uri: 'api/.dockerignore', line: 1 },
      { rule: 'no-windows-paths', indexed: 'no-windows-paths', level: 'error', uri: 'docker-compose.yml', line: 5 },
    ]);
  });

  it('lists rules, prints the version, help, and the effective config of a file', async () => {
    const repo = tempTree({
      '.dockerlintrc.json': JSON.stringify({ overrides: [{ files: ['scripts/**'], rules: { 'no-windows-paths': 'warning' } }], gpuServices: ['pose'] }),
    });
    const rules = await run(repo, ['--list-rules']);
    expect(rules.stdout).toMatch(/^Rule +Default +Fixable +What it checks\n/);
    expect(rules.stdout).toMatch(/^parse-error +error +Files that cannot be read or parsed/m);
    expect(rules.stdout).toMatch(/^dockerignore-required +error +yes +Every build context.*\n +docs: file:\/\/\S+\/docs\/rules\/dockerignore-required\.md$/m);
    expect((await run(repo, ['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect((await run(repo, ['--help'])).stdout).toContain('Usage: dockerlint [options] [paths...]');
    const printed = JSON.parse((await run(repo, ['--print-config', 'scripts/a.sh'])).stdout) as { rules: Record<string, unknown>; gpuServices: string[]; configFile: string };
    expect(printed.rules['no-windows-paths']).toBe('warning');
    expect(printed.rules['parse-error']).toBe('error');
    expect(printed.gpuServices).toEqual(['pose']);
    expect(printed.configFile).toBe('.dockerlintrc.json');
  });
});

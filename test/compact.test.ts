import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { reportOf, type JsonFinding } from './helpers/cli.js';
import { tempTree } from './helpers/tmp.js';

const repoRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** The VS Code problem matcher as the README documents it, so the snippet cannot drift from the format. */
function readmeProblemMatcher(): { regexp: string; file: number; line: number; column: number; severity: number; message: number; code: number } {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const block = [...readme.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => match[1] ?? '').find((text) => text.includes('problemMatcher'));
  const tasks = JSON.parse(block ?? 'null') as { tasks: { problemMatcher: { pattern: ReturnType<typeof readmeProblemMatcher> } }[] };
  const pattern = tasks.tasks[0]?.problemMatcher.pattern;
  if (pattern === undefined) throw new Error('no problem matcher in the README');
  return pattern;
}

describe('compact format', () => {
  it.each([
    ['the "before" fixture', () => path.join(repoRoot, 'fixtures/snowboarding-before')],
    [
      'paths with spaces and non-ASCII characters',
      () =>
        tempTree({
        'docker-compose.yml': 'services:\n  api:\n    build:\n      context: "sérvice dir"\n      dockerfile: my app.Dockerfile\n',
        'sérvice dir/package.json': '{}\n',
        'sérvice dir/my app.Dockerfile': 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n',
        }),
    ],
  ])('prints one line per finding that the README problem matcher reads back: %s', async (_name, project) => {
    const cwd = project();
    const matcher = readmeProblemMatcher();
    const regexp = new RegExp(matcher.regexp);
    const lines = (await reportOf(cwd, 'compact')).split('\n').slice(0, -1);
    const { findings } = JSON.parse(await reportOf(cwd, 'json')) as { findings: JsonFinding[] };
    expect(findings.length).toBeGreaterThan(0);
    const read = lines.map((line) => {
      const match = regexp.exec(line);
      expect(match, line).not.toBeNull();
      return {
        rule: match?.[matcher.code],
        severity: match?.[matcher.severity],
        file: match?.[matcher.file],
        line: Number(match?.[matcher.line]),
        column: Number(match?.[matcher.column]),
        message: match?.[matcher.message],
      };
    });
    expect(read).toEqual(findings.map((finding) => ({ rule: finding.rule, severity: finding.severity, file: finding.file, line: finding.line, column: finding.column, message: expect.stringContaining(finding.message.replace(/\s*\n\s*/g, ' ')) as unknown })));
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { reportOf } from './helpers/cli.js';
import { tempTree } from './helpers/tmp.js';

const repoRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

async function report(cwd: string, format = 'gitlab'): Promise<unknown> {
  return JSON.parse(await reportOf(cwd, format));
}

/**
 * GitLab's Code Quality report format as its docs describe it: an array of issues, each with a
 * description, check_name, fingerprint, severity (info, minor, major, critical, blocker), location.path,
 * and location.lines.begin or location.positions.begin.line.
 */
const CODE_QUALITY_SCHEMA = {
  type: 'array',
  items: {
    type: 'object',
    required: ['description', 'check_name', 'fingerprint', 'severity', 'location'],
    properties: {
      description: { type: 'string', minLength: 1 },
      check_name: { type: 'string', minLength: 1 },
      fingerprint: { type: 'string', minLength: 1 },
      severity: { enum: ['info', 'minor', 'major', 'critical', 'blocker'] },
      location: {
        type: 'object',
        required: ['path'],
        properties: {
          path: { type: 'string', minLength: 1 },
          lines: { type: 'object', required: ['begin'], properties: { begin: { type: 'integer', minimum: 1 } } },
          positions: {
            type: 'object',
            required: ['begin'],
            properties: { begin: { type: 'object', required: ['line'], properties: { line: { type: 'integer', minimum: 1 }, column: { type: 'integer', minimum: 1 } } } },
          },
        },
        anyOf: [{ required: ['lines'] }, { required: ['positions'] }],
      },
    },
  },
};

interface Issue {
  check_name: string;
  severity: string;
  fingerprint: string;
  location: { path: string; positions: { begin: { line: number } } };
}

describe('GitLab Code Quality format', () => {
  const validate = new Ajv({ allErrors: true }).compile(CODE_QUALITY_SCHEMA);

  it('matches the documented shape on the "before" fixture, one distinct fingerprint per issue', async () => {
    const fixture = path.join(repoRoot, 'fixtures/snowboarding-before');
    const issues = (await report(fixture)) as Issue[];
    const { findings } = (await report(fixture, 'json')) as { findings: { severity: string }[] };
    expect(validate(issues), JSON.stringify(validate.errors)).toBe(true);
    expect(issues.length).toBeGreaterThan(10);
    expect(new Set(issues.map((issue) => issue.fingerprint)).size).toBe(issues.length);
    const expected = { error: 'major', warning: 'minor', info: 'info' } as Record<string, string>;
    expect(issues.map((issue) => issue.severity)).toEqual(findings.map((finding) => expected[finding.severity]));
  });

  it('keeps paths as they are and fingerprints when lines above a finding move it', async () => {
    const root = tempTree({ 'sérvice dir/Dockerfile': 'FROM python:3.12\nRUN pip install flask\n', 'sérvice dir/.dockerignore': '**/.git\n' });
    const first = (await report(root)) as Issue[];
    expect(first.map((issue) => issue.location.path)).toContain('sérvice dir/Dockerfile');
    const dockerfile = path.join(root, 'sérvice dir/Dockerfile');
    writeFileSync(dockerfile, `# a comment\n${readFileSync(dockerfile, 'utf8')}`);
    const second = (await report(root)) as Issue[];
    const lines = (issues: Issue[]): Map<string, number> => new Map(issues.map((issue) => [issue.fingerprint, issue.location.positions.begin.line]));
    expect([...lines(second).keys()].sort()).toEqual([...lines(first).keys()].sort());
    const pipFinding = first.find((issue) => issue.check_name === 'dependency-cache-mount');
    expect(lines(second).get(pipFinding?.fingerprint ?? '')).toBe((pipFinding?.location.positions.begin.line ?? 0) + 1);
  });
});

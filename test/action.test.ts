import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { tempTree } from './helpers/tmp.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const cli = path.join(repoRoot, 'dist/bin.js');

interface ActionStep {
  shell?: string;
  env?: Record<string, string>;
  run?: string;
}
interface Action {
  inputs: Record<string, { default?: string; required?: boolean; description: string }>;
  runs: { using: string; steps: ActionStep[] };
}

const action = parse(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as Action;

/** `${{ inputs.name }}` with the value the runner gives it: the one set, else the default. */
function expand(value: string, inputs: Record<string, string>): string {
  return value.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expression: string) => {
    const name = /^inputs\.([\w-]+)$/.exec(expression)?.[1];
    if (name === undefined || !(name in action.inputs)) throw new Error(`action.yml uses an expression this test does not know: ${expression}`);
    return inputs[name] ?? action.inputs[name]?.default ?? '';
  });
}

/**
 * Runs the action's steps as the runner does (`bash --noprofile --norc -eo pipefail` on the step's text,
 * its `env` expanded) in `cwd`, with an `npx` on PATH that stands in for the registry: it checks that the
 * package asked for is dockerlint-policy, then runs the built CLI with the arguments after `dockerlint`.
 */
function runAction(cwd: string, inputs: Record<string, string>): { status: number | null; stdout: string; stderr: string; npxCalls: string[] } {
  const bin = tempTree();
  const log = path.join(bin, 'npx.log');
  writeFileSync(
    path.join(bin, 'npx'),
    [
      '#!/bin/bash',
      'set -eu',
      `printf '%s\\n' "$*" >> ${JSON.stringify(log)}`,
      'while [ "$1" != -- ]; do',
      '  case "$1" in --yes) ;; --package=dockerlint-policy|--package=dockerlint-policy@*) ;; *) echo "npx stand-in: unexpected $1" >&2; exit 99 ;; esac',
      '  shift',
      'done',
      'shift',
      '[ "$1" = dockerlint ] || { echo "npx stand-in: runs $1, not dockerlint" >&2; exit 99; }',
      'shift',
      `exec ${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(path.join(bin, 'npx'), 0o755);
  let result: { status: number | null; stdout: string; stderr: string } = { status: 0, stdout: '', stderr: '' };
  for (const step of action.runs.steps) {
    expect(step.shell).toBe('bash');
    const script = step.run ?? '';
    // Inputs go through the environment only: an input spliced into the script's text could run as code.
    expect(script).not.toContain('${{');
    const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([name, value]) => [name, expand(value, inputs)]));
    const run = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
      cwd,
      encoding: 'utf8',
      env: { PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`, HOME: process.env.HOME, ...env },
    });
    result = { status: run.status, stdout: result.stdout + run.stdout, stderr: result.stderr + run.stderr };
    if (run.status !== 0) break;
  }
  return { ...result, npxCalls: existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [] };
}

/** A service with an error (the source copied before the install) and a warning (no cache mount). */
const PROJECT = {
  'compose.yaml': 'services:\n  web:\n    build: ./web\n',
  'web/.dockerignore': '**/.git\n**/.env\n**/*.log\n**/node_modules\n',
  'web/package.json': '{}\n',
  'web/Dockerfile': 'FROM node:20 AS deps\nCOPY . .\nRUN npm ci\n',
};

describe('action.yml', () => {
  it('is a composite action whose inputs are described', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs).sort()).toEqual(['changed-since', 'config', 'format', 'max-warnings', 'paths', 'sarif-file', 'version']);
    for (const input of Object.values(action.inputs)) expect(input.description.length).toBeGreaterThan(10);
  });

  it('prints annotations, writes the SARIF file and fails the job on findings, as its steps run in a workflow', () => {
    const root = tempTree(PROJECT);
    const run = runAction(root, { 'sarif-file': 'reports/dockerlint.sarif', 'max-warnings': '0' });
    expect(run.status, run.stderr).toBe(1);
    const annotations = run.stdout.split('\n').filter((line) => line.startsWith('::'));
    expect(annotations.length).toBeGreaterThan(0);
    expect(annotations.every((line) => /^::(error|warning|notice) file=(web\/Dockerfile|compose\.yaml),line=\d+,/.test(line))).toBe(true);
    const sarif = JSON.parse(readFileSync(path.join(root, 'reports/dockerlint.sarif'), 'utf8')) as { runs: { results: { ruleId: string }[] }[] };
    expect(sarif.runs[0]?.results.map((result) => result.ruleId).sort()).toEqual(
      annotations.map((line) => /,title=dockerlint ([a-z-]+)::/.exec(line)?.[1]).sort(),
    );
    expect(run.npxCalls).toEqual([
      '--yes --package=dockerlint-policy -- dockerlint --max-warnings 0 --format sarif --output-file reports/dockerlint.sarif -- .',
      '--yes --package=dockerlint-policy -- dockerlint --max-warnings 0 --format github -- .',
    ]);
  });

  it('passes paths, config, changed-since and version through, and succeeds on a clean project', () => {
    const root = tempTree({ ...PROJECT, 'web/Dockerfile': 'FROM node:20 AS deps\nCOPY package.json ./\nRUN npm ci\nUSER node\n', 'ci/lint.json': '{"rules":{"stage-layout":"off","runtime-no-build-tools":"off","runtime-no-package-manager":"off","service-uses-base-image":"off","dependency-cache-mount":"off"}}\n' });
    spawnSync('git', ['init', '-q'], { cwd: root });
    const run = runAction(root, { paths: 'web\ncompose.yaml', config: 'ci/lint.json', version: '1.2.3', 'changed-since': 'no-such-ref' });
    expect(run.npxCalls).toEqual(['--yes --package=dockerlint-policy@1.2.3 -- dockerlint --config ci/lint.json --changed-since no-such-ref --format github -- web compose.yaml']);
    expect(run.status).toBe(2);
    const clean = runAction(root, { paths: 'web compose.yaml', config: 'ci/lint.json' });
    expect([clean.status, clean.stdout, clean.stderr]).toEqual([0, '', '']);
  });

  it('stops on a usage error while writing the SARIF file', () => {
    const run = runAction(tempTree(PROJECT), { 'sarif-file': 'out.sarif', format: 'no-such-format', config: 'missing.json' });
    expect(run.status).toBe(2);
    expect(run.npxCalls).toHaveLength(1);
    expect(run.stderr).toContain('config file not found: missing.json');
  });
});

describe('the README CI section', () => {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## CI\n'), readme.indexOf('\n## ', readme.indexOf('\n## CI\n') + 1));
  const yamlBlocks = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => parse(match[1] ?? '') as unknown);

  it('has a GitHub workflow that uses the action with its real inputs and uploads its SARIF file with the permissions needed', () => {
    const workflow = yamlBlocks.find((block): block is { permissions: Record<string, string>; jobs: Record<string, { steps: { uses?: string; with?: Record<string, unknown> }[] }> } =>
      typeof block === 'object' && block !== null && 'jobs' in block);
    expect(workflow).toBeDefined();
    expect(workflow?.permissions).toEqual({ contents: 'read', 'security-events': 'write' });
    const steps = Object.values(workflow?.jobs ?? {}).flatMap((job) => job.steps);
    const lint = steps.find((step) => step.uses?.includes('dockerlint@') === true);
    const upload = steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(Object.keys(lint?.with ?? {}).every((name) => name in action.inputs)).toBe(true);
    expect(lint?.with?.['sarif-file']).toBeDefined();
    expect(upload?.with?.sarif_file).toBe(lint?.with?.['sarif-file']);
  });

  it('has a GitLab job whose Code Quality artifact is the report it writes', () => {
    const gitlab = yamlBlocks.find((block): block is Record<string, { script: string[]; artifacts: { reports: { codequality: string } } }> =>
      typeof block === 'object' && block !== null && JSON.stringify(block).includes('codequality'));
    const job = Object.values(gitlab ?? {})[0];
    const report = job?.artifacts.reports.codequality ?? '';
    expect(job?.script.some((line) => line.includes('--format gitlab') && line.includes(`--output-file ${report}`))).toBe(true);
  });
});

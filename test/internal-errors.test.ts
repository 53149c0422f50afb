/**
 * A bug of dockerlint itself (an exception in a parser, a rule or the engine) never loses the report
 * silently nor ends in a stack trace: a parser's becomes a finding on its file, a rule's a finding on
 * the project, and anything else one line naming what was being linted, with exit code 2.
 */
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli.js';
import { lint } from '../src/lint.js';
import { tempTree } from './helpers/tmp.js';

const broken = vi.hoisted(() => ({ parser: false, rule: false, graph: false }));

vi.mock('../src/project/dockerignore.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/project/dockerignore.js')>();
  return {
    ...original,
    parseDockerignore: (source: Parameters<typeof original.parseDockerignore>[0]) => {
      if (broken.parser && source.path === 'api/.dockerignore') throw new TypeError("Cannot read properties of undefined (reading 'text')");
      return original.parseDockerignore(source);
    },
  };
});

vi.mock('../src/rules/stage-layout.js', async (importOriginal) => {
  const original = (await importOriginal<typeof import('../src/rules/stage-layout.js')>()).default;
  return {
    default: {
      ...original,
      check: (...args: Parameters<typeof original.check>) => {
        if (broken.rule) throw new TypeError("Cannot read properties of undefined (reading 'name')");
        return original.check(...args);
      },
    },
  };
});

vi.mock('../src/project/graph.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/project/graph.js')>();
  return {
    ...original,
    buildImageGraph: (...args: Parameters<typeof original.buildImageGraph>) => {
      if (broken.graph) throw new Error('graph\nbroken.');
      return original.buildImageGraph(...args);
    },
  };
});

afterEach(() => {
  broken.parser = false;
  broken.rule = false;
  broken.graph = false;
});

const REPO = {
  '.git/HEAD': '',
  'api/Dockerfile': 'FROM node:20\nCOPY . .\n',
  'api/.dockerignore': 'node_modules\n',
  'web/Dockerfile': 'FROM node:20\nCOPY . .\n',
  'compose.yaml': 'services:\n  api:\n    build: api\n    volumes: ["/mnt/c/data:/data"]\n',
};

const summary = (findings: readonly { rule: string; file: string; line: number }[]): string[] => findings.map((finding) => `${finding.rule} ${finding.file}:${finding.line}`);

describe('internal errors', () => {
  it('a parser that throws: a finding on its file, and every other file is still linted', async () => {
    const root = tempTree(REPO);
    const healthy = summary((await lint({ cwd: root })).findings);
    broken.parser = true;
    const { findings } = await lint({ cwd: root });
    const failure = findings.find((finding) => finding.file === 'api/.dockerignore');
    expect(failure).toMatchObject({ rule: 'parse-error', line: 1, column: 1 });
    expect(failure?.message).toBe(
      "internal error while reading this file (TypeError: Cannot read properties of undefined (reading 'text')); it is not linted. This is a bug in dockerlint; please report it (DOCKERLINT_DEBUG=1 shows the stack).",
    );
    // The other files' findings are all there: those of web/ and the compose file, where the api context
    // now counts as one without an ignore file.
    const others = summary(findings.filter((finding) => !finding.file.startsWith('api/')));
    expect(others).toEqual(['dockerignore-required compose.yaml:3', ...healthy.filter((line) => !line.includes(' api/'))]);
    expect(others).toEqual(expect.arrayContaining(['no-windows-paths compose.yaml:4', 'stage-layout web/Dockerfile:1']));
  });

  it('a rule that throws: one finding of that rule on the project, and the other rules still report', async () => {
    const root = tempTree(REPO);
    const healthy = summary((await lint({ cwd: root })).findings);
    broken.rule = true;
    const { findings } = await lint({ cwd: root, paths: ['web/Dockerfile'] });
    expect(findings.filter((finding) => finding.rule === 'stage-layout').map((finding) => [finding.file, finding.line, finding.message, finding.help])).toEqual([
      [
        '.',
        1,
        "internal error in rule stage-layout (TypeError: Cannot read properties of undefined (reading 'name')): its findings are missing",
        'The other rules ran. This is a bug in dockerlint; please report it (DOCKERLINT_DEBUG=1 shows the stack).',
      ],
    ]);
    const others = summary(findings.filter((finding) => finding.rule !== 'stage-layout'));
    expect(others).toEqual(healthy.filter((line) => line.includes(' web/') && !line.startsWith('stage-layout')));
    expect(others.length).toBeGreaterThan(0);
  });

  it('anything else: exit code 2 and one line naming what was being linted; the stack only with DOCKERLINT_DEBUG', async () => {
    const root = tempTree(REPO);
    broken.graph = true;
    let stderr = '';
    const io = { cwd: root, env: {}, isTTY: false, stdout: () => undefined, stderr: (text: string) => (stderr += text) };
    expect(await main([], io)).toBe(2);
    expect(stderr).toBe('dockerlint: internal error while linting .: graph broken. This is a bug in dockerlint; please report it (DOCKERLINT_DEBUG=1 shows the stack).\n');
    stderr = '';
    expect(await main([path.join(root, 'api')], { ...io, cwd: path.dirname(root) })).toBe(2);
    expect(stderr.split('\n')[0]).toMatch(/^dockerlint: internal error while linting dockerlint-test-\w+: graph broken\. /);
    stderr = '';
    expect(await main([], { ...io, env: { DOCKERLINT_DEBUG: '1' } })).toBe(2);
    expect(stderr).toMatch(/^dockerlint: internal error while linting \.: graph broken\. .*\nError: graph\nbroken\.\n\s+at /);
  });
});

/**
 * The shell parser (tree-sitter's WebAssembly) is loaded only when a shell command must be parsed: a
 * project whose Dockerfiles run none starts without it, and one that needs it parses every command.
 */
import { beforeEach, expect, it, vi } from 'vitest';
import { isInstruction } from '../src/project/model.js';
import { loadCase } from './helpers/rule-tester.js';
import { tempTree } from './helpers/tmp.js';

const loads = vi.hoisted(() => ({ count: 0 }));

vi.mock('../src/project/shell.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/project/shell.js')>();
  return {
    ...original,
    initShellParser: () => {
      loads.count++;
      return original.initShellParser();
    },
  };
});

beforeEach(() => {
  loads.count = 0;
});

it('is not loaded for Dockerfiles without a shell command', async () => {
  const root = tempTree({
    'Dockerfile': 'FROM nginx:1.27-alpine\nCOPY site/ /usr/share/nginx/html/\nCMD ["nginx", "-g", "daemon off;"]\n',
    'site/index.html': '',
  });
  const project = await loadCase(root);
  expect(project.dockerfiles).toHaveLength(1);
  expect(loads.count).toBe(0);
});

it('is loaded when a later Dockerfile runs a command, and that command is parsed', async () => {
  const root = tempTree({
    'a/Dockerfile': 'FROM alpine:3.20\nCOPY . /app\n',
    'b/Dockerfile': 'FROM alpine:3.20\nRUN apk add --no-cache curl && curl --version\n',
  });
  const project = await loadCase(root);
  expect(loads.count).toBeGreaterThan(0);
  const run = project.dockerfiles.find((doc) => doc.source.path === 'b/Dockerfile')?.stages[0]?.instructions.find((instruction) => isInstruction(instruction, 'RUN'));
  expect(run !== undefined && isInstruction(run, 'RUN') ? run.shell?.commands.map((command) => command.program) : null).toEqual(['apk', 'curl']);
});

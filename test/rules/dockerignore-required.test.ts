import rule, { anyDepthPattern } from '../../src/rules/dockerignore-required.js';
import { describe, expect, it } from 'vitest';
import { ruleTests } from '../helpers/rule-tester.js';

const ALL = '**/node_modules\n**/__pycache__\n**/.git\n**/.gitignore\n**/.env\n**/*.log\n**/data\n**/*.pkl\n';

describe('anyDepthPattern', () => {
  it.each([
    ['node_modules', '**/node_modules'],
    ['data/', '**/data'],
    ['/build', '**/build'],
    ['*.log', '**/*.log'],
    ['**/x', '**/x'],
  ])('%s → %s', (entry, pattern) => {
    expect(anyDepthPattern(entry)).toBe(pattern);
  });
});

ruleTests(rule, {
  valid: [
    { name: 'compose contexts and a Dockerfile-specific ignore file that exclude everything at any depth', fixture: 'fixtures/dockerignore-required/complete' },
    {
      name: 'mandatory entries configured by the project',
      files: { 'Dockerfile': 'FROM scratch\n', '.dockerignore': '**/secrets/\n**/*.tmp\n' },
      settings: { mandatoryIgnores: ['secrets/', '*.tmp'] },
    },
    {
      name: 'a compose build with an inline Dockerfile uses its context\'s .dockerignore',
      files: {
        'compose.yaml': 'services:\n  app:\n    build:\n      context: app\n      dockerfile_inline: |\n        FROM alpine\n',
        'app/.dockerignore': '**/.git\n**/.env\n**/*.log\n',
        'app/main.sh': 'echo hi\n',
      },
    },
  ],
  invalid: [
    {
      name: 'a Node.js context holding only node_modules (top level only, as Docker matches it): no Python entries asked for',
      fixture: 'fixtures/dockerignore-required/only-node-modules',
      errors: [
        {
          messageId: 'missingEntries',
          data: {
            file: 'backend/api/.dockerignore',
            entries: 'node_modules, .git, .env, *.log',
            examples: 'pkg/node_modules, .git, .env, x.log',
            patterns: '**/node_modules, **/.git, **/.env, **/*.log',
          },
          file: 'backend/api/.dockerignore',
          line: 1,
          column: 1,
        },
      ],
      output: { 'backend/api/.dockerignore': 'node_modules\n**/node_modules\n**/.git\n**/.env\n**/*.log\n' },
    },
    {
      name: 'a Python context without any ignore file: reported at the compose context, fixed by creating it with the Python entries',
      fixture: 'fixtures/dockerignore-required/missing-file',
      errors: [
        {
          messageId: 'missingFile',
          data: { context: 'backend/worker', file: 'backend/worker/.dockerignore', entries: '__pycache__, *.pkl, .venv, .git, .env, *.log' },
          file: 'compose.yaml',
          line: 4,
          column: 16,
        },
      ],
      output: { 'backend/worker/.dockerignore': '**/__pycache__\n**/*.pkl\n**/.venv\n**/.git\n**/.env\n**/*.log\n' },
    },
    {
      name: 'a context with a Node.js manifest and, deeper, a Python one needs the entries of both',
      files: { 'Dockerfile': 'FROM scratch\n', 'package.json': '{}\n', 'tools/gen/requirements.txt': 'jinja2\n', '.dockerignore': '**/node_modules\n**/.git\n**/.env\n**/*.log\n' },
      errors: [{ messageId: 'missingEntries', data: { file: '.dockerignore', entries: '__pycache__, *.pkl, .venv', examples: '__pycache__, x.pkl, .venv', patterns: '**/__pycache__, **/*.pkl, **/.venv' }, file: '.dockerignore', line: 1, column: 1 }],
    },
    {
      name: 'the mandatoryIgnores setting wins over what fits the context',
      files: { 'Dockerfile': 'FROM scratch\n', 'package.json': '{}\n' },
      settings: { mandatoryIgnores: ['.git', 'secrets/'] },
      errors: [{ messageId: 'missingFile', data: { context: '.', file: '.dockerignore', entries: '.git, secrets/' }, file: 'Dockerfile', line: 1, column: 1 }],
      output: { '.dockerignore': '**/.git\n**/secrets\n' },
    },
    {
      name: 'a later exception re-includes a mandatory entry; no trailing newline before the fix',
      files: { 'svc/Dockerfile': 'FROM scratch\n', 'svc/.dockerignore': `${ALL}!**/.env` },
      errors: [
        {
          messageId: 'missingEntries',
          data: { file: 'svc/.dockerignore', entries: '.env', examples: '.env', patterns: '**/.env' },
          file: 'svc/.dockerignore',
          line: 1,
          column: 1,
        },
      ],
      output: { 'svc/.dockerignore': `${ALL}!**/.env\n**/.env\n` },
    },
    {
      name: 'a configured entry written without **/ matches only at the context root',
      files: { 'Dockerfile': 'FROM scratch\n', '.dockerignore': 'secrets/\n**/*.tmp\n' },
      settings: { mandatoryIgnores: ['secrets/', '*.tmp'] },
      errors: [
        {
          messageId: 'missingEntries',
          data: { file: '.dockerignore', entries: 'secrets/', examples: 'pkg/secrets', patterns: '**/secrets' },
          file: '.dockerignore',
          line: 1,
          column: 1,
        },
      ],
    },
    {
      name: 'a service built from the repository root: the root context and the Dockerfile directory both need one',
      files: {
        'compose.yaml': 'services:\n  frontend:\n    build:\n      context: .\n      dockerfile: web/Dockerfile.dev\n',
        'web/Dockerfile.dev': 'FROM node:20-alpine\nCOPY . .\n',
      },
      errors: [
        { messageId: 'missingFile', data: { context: '.', file: '.dockerignore', entries: '.git, .env, *.log' }, file: 'compose.yaml', line: 4, column: 16 },
        { messageId: 'missingFile', data: { context: 'web', file: 'web/.dockerignore', entries: '.git, .env, *.log' }, file: 'web/Dockerfile.dev', line: 1, column: 1 },
      ],
    },
    {
      name: 'a Dockerfile directory is a build context too, reported at its FROM',
      files: { 'tools/Dockerfile': '# syntax check\nFROM alpine:3.20 AS base\n' },
      errors: [{ messageId: 'missingFile', file: 'tools/Dockerfile', line: 2, column: 1 }],
    },
  ],
});

import { describe, expect, it } from 'vitest';
import { affectedFiles } from '../src/project/affected.js';
import { loadCase } from './helpers/rule-tester.js';
import { tempTree } from './helpers/tmp.js';

/**
 * A repository of the shapes the relations take: compose services with their contexts, an override file,
 * an included file, a `.env`, a bind mount, a base image with a service and a standalone Dockerfile built on
 * it, a Dockerfile with its own `.dockerignore`, and a Dockerfile no compose file builds.
 */
const REPO = {
  'compose.yaml': [
    'include:',
    '  - ops/compose.yaml',
    'services:',
    '  api:',
    '    build:',
    '      context: ./api',
    '      dockerfile: ${API_DOCKERFILE:-Dockerfile}',
    '    volumes:',
    '      - ./scripts:/scripts:ro',
    '  worker:',
    '    build: ./worker',
    '  base:',
    '    build: ./base-py',
    '    image: base-py',
    '',
  ].join('\n'),
  'compose.override.yaml': 'services:\n  worker:\n    environment:\n      A: "1"\n',
  '.env': 'API_DOCKERFILE=Dockerfile\n',
  'ops/compose.yaml': 'services:\n  metrics:\n    build: ./metrics\n',
  'ops/metrics/Dockerfile': 'FROM alpine\n',
  'api/Dockerfile': 'FROM node:20\n',
  'api/.dockerignore': '**/.git\n',
  'api/src/index.js': '1\n',
  'scripts/start.sh': '#!/bin/sh\nexec node .\n',
  'worker/Dockerfile': 'FROM base-py AS deps\n',
  'worker/Dockerfile.dockerignore': '**/.git\n',
  'base-py/Dockerfile': 'FROM python:3.12-slim\n',
  'tools/Dockerfile': 'FROM base-py\nCOPY --from=base-py /x /x\n',
  'tools/.dockerignore': '**/.git\n',
  'docs/readme.md': 'x\n',
};

describe('affectedFiles', () => {
  it.each([
    ['a context .dockerignore', ['api/.dockerignore'], ['api/.dockerignore', 'api/Dockerfile']],
    ['a source file of a context', ['api/src/index.js'], ['api/.dockerignore', 'api/Dockerfile', 'api/src/index.js']],
    ['a deleted .dockerignore (the context still names its Dockerfile)', ['worker/.dockerignore'], ['worker/.dockerignore', 'worker/Dockerfile', 'worker/Dockerfile.dockerignore']],
    ['a Dockerfile-specific ignore file', ['worker/Dockerfile.dockerignore'], ['worker/Dockerfile', 'worker/Dockerfile.dockerignore']],
    ['a service Dockerfile: its compose file too', ['api/Dockerfile'], ['api/.dockerignore', 'api/Dockerfile', 'compose.yaml']],
    [
      'a base Dockerfile: every Dockerfile built on it, with a compose service or without',
      ['base-py/Dockerfile'],
      ['base-py/Dockerfile', 'compose.yaml', 'tools/Dockerfile', 'worker/Dockerfile'],
    ],
    ['a file in a bind mount', ['scripts/start.sh'], ['compose.yaml', 'scripts/start.sh']],
    ['a standalone Dockerfile: its directory is its context', ['tools/.dockerignore'], ['tools/.dockerignore', 'tools/Dockerfile']],
    ['an included compose file', ['ops/compose.yaml'], ['compose.yaml', 'ops/compose.yaml', 'ops/metrics/Dockerfile']],
    ['a file that feeds nothing', ['docs/readme.md'], ['docs/readme.md']],
  ])('%s', async (_name, changed, expected) => {
    const project = await loadCase(tempTree(REPO));
    expect([...affectedFiles(project, changed)].sort()).toEqual(expected);
  });

  it('a compose file, its override and the .env beside them: every service they define, and what is built on those', async () => {
    const project = await loadCase(tempTree(REPO));
    const all = ['api/.dockerignore', 'api/Dockerfile', 'base-py/Dockerfile', 'compose.override.yaml', 'compose.yaml', 'tools/Dockerfile', 'worker/Dockerfile', 'worker/Dockerfile.dockerignore'];
    expect([...affectedFiles(project, ['compose.yaml'])].sort()).toEqual(all);
    expect([...affectedFiles(project, ['.env'])].sort()).toEqual(['.env', ...all].sort());
    expect([...affectedFiles(project, ['compose.override.yaml'])].sort()).toEqual(['compose.override.yaml', 'compose.yaml', 'worker/Dockerfile', 'worker/Dockerfile.dockerignore']);
  });
});

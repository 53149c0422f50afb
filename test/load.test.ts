import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../src/config/defaults.js';
import { diskFileSystem } from '../src/project/file-system.js';
import { loadProject } from '../src/project/load.js';
import type { Project } from '../src/project/model.js';
import { LINTED_FILE_LIMIT } from '../src/project/load.js';
import { loadCase, loadFiles } from './helpers/rule-tester.js';
import { tempTree, writeTree } from './helpers/tmp.js';

describe('loadProject: where a service builds', () => {
  it.each([
    ['a relative context in a sub-directory', 'deploy/compose.yaml', 'build: ../api', 'api', 'api/Dockerfile'],
    ['the default Dockerfile in the compose directory', 'compose.yaml', 'build: .', '', 'Dockerfile'],
    ['a Dockerfile relative to the context', 'compose.yaml', 'build: {context: api, dockerfile: ../docker/api.Dockerfile}', 'api', 'docker/api.Dockerfile'],
    ['a context outside the repository', 'compose.yaml', 'build: ../elsewhere', '../elsewhere', '../elsewhere/Dockerfile'],
    ['an absolute context inside the repository', 'deploy/compose.yaml', 'build: {context: <root>/api}', 'api', 'api/Dockerfile'],
    ['an absolute context outside it', 'deploy/compose.yaml', 'build: {context: <root>/../other}', '../other', '../other/Dockerfile'],
    ['an absolute Dockerfile', 'compose.yaml', 'build: {context: api, dockerfile: <root>/docker/Dockerfile}', 'api', 'docker/Dockerfile'],
    ['an unresolved variable', 'compose.yaml', 'build: ${NOWHERE}', null, null],
    ['a git URL', 'compose.yaml', 'build: https://github.com/example/app.git#main', null, null],
    ['an inline Dockerfile', 'compose.yaml', 'build: {context: api, dockerfile_inline: "FROM alpine"}', 'api', null],
  ])('%s', async (_name, composeFile, build, contextDir, dockerfilePath) => {
    const root = tempTree({ 'api/Dockerfile': 'FROM alpine\n' });
    const text = `services:\n  app:\n    ${build.replaceAll('<root>', root.split(path.sep).join('/'))}\n`;
    writeTree(root, { [composeFile]: text });
    const project = await loadCase(root);
    expect(project.services.map((each) => [each.contextDir, each.dockerfilePath])).toEqual([[contextDir, dockerfilePath]]);
  });
});

describe('loadProject: the paths of the discovery walk', () => {
  it('lists the entries below a directory, never the directory itself, and the root exists', async () => {
    const root = tempTree({ 'Dockerfile': 'FROM alpine\n', '.dockerignore': '', 'api/app.js': '' });
    const project = await loadCase(root);
    expect(project.filesUnder('')).toEqual(['.dockerignore', 'Dockerfile', 'api', 'api/app.js']);
    expect(project.filesUnder('api')).toEqual(['api/app.js']);
    expect(project.exists('')).toBe(true);
    expect(project.exists('api')).toBe(true);
    expect(project.exists('missing')).toBe(false);
  });
});

describe('loadProject: Makefiles', () => {
  it('parses each into a document; an oversized or binary one ends in a problem, and the rest is still read', async () => {
    const root = tempTree({
      'Makefile': 'export DOCKER_BUILDKIT := 1\nbuild:\n\tdocker build .\n',
      'big/Makefile': `all:\n${'\techo filler\n'.repeat(30_000)}`,
      'tools/binary.mk': Buffer.from([0x41, 0x00, 0x3d, 0x31]),
    });
    const project = await loadCase(root);
    expect(project.makefiles.map((doc) => doc.source.path)).toEqual(['Makefile']);
    expect(project.document('Makefile')?.kind).toBe('makefile');
    expect(project.makefiles[0]?.rules[0]?.recipe[0]?.shell.commands.map((command) => command.name)).toEqual(['docker']);
    expect(project.problems.map((problem) => `${problem.location.file}: ${problem.message}`)).toEqual([
      expect.stringMatching(/^big\/Makefile: file is too large to lint/) as string,
      'tools/binary.mk: binary file: expected text',
    ]);
  });
});

describe('loadProject from files held in memory', () => {
  /** What the walk found and what each file became, with the root left out. */
  function summary(project: Project): unknown {
    return {
      seen: project.filesUnder(''),
      documents: project.documents.map((doc) => `${doc.kind} ${doc.source.path}`),
      problems: project.problems.map((problem) => `${problem.location.file}: ${problem.message}`),
      services: project.services.map((service) => [service.service.name, service.contextDir, service.dockerfilePath, service.dockerignore?.source.path ?? null]),
      contexts: project.contexts.map((context) => [context.dir, context.copiedBy('.')]),
    };
  }

  it('gives the project that the same files on disk give', async () => {
    const files = {
      'compose.yaml': 'services:\n  api:\n    build: api\n',
      'api/Dockerfile': 'FROM python:3.12\nCOPY . /app\nRUN /app/setup\n',
      'api/.dockerignore': '*.pyc\n',
      'api/app.py': 'print(1)\n',
      'api/cache.pyc': Buffer.from([0, 1, 2]),
      'api/setup': '#!/usr/bin/env bash\npip install -r requirements.txt\n',
      'api/notes': 'not a script\n',
      'node_modules/pkg/Dockerfile': 'FROM never-read\n',
      'tools/huge.sh': `#!/bin/sh\n${'#'.repeat(LINTED_FILE_LIMIT)}\n`,
      'tools/binary.sh': Buffer.from([0x23, 0x21, 0x00]),
      'Makefile': 'build:\n\tdocker compose build\n',
      '.env': 'TAG=1\n',
    };
    const fromMemory = summary(await loadFiles(files));
    expect(fromMemory).toEqual(summary(await loadCase(tempTree(files))));
    expect(fromMemory).toMatchObject({
      documents: expect.arrayContaining(['script api/setup', 'makefile Makefile']) as unknown,
      problems: ['tools/binary.sh: binary file: expected text', expect.stringMatching(/^tools\/huge\.sh: file is too large to lint/) as unknown],
      contexts: [['api', ['.dockerignore', 'Dockerfile', 'app.py', 'notes', 'setup']]],
    });
  });
});

describe('loadProject: files that leave the project', () => {
  it('does not read a file that became a symbolic link after the walk saw a plain file there', async () => {
    const outside = tempTree({ secret: 'FROM leaked-secret-token\n' });
    const root = tempTree({ 'web/Dockerfile': 'FROM alpine\n', 'api/.dockerignore': '' });
    symlinkSync(path.join(outside, 'secret'), path.join(root, 'api/Dockerfile'));
    // What the walk saw: a plain file. What is there when it is read: a link to outside the project.
    const sawPlainFiles = {
      ...diskFileSystem,
      readdir: (dir: string) => diskFileSystem.readdir(dir).map((entry) => ({ name: entry.name, isDirectory: () => entry.isDirectory(), isFile: () => !entry.isDirectory(), isSymbolicLink: () => false })),
    };
    const project = await loadProject({ root, gitRoot: null, ignorePatterns: [], settings: DEFAULT_SETTINGS, fileSystem: sawPlainFiles });
    expect(project.dockerfiles.map((doc) => doc.source.path)).toEqual(['web/Dockerfile']);
    expect(project.problems.filter((problem) => problem.location.file === 'api/Dockerfile').map((problem) => problem.message)).toEqual(['cannot read file: ELOOP']);
  });
});

import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discover, kindByName } from '../src/project/discover.js';
import { tempTree } from './helpers/tmp.js';

describe('kindByName', () => {
  it.each([
    ['Dockerfile', 'dockerfile'],
    ['Dockerfile.dev', 'dockerfile'],
    ['api.Dockerfile', 'dockerfile'],
    ['web.dockerfile', 'dockerfile'],
    ['Containerfile', 'dockerfile'],
    ['Containerfile.prod', 'dockerfile'],
    ['compose.yaml', 'compose'],
    ['compose.prod.yml', 'compose'],
    ['docker-compose.yml', 'compose'],
    ['docker-compose.override.yaml', 'compose'],
    ['.dockerignore', 'dockerignore'],
    ['Dockerfile.dockerignore', 'dockerignore'],
    ['.env', 'env'],
    ['.env.local', 'env'],
    ['.env.example', 'env'],
    ['.env.production', 'env'],
    ['.env.production.local', 'env'],
    ['.env.docker-dev', 'env'],
    // Patches, backups, editor swap files, encrypted or other formats beside an env file are not env files.
    ['.env.patch', null],
    ['.env.diff', null],
    ['.env.orig', null],
    ['.env.rej', null],
    ['.env.bak', null],
    ['.env.local.bak', null],
    ['.env.swp', null],
    ['.env.gpg', null],
    ['.env.vault', null],
    ['.env.json', null],
    ['.env.yaml', null],
    ['.env.ts', null],
    ['.env.sh', 'script'],
    ['.env~', null],
    ['build.sh', 'script'],
    ['setup.bash', 'script'],
    ['Makefile', 'makefile'],
    ['run', 'script?'],
    ['compose.json', null],
    ['README.md', null],
    ['.envrc', null],
    ['Dockerfile.md', null],
    ['Dockerfile.j2', null],
  ])('%s → %s', (name, kind) => {
    expect(kindByName(name)).toBe(kind);
  });
});

describe('discover', () => {
  it('classifies files, reads shebangs of extensionless files, skips node_modules and .git', () => {
    const root = tempTree({
      'Dockerfile': 'FROM x',
      'bin/run': '#!/usr/bin/env bash\necho\n',
      'bin/local-bash': '#!/usr/local/bin/bash -e\necho\n',
      'bin/env-split': '#!/usr/bin/env -S sh -eu\necho\n',
      'bin/tool': '#!/usr/bin/env python3\n',
      'bin/bashful': '#!/usr/bin/bashful\n',
      'bin/plain': 'no shebang',
      'node_modules/pkg/Dockerfile': 'FROM y',
      '.git/hooks/pre-commit.sh': 'echo',
      'backend/api/.dockerignore': '**/node_modules',
    });
    const { files, problems } = discover(root, null, []);
    expect(files).toEqual([
      { path: 'Dockerfile', kind: 'dockerfile' },
      { path: 'backend/api/.dockerignore', kind: 'dockerignore' },
      { path: 'bin/env-split', kind: 'script' },
      { path: 'bin/local-bash', kind: 'script' },
      { path: 'bin/run', kind: 'script' },
    ]);
    expect(problems).toEqual([]);
  });

  it('honours nested .gitignore files inside a git work tree, and ignorePatterns', () => {
    const root = tempTree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': 'build/\n*.generated.sh\n',
      'a/.gitignore': 'local.sh\n!keep.generated.sh\n',
      'build/Dockerfile': 'FROM x',
      'a/local.sh': 'echo',
      'a/keep.generated.sh': 'echo',
      'a/other.generated.sh': 'echo',
      'b/local.sh': 'echo',
      'fixtures/case/Dockerfile': 'FROM x',
    });
    const paths = discover(root, root, ['fixtures/**']).files.map((file) => file.path);
    expect(paths).toEqual(['a/keep.generated.sh', 'b/local.sh']);
    // Outside a git work tree .gitignore means nothing.
    expect(discover(root, null, []).files.map((file) => file.path)).toHaveLength(6);
  });

  it('honours .gitignore files above a project root below the git root', () => {
    const repo = tempTree({ '.git/HEAD': 'x', '.gitignore': 'sub/generated/\n', 'sub/generated/Dockerfile': 'FROM x', 'sub/Dockerfile': 'FROM x' });
    expect(discover(path.join(repo, 'sub'), repo, []).files.map((file) => file.path)).toEqual(['Dockerfile']);
  });

  it('reports symlink loops and broken links to Docker files, walks a linked directory only when its target was not walked', () => {
    const root = tempTree({ 'real/Dockerfile': 'FROM x' });
    symlinkSync(path.join(root, 'real'), path.join(root, 'alias'));
    symlinkSync(path.join(root, 'loop'), path.join(root, 'loop'));
    symlinkSync(path.join(root, 'missing'), path.join(root, 'Dockerfile'));
    mkdirSync(path.join(root, 'real/cycle'));
    symlinkSync(root, path.join(root, 'real/cycle/up'));
    const { files, problems } = discover(root, null, []);
    expect(files).toEqual([{ path: 'real/Dockerfile', kind: 'dockerfile' }]);
    expect(problems).toEqual([
      { path: 'Dockerfile', message: 'broken symbolic link (ENOENT)' },
      { path: 'loop', message: 'symbolic link loop' },
      { path: 'real/cycle/up', message: 'symbolic link loop: it points to its own ancestor directory' },
    ]);
  });

  it('never follows a symbolic link that leaves the project, and says so where it would have looked', () => {
    const outside = tempTree({ 'Dockerfile': 'FROM x', 'token': 'GHP_0123456789abcdef' });
    const root = tempTree({ 'app/Dockerfile': 'FROM y' });
    symlinkSync(outside, path.join(root, 'linked'));
    symlinkSync('/', path.join(root, 'everything'));
    symlinkSync(path.join(outside, 'token'), path.join(root, 'app/Dockerfile.x'));
    symlinkSync(path.join(outside, 'token'), path.join(root, 'app/notes'));
    symlinkSync('Dockerfile', path.join(root, 'app/Dockerfile.alias'));
    const discovery = discover(root, null, []);
    expect(discovery.files).toEqual([
      { path: 'app/Dockerfile', kind: 'dockerfile' },
      { path: 'app/Dockerfile.alias', kind: 'dockerfile' },
    ]);
    expect(discovery.problems).toEqual([
      { path: 'app/Dockerfile.x', message: 'symbolic link to a place outside the project: not read' },
      { path: 'everything', message: 'symbolic link to a place outside the project: not followed' },
      { path: 'linked', message: 'symbolic link to a place outside the project: not followed' },
    ]);
    expect(discovery.linkFree).toEqual(new Set(['app/Dockerfile']));
  });

  it('marks as link-free only the files reached through no symbolic link, neither a linked file nor one below a linked directory', () => {
    const root = tempTree({ 'app/Dockerfile': 'FROM y', 'vendor/tools/Dockerfile': 'FROM z', 'vendor/tools/run.sh': '#!/bin/sh\n' });
    symlinkSync(path.join(root, 'vendor/tools'), path.join(root, 'tools'));
    symlinkSync('Dockerfile', path.join(root, 'app/Dockerfile.alias'));
    // The linked directory's target is ignored, so the walk reaches it only through the link.
    const discovery = discover(root, null, ['vendor']);
    expect(discovery.files.map((file) => file.path)).toEqual(['app/Dockerfile', 'app/Dockerfile.alias', 'tools/Dockerfile', 'tools/run.sh']);
    expect(discovery.linkFree).toEqual(new Set(['app/Dockerfile']));
  });

  it('reads no special file: a FIFO or a device is a finding where a project file is expected, and never blocks', () => {
    const root = tempTree({ 'app/Dockerfile': 'FROM y', 'other/.gitignore': 'x\n' });
    execFileSync('mkfifo', [path.join(root, 'app/.dockerignore'), path.join(root, '.gitignore'), path.join(root, 'app/pipe')]);
    symlinkSync('/dev/zero', path.join(root, 'app/Dockerfile.zero'));
    mkdirSync(path.join(root, '.git'));
    const discovery = discover(root, root, []);
    expect(discovery.files.map((file) => file.path)).toEqual(['app/Dockerfile']);
    expect(discovery.problems).toEqual([
      { path: '.gitignore', message: 'a named pipe (FIFO), not a regular file: not read' },
      { path: 'app/.dockerignore', message: 'a named pipe (FIFO), not a regular file: not read' },
      { path: 'app/Dockerfile.zero', message: 'symbolic link to a place outside the project: not read' },
    ]);
  });

  it('reports a .git/info/exclude it cannot read, and still walks the project', () => {
    const root = tempTree({ 'Dockerfile': 'FROM y' });
    mkdirSync(path.join(root, '.git/info'), { recursive: true });
    execFileSync('mkfifo', [path.join(root, '.git/info/exclude')]);
    const discovery = discover(root, root, []);
    expect(discovery.files).toEqual([{ path: 'Dockerfile', kind: 'dockerfile' }]);
    expect(discovery.problems).toEqual([{ path: '.git/info/exclude', message: 'a named pipe (FIFO), not a regular file: not read' }]);
  });
});

describe('discover: a bound on the walk', () => {
  it('takes at most maxEntries files and directories, and says where it stopped', () => {
    const root = tempTree({ 'Dockerfile': 'FROM x', 'a/1': '', 'a/2': '', 'b/Dockerfile': 'FROM x', 'c/3': '' });
    const { files, seen, problems } = discover(root, null, [], 4);
    expect([...seen]).toEqual(['Dockerfile', 'a', 'a/1', 'a/2']);
    expect(files.map((file) => file.path)).toEqual(['Dockerfile']);
    expect(problems).toEqual([{ path: '.', message: expect.stringMatching(/^more than 4 files and directories: the walk stopped here/) as unknown }]);
  });
});

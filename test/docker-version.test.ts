import { describe, expect, it } from 'vitest';
import { dockerfileDialect, ignoreDialect, parseVersion } from '../src/project/docker-version.js';

describe('parseVersion', () => {
  it.each([
    ['20.10', [20, 10]],
    ['28.2.1', [28, 2]],
    ['v1.16', [1, 16]],
    ['20.10.24+dfsg1', [20, 10]],
    ['1', null],
    ['latest', null],
    ['', null],
  ])('%j → %j', (text, version) => {
    expect(parseVersion(text)).toEqual(version);
  });
});

describe('ignoreDialect: patternmatcher from Docker Engine 23', () => {
  it.each([
    [null, 'patternmatcher'],
    [[23, 0], 'patternmatcher'],
    [[29, 1], 'patternmatcher'],
    [[20, 10], 'docker-20.10'],
    [[22, 6], 'docker-20.10'],
  ] as const)('engine %j → %s', (engine, dialect) => {
    expect(ignoreDialect(engine)).toBe(dialect);
  });
});

describe('dockerfileDialect: `<< EOF` is a heredoc from frontend 1.16 (Docker Engine 28.2)', () => {
  it.each([
    // No `# syntax=`: the engine's built-in frontend; no engine: a current one.
    [null, null, true],
    [null, [28, 2], true],
    [null, [28, 1], false],
    [null, [20, 10], false],
    // An official frontend with a version decides, whatever the engine.
    ['docker/dockerfile:1.16', [20, 10], true],
    ['docker/dockerfile:1.15', null, false],
    ['docker/dockerfile:1.4-labs', null, false],
    ['docker.io/docker/dockerfile:1.17.1', [20, 10], true],
    ['docker/dockerfile-upstream:1.10', null, false],
    // `:1`, `:latest`, no tag and digests pull a current frontend.
    ['docker/dockerfile:1', [20, 10], true],
    ['docker/dockerfile:1-labs', [20, 10], true],
    ['docker/dockerfile', [20, 10], true],
    ['docker/dockerfile@sha256:abc', [20, 10], true],
    // Another frontend image: dockerlint cannot know it, the engine decides.
    ['example.com/my/frontend:2', [20, 10], false],
  ] as const)('syntax %j on engine %j → heredocSpace %s', (syntax, engine, heredocSpace) => {
    expect(dockerfileDialect(syntax, engine)).toEqual({ heredocSpace });
  });
});

import { describe, expect, it } from 'vitest';
import { imageRefError, normalizeImageName, parseImageRef, substituteArgs } from '../src/project/image-ref.js';
import type { ImageRef } from '../src/project/model.js';

const DIGEST = `sha256:${'a1'.repeat(32)}`;

describe('parseImageRef', () => {
  const cases: [string, Omit<ImageRef, 'text'>, string][] = [
    ['node', { registry: null, path: 'node', tag: null, digest: null, dynamic: false }, 'node:latest'],
    ['node:20-alpine', { registry: null, path: 'node', tag: '20-alpine', digest: null, dynamic: false }, 'node:20-alpine'],
    [`node@${DIGEST}`, { registry: null, path: 'node', tag: null, digest: DIGEST, dynamic: false }, `node@${DIGEST}`],
    [
      'docker.io/library/node:20',
      { registry: 'docker.io', path: 'library/node', tag: '20', digest: null, dynamic: false },
      'node:20',
    ],
    [
      `registry.example.com:5000/team/img:1.2@${DIGEST}`,
      { registry: 'registry.example.com:5000', path: 'team/img', tag: '1.2', digest: DIGEST, dynamic: false },
      `registry.example.com:5000/team/img:1.2@${DIGEST}`,
    ],
    ['localhost:5000/img', { registry: 'localhost:5000', path: 'img', tag: null, digest: null, dynamic: false }, 'localhost:5000/img:latest'],
    ['localhost/img:2', { registry: 'localhost', path: 'img', tag: '2', digest: null, dynamic: false }, 'localhost/img:2'],
    ['library/node', { registry: null, path: 'library/node', tag: null, digest: null, dynamic: false }, 'node:latest'],
    ['team/app:1.0', { registry: null, path: 'team/app', tag: '1.0', digest: null, dynamic: false }, 'team/app:1.0'],
    ['${BASE}:1', { registry: null, path: '${BASE}', tag: '1', digest: null, dynamic: true }, '${BASE}:1'],
    [
      '${REG:-a.io:5000}/x:${T:-1.0}',
      { registry: null, path: '${REG:-a.io:5000}/x', tag: '${T:-1.0}', digest: null, dynamic: true },
      '${REG:-a.io:5000}/x:${T:-1.0}',
    ],
    ['$IMAGE', { registry: null, path: '$IMAGE', tag: null, digest: null, dynamic: true }, '$IMAGE:latest'],
    ['scratch', { registry: null, path: 'scratch', tag: null, digest: null, dynamic: false }, 'scratch:latest'],
    ['base-node:latest', { registry: null, path: 'base-node', tag: 'latest', digest: null, dynamic: false }, 'base-node:latest'],
    ['Team/img', { registry: 'Team', path: 'img', tag: null, digest: null, dynamic: false }, 'Team/img:latest'],
    ['Node:20', { registry: null, path: 'Node', tag: '20', digest: null, dynamic: false }, 'Node:20'],
    ['', { registry: null, path: '', tag: null, digest: null, dynamic: false }, ':latest'],
  ];

  it.each(cases)('%s', (text, expected, normalized) => {
    const ref = parseImageRef(text);
    expect(ref).toEqual({ text, ...expected });
    expect(normalizeImageName(ref)).toBe(normalized);
  });

  it('drops Docker Hub host names but keeps other registries', () => {
    expect(normalizeImageName(parseImageRef('index.docker.io/library/redis:7'))).toBe('redis:7');
    expect(normalizeImageName(parseImageRef('docker.io/bitnami/redis'))).toBe('bitnami/redis:latest');
    expect(normalizeImageName(parseImageRef('ghcr.io/library/tool:1'))).toBe('ghcr.io/library/tool:1');
  });
});

describe('imageRefError', () => {
  const cases: [string, string | null][] = [
    ['node:20-alpine', null],
    [`registry.example.com:5000/team/img:1.2@${DIGEST}`, null],
    ['scratch', null],
    ['Team/img', null],
    ['${BASE}:1', null],
    ['Node:20', 'invalid reference format: repository name must be lowercase'],
    ['team/My-App', 'invalid reference format: repository name must be lowercase'],
    ['node:', 'invalid reference format'],
    ['node@sha256:short', 'invalid reference format'],
    ['-node', 'invalid reference format'],
    ['my_registry:5000/img', 'invalid reference format'],
    ['node:bad/tag', 'invalid reference format'],
    ['', 'invalid reference format: the image name is empty'],
  ];
  it.each(cases)('%s → %s', (text, error) => {
    expect(imageRefError(parseImageRef(text))).toBe(error);
  });
});

describe('substituteArgs', () => {
  const args = new Map<string, string | null>([
    ['SET', 'x'],
    ['EMPTY', ''],
    ['UNSET', null],
    ['BASE', 'python'],
    ['ARCH', '$TARGETARCH'],
  ]);
  const cases: [string, string, boolean][] = [
    ['$SET', 'x', false],
    ['${SET}', 'x', false],
    ['pre-${SET}-post', 'pre-x-post', false],
    ['$MISSING', '$MISSING', true],
    ['${UNSET}', '${UNSET}', true],
    ['${UNSET:-d}', 'd', false],
    ['${MISSING:-d}', 'd', false],
    ['${UNSET-d}', 'd', false],
    ['${EMPTY-d}', '', false],
    ['${EMPTY:-d}', 'd', false],
    ['${SET:-d}', 'x', false],
    ['${SET:+alt}', 'alt', false],
    ['${EMPTY:+alt}', '', false],
    ['${EMPTY+alt}', 'alt', false],
    ['${UNSET:+alt}', '', false],
    ['${UNSET:-${SET}}', 'x', false],
    ['${UNSET:-${MISSING}}', '${MISSING}', true],
    ['${BASE}:${UNSET:-3.11}-slim', 'python:3.11-slim', false],
    ['${SET:?needed}', 'x', false],
    ['${UNSET:?needed}', '${UNSET:?needed}', true],
    ['${SET#x}', '${SET#x}', true],
    ['${SET', '${SET', true],
    ['\\$SET', '\\$SET', false],
    ['$$ and $1', '$$ and $1', false],
    ['img-$ARCH', 'img-$TARGETARCH', true],
    ['${ARCH:-amd64}', '$TARGETARCH', true],
  ];
  it.each(cases)('%s → %s', (text, expected, unresolved) => {
    expect(substituteArgs(text, args)).toEqual({ text: expected, unresolved });
  });
});

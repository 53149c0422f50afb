import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseImageRef } from '../../src/project/image-ref.js';
import { canonicalImageName, imageTraits, KNOWN_IMAGES, type ImageTraits } from '../../src/vocabulary/images.js';

const traits = (image: string, extra = {}): ImageTraits | null => imageTraits(parseImageRef(image), extra);

describe('canonicalImageName', () => {
  const cases: [string, string][] = [
    ['node', 'node:latest'],
    ['node:20-alpine', 'node:20-alpine'],
    ['docker.io/library/node:20', 'node:20'],
    ['index.docker.io/library/python:3.12-slim', 'python:3.12-slim'],
    ['library/python', 'python:latest'],
    ['nvidia/cuda:12.1.1-runtime-ubuntu22.04', 'nvidia/cuda:12.1.1-runtime-ubuntu22.04'],
    ['nvcr.io/nvidia/pytorch:24.01-py3', 'nvcr.io/nvidia/pytorch:24.01-py3'],
    ['public.ecr.aws/docker/library/node:20-slim', 'node:20-slim'],
    ['mirror.gcr.io/library/python:3.11', 'python:3.11'],
    ['public.ecr.aws/lambda/python:3.12', 'public.ecr.aws/lambda/python:3.12'],
    ['localhost:5000/team/app:1.2', 'localhost:5000/team/app:1.2'],
    ['node@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'node:latest'],
  ];
  it.each(cases)('%s → %s', (image, expected) => {
    expect(canonicalImageName(parseImageRef(image))).toBe(expected);
  });
});

describe('imageTraits: the known-images table', () => {
  const NODE = ['npm', 'npx', 'yarn', 'corepack'];
  const cases: [string, Partial<ImageTraits> | null][] = [
    // Full variants are buildpack-deps based; slim and alpine are not.
    ['node:20', { packageManagers: NODE, osPackageManagers: ['apt'], buildTools: true }],
    ['node:20-bookworm', { packageManagers: NODE, buildTools: true }],
    ['node:lts', { packageManagers: NODE, buildTools: true }],
    ['node:20-alpine', { packageManagers: NODE, osPackageManagers: ['apk'], buildTools: false }],
    ['node:alpine3.20', { packageManagers: NODE, buildTools: false }],
    ['node:24-bookworm-slim', { packageManagers: NODE, osPackageManagers: ['apt'], buildTools: false }],
    ['python:3.11', { packageManagers: ['pip'], buildTools: true }],
    ['python:3.12-bookworm', { packageManagers: ['pip'], buildTools: true }],
    ['python:3.11-slim', { packageManagers: ['pip'], osPackageManagers: ['apt'], buildTools: false }],
    ['python:3.12-alpine', { packageManagers: ['pip'], osPackageManagers: ['apk'], buildTools: false }],
    ['docker.io/library/python:3.11-slim-bookworm', { packageManagers: ['pip'], buildTools: false }],
    // CUDA: devel yes, runtime and base no.
    ['nvidia/cuda:12.1.1-devel-ubuntu22.04', { packageManagers: [], buildTools: true, gpu: true }],
    ['nvidia/cuda:11.8.0-cudnn8-devel-ubuntu22.04', { buildTools: true, gpu: true }],
    ['nvidia/cuda:12.1.1-runtime-ubuntu22.04', { packageManagers: [], osPackageManagers: ['apt'], buildTools: false, gpu: true }],
    ['nvidia/cuda:12.1.1-base-ubuntu22.04', { buildTools: false, gpu: true }],
    ['nvcr.io/nvidia/cuda:12.4.0-runtime-ubuntu22.04', { packageManagers: [], buildTools: false, gpu: true }],
    ['nvcr.io/nvidia/pytorch:24.01-py3', { packageManagers: ['pip'], buildTools: true, gpu: true }],
    ['pytorch/pytorch:2.4.1-cuda12.1-cudnn9-devel', { packageManagers: ['conda', 'pip'], buildTools: true }],
    ['pytorch/pytorch:2.4.1-cuda12.1-cudnn9-runtime', { packageManagers: ['conda', 'pip'], buildTools: false }],
    // Toolchains.
    ['golang:1.22', { packageManagers: ['go'], buildTools: true }],
    ['golang:1.22-alpine', { packageManagers: ['go'], osPackageManagers: ['apk'], buildTools: true }],
    ['rust:1.80-slim', { packageManagers: ['cargo'], buildTools: true }],
    ['gcc:14', { buildTools: true }],
    ['buildpack-deps:bookworm', { buildTools: true }],
    ['maven:3.9-eclipse-temurin-21', { packageManagers: ['mvn'], buildTools: true }],
    ['eclipse-temurin:21-jre', { buildTools: false }],
    ['eclipse-temurin:21-jdk', { buildTools: true }],
    // Neither package manager nor compiler.
    ['gcr.io/distroless/nodejs20-debian12', { packageManagers: [], osPackageManagers: [], buildTools: false }],
    ['gcr.io/distroless/python3-debian12:nonroot', { packageManagers: [], osPackageManagers: [], buildTools: false }],
    ['cgr.dev/chainguard/node:latest', { packageManagers: [], osPackageManagers: [], buildTools: false }],
    ['cgr.dev/chainguard/python:latest-dev', { packageManagers: [], osPackageManagers: ['apk'], buildTools: false }],
    ['debian:bookworm-slim', { packageManagers: [], osPackageManagers: ['apt'], buildTools: false }],
    ['alpine:3.20', { osPackageManagers: ['apk'], buildTools: false }],
    ['redhat/ubi9-minimal:9.4', { osPackageManagers: ['microdnf'] }],
    ['redhat/ubi9:9.4', { osPackageManagers: ['dnf'] }],
    ['public.ecr.aws/docker/library/node:20-alpine', { packageManagers: NODE, buildTools: false }],
    // Unknown images are not guessed at.
    ['mycompany/app:1.0', null],
    ['redis:7.4-alpine', null],
  ];
  it.each(cases)('%s', (image, expected) => {
    const found = traits(image);
    if (expected === null) expect(found).toBeNull();
    else expect(found).toMatchObject(expected);
  });

  it('fills every trait, with defaults for what an entry leaves out', () => {
    expect(traits('gcr.io/distroless/static-debian12')).toEqual({ packageManagers: [], osPackageManagers: [], buildTools: false, gpu: false });
  });

  it('consults the knownImages setting first', () => {
    const extra = {
      'node:*': { packageManagers: ['npm'], buildTools: false },
      'registry.example.com/base/*': { buildTools: true, gpu: true },
    };
    expect(traits('node:20', extra)).toEqual({ packageManagers: ['npm'], osPackageManagers: [], buildTools: false, gpu: false });
    expect(traits('registry.example.com/base/cuda-dev:3', extra)).toEqual({ packageManagers: [], osPackageManagers: [], buildTools: true, gpu: true });
    expect(traits('python:3.11', extra)?.buildTools).toBe(true);
  });

  it('lists specific variants before the catch-all of their image', () => {
    const globs = KNOWN_IMAGES.map(([glob]) => glob);
    for (const [index, glob] of globs.entries()) {
      const image = glob.slice(0, glob.indexOf(':'));
      const catchAll = globs.indexOf(`${image}:*`);
      if (glob.includes(':') && glob !== `${image}:*` && catchAll !== -1) expect(index, glob).toBeLessThan(catchAll);
    }
  });
});

it('docs/known-images.md shows the table exactly as the code has it', () => {
  const doc = readFileSync(path.join(import.meta.dirname, '../../docs/known-images.md'), 'utf8');
  const rows = doc.split('\n').filter((line) => line.startsWith('| `'));
  const list = (values: readonly string[] | undefined): string => (values === undefined || values.length === 0 ? '—' : values.join(', '));
  const expected = KNOWN_IMAGES.map(
    ([glob, known]) =>
      `| \`${glob}\` | ${list(known.packageManagers)} | ${list(known.osPackageManagers)} | ${known.buildTools === true ? 'yes' : 'no'} | ${known.gpu === true ? 'yes' : 'no'} |`,
  );
  expect(rows.slice(0, expected.length)).toEqual(expected);
});

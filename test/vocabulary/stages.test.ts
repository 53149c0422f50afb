import { describe, expect, it } from 'vitest';
import { fromImageWith } from '../../src/vocabulary/stages.js';
import { dockerfile } from './parse.js';

/** The image the last FROM of `text` names with `args`. */
function imageWith(text: string, args: Record<string, string | null>): string | null {
  const parsed = dockerfile(text);
  const stage = parsed.stages.at(-1);
  if (stage === undefined) throw new Error('no stage');
  return fromImageWith(parsed, stage, new Map(Object.entries(args)));
}

describe('fromImageWith', () => {
  it('replaces the default of a global ARG, and keeps the defaults it is not given', () => {
    const text = 'ARG REGISTRY=docker.io\nARG NODE_VERSION=20\nFROM ${REGISTRY}/library/node:${NODE_VERSION}-slim\n';
    expect(imageWith(text, {})).toBe('docker.io/library/node:20-slim');
    expect(imageWith(text, { NODE_VERSION: '22' })).toBe('docker.io/library/node:22-slim');
  });

  it('gives a value to an ARG declared without a default, and defaults built from other ARGs follow it', () => {
    expect(imageWith('ARG BASE\nFROM $BASE\n', { BASE: 'python:3.12-slim' })).toBe('python:3.12-slim');
    expect(imageWith('ARG TAG=3.12\nARG IMAGE=python:${TAG}\nFROM $IMAGE\n', { TAG: '3.13' })).toBe('python:3.13');
  });

  it('is unknown when a variable has no value or comes from the environment', () => {
    expect(imageWith('ARG BASE\nFROM $BASE\n', {})).toBeNull();
    expect(imageWith('ARG TAG=20\nFROM node:$TAG\n', { TAG: null })).toBeNull();
  });

  it('ignores build args that name no global ARG, as BuildKit does in FROM', () => {
    expect(imageWith('FROM node:${TAG:-20}\nARG TAG\n', { TAG: 'latest' })).toBe('node:20');
  });
});

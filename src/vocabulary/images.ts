/**
 * What well-known upstream images carry: language package managers, OS package managers, build tools,
 * and whether their containers need a GPU. A small documented table (docs/known-images.md); projects
 * extend it with the `knownImages` setting, whose entries are consulted first.
 */
import micromatch from 'micromatch';
import type { KnownImage } from '../config/schema.js';
import type { ImageRef } from '../project/model.js';

export interface ImageTraits {
  packageManagers: string[];
  osPackageManagers: string[];
  buildTools: boolean;
  gpu: boolean;
}

const NODE = ['npm', 'npx', 'yarn', 'corepack'];
const PYTHON = ['pip'];

/** First match wins, so specific variants come before the catch-all of their image. Globs match `name:tag`. */
export const KNOWN_IMAGES: readonly (readonly [string, KnownImage])[] = [
  ['node:*alpine*', { packageManagers: NODE, osPackageManagers: ['apk'], buildTools: false }],
  ['node:*slim*', { packageManagers: NODE, osPackageManagers: ['apt'], buildTools: false }],
  ['node:*', { packageManagers: NODE, osPackageManagers: ['apt'], buildTools: true }],
  ['python:*alpine*', { packageManagers: PYTHON, osPackageManagers: ['apk'], buildTools: false }],
  ['python:*slim*', { packageManagers: PYTHON, osPackageManagers: ['apt'], buildTools: false }],
  ['python:*', { packageManagers: PYTHON, osPackageManagers: ['apt'], buildTools: true }],
  ['nvidia/cuda:*-devel-*', { osPackageManagers: ['apt'], buildTools: true, gpu: true }],
  ['nvidia/cuda:*', { osPackageManagers: ['apt'], buildTools: false, gpu: true }],
  ['nvcr.io/nvidia/cuda:*-devel-*', { osPackageManagers: ['apt'], buildTools: true, gpu: true }],
  ['nvcr.io/nvidia/*', { packageManagers: PYTHON, osPackageManagers: ['apt'], buildTools: true, gpu: true }],
  ['pytorch/pytorch:*-devel', { packageManagers: ['pip', 'conda'], osPackageManagers: ['apt'], buildTools: true, gpu: true }],
  ['pytorch/pytorch:*', { packageManagers: ['pip', 'conda'], osPackageManagers: ['apt'], buildTools: false, gpu: true }],
  ['golang:*alpine*', { packageManagers: ['go'], osPackageManagers: ['apk'], buildTools: true }],
  ['golang:*', { packageManagers: ['go'], osPackageManagers: ['apt'], buildTools: true }],
  ['rust:*alpine*', { packageManagers: ['cargo'], osPackageManagers: ['apk'], buildTools: true }],
  ['rust:*', { packageManagers: ['cargo'], osPackageManagers: ['apt'], buildTools: true }],
  ['gcc:*', { osPackageManagers: ['apt'], buildTools: true }],
  ['buildpack-deps:*', { osPackageManagers: ['apt'], buildTools: true }],
  ['maven:*', { packageManagers: ['mvn'], osPackageManagers: ['apt'], buildTools: true }],
  ['gradle:*', { packageManagers: ['gradle'], osPackageManagers: ['apt'], buildTools: true }],
  ['ruby:*alpine*', { packageManagers: ['gem', 'bundle'], osPackageManagers: ['apk'], buildTools: false }],
  ['ruby:*slim*', { packageManagers: ['gem', 'bundle'], osPackageManagers: ['apt'], buildTools: false }],
  ['ruby:*', { packageManagers: ['gem', 'bundle'], osPackageManagers: ['apt'], buildTools: true }],
  ['php:*', { packageManagers: ['pecl'], osPackageManagers: ['apt'], buildTools: false }],
  ['composer:*', { packageManagers: ['composer'], osPackageManagers: ['apk'], buildTools: false }],
  ['oven/bun:*', { packageManagers: ['bun'], osPackageManagers: ['apt'], buildTools: false }],
  ['continuumio/miniconda3:*', { packageManagers: ['conda', 'pip'], osPackageManagers: ['apt'], buildTools: false }],
  ['mambaorg/micromamba:*', { packageManagers: ['micromamba'], osPackageManagers: ['apt'], buildTools: false }],
  ['gcr.io/distroless/*', {}],
  ['cgr.dev/chainguard/*:*-dev', { osPackageManagers: ['apk'] }],
  ['cgr.dev/chainguard/*', {}],
  ['debian:*', { osPackageManagers: ['apt'], buildTools: false }],
  ['ubuntu:*', { osPackageManagers: ['apt'], buildTools: false }],
  ['alpine:*', { osPackageManagers: ['apk'], buildTools: false }],
  ['busybox:*', {}],
  ['fedora:*', { osPackageManagers: ['dnf'], buildTools: false }],
  ['rockylinux:*', { osPackageManagers: ['dnf'], buildTools: false }],
  ['almalinux:*', { osPackageManagers: ['dnf'], buildTools: false }],
  ['redhat/ubi*-minimal:*', { osPackageManagers: ['microdnf'], buildTools: false }],
  ['redhat/ubi*:*', { osPackageManagers: ['dnf'], buildTools: false }],
  ['nginx:*alpine*', { osPackageManagers: ['apk'], buildTools: false }],
  ['nginx:*', { osPackageManagers: ['apt'], buildTools: false }],
  ['nginxinc/nginx-unprivileged:*alpine*', { osPackageManagers: ['apk'], buildTools: false }],
  ['nginxinc/nginx-unprivileged:*', { osPackageManagers: ['apt'], buildTools: false }],
  ['caddy:*', { osPackageManagers: ['apk'], buildTools: false }],
];

/** `docker.io/library/node:20` → `node:20`; the tag defaults to `latest`. */
export function canonicalImageName(ref: ImageRef): string {
  const registry = ref.registry === null || ref.registry === 'docker.io' || ref.registry === 'index.docker.io' ? '' : `${ref.registry}/`;
  const path = registry === '' ? ref.path.replace(/^library\//, '') : ref.path;
  return `${registry}${path}:${ref.tag ?? 'latest'}`;
}

/** What the image is known to carry, or `null` when it is not in the table. */
export function imageTraits(ref: ImageRef, extra: Readonly<Record<string, KnownImage>> = {}): ImageTraits | null {
  const name = canonicalImageName(ref);
  const entries = [...Object.entries(extra), ...KNOWN_IMAGES];
  const match = entries.find(([glob]) => micromatch.isMatch(name, glob.includes(':') ? glob : `${glob}:*`));
  if (!match) return null;
  const known = match[1];
  return {
    packageManagers: known.packageManagers ?? [],
    osPackageManagers: known.osPackageManagers ?? [],
    buildTools: known.buildTools ?? false,
    gpu: known.gpu ?? false,
  };
}

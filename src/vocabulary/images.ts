/**
 * What well-known upstream images carry: language package managers, OS package managers, build tools,
 * and whether their containers need a GPU. A small documented table (docs/known-images.md); projects
 * extend it with the `knownImages` setting, whose entries are consulted first.
 */
import type { KnownImage } from '../config/settings.js';
import type { ImageRef } from '../project/model.js';
import { isGlobMatch } from '../globs.js';

export interface ImageTraits {
  readonly packageManagers: readonly string[];
  readonly osPackageManagers: readonly string[];
  readonly buildTools: boolean;
  readonly gpu: boolean;
}

const NODE = ['npm', 'npx', 'yarn', 'corepack'];
const PYTHON = ['pip'];
const CONDA = ['conda', 'pip'];

/**
 * First match wins, so specific variants come before the catch-all of their image. Globs match the
 * canonical `name:tag` (see `canonicalImageName`); `*` does not cross `/`.
 */
export const KNOWN_IMAGES: readonly (readonly [string, KnownImage])[] = [
  // Node.js: every variant has npm, npx, yarn and corepack; only the full (buildpack-deps) one has compilers.
  ['node:*alpine*', { packageManagers: NODE, osPackageManagers: ['apk'], buildTools: false }],
  ['node:*slim*', { packageManagers: NODE, osPackageManagers: ['apt'], buildTools: false }],
  ['node:*', { packageManagers: NODE, osPackageManagers: ['apt'], buildTools: true }],
  // Python: pip everywhere; compilers only in the full (buildpack-deps) variant.
  ['python:*alpine*', { packageManagers: PYTHON, osPackageManagers: ['apk'], buildTools: false }],
  ['python:*slim*', { packageManagers: PYTHON, osPackageManagers: ['apt'], buildTools: false }],
  ['python:*windowsservercore*', { packageManagers: PYTHON, buildTools: false }],
  ['python:*', { packageManagers: PYTHON, osPackageManagers: ['apt'], buildTools: true }],
  ['pypy:*slim*', { packageManagers: PYTHON, osPackageManagers: ['apt'], buildTools: false }],
  ['pypy:*', { packageManagers: PYTHON, osPackageManagers: ['apt'], buildTools: true }],
  // CUDA: the `devel` variants carry nvcc and the headers; `runtime` and `base` carry neither.
  ['nvidia/cuda:*-devel*', { osPackageManagers: ['apt'], buildTools: true, gpu: true }],
  ['nvidia/cuda:*', { osPackageManagers: ['apt'], buildTools: false, gpu: true }],
  ['nvcr.io/nvidia/cuda:*-devel*', { osPackageManagers: ['apt'], buildTools: true, gpu: true }],
  ['nvcr.io/nvidia/cuda:*', { osPackageManagers: ['apt'], buildTools: false, gpu: true }],
  // NGC framework containers (pytorch, tensorflow, …) ship pip and the full CUDA toolkit.
  ['nvcr.io/nvidia/*', { packageManagers: PYTHON, osPackageManagers: ['apt'], buildTools: true, gpu: true }],
  ['pytorch/pytorch:*-devel', { packageManagers: CONDA, osPackageManagers: ['apt'], buildTools: true, gpu: true }],
  ['pytorch/pytorch:*', { packageManagers: CONDA, osPackageManagers: ['apt'], buildTools: false, gpu: true }],
  ['tensorflow/tensorflow:*-gpu*', { packageManagers: PYTHON, osPackageManagers: ['apt'], buildTools: false, gpu: true }],
  ['tensorflow/tensorflow:*', { packageManagers: PYTHON, osPackageManagers: ['apt'], buildTools: false }],
  // Toolchain images: compilers are what they are for.
  ['golang:*alpine*', { packageManagers: ['go'], osPackageManagers: ['apk'], buildTools: true }],
  ['golang:*', { packageManagers: ['go'], osPackageManagers: ['apt'], buildTools: true }],
  ['rust:*alpine*', { packageManagers: ['cargo'], osPackageManagers: ['apk'], buildTools: true }],
  ['rust:*', { packageManagers: ['cargo'], osPackageManagers: ['apt'], buildTools: true }],
  ['gcc:*', { osPackageManagers: ['apt'], buildTools: true }],
  ['buildpack-deps:*', { osPackageManagers: ['apt'], buildTools: true }],
  ['maven:*', { packageManagers: ['mvn'], osPackageManagers: ['apt'], buildTools: true }],
  ['gradle:*', { packageManagers: ['gradle'], osPackageManagers: ['apt'], buildTools: true }],
  ['eclipse-temurin:*jre*', { osPackageManagers: ['apt'], buildTools: false }],
  ['eclipse-temurin:*', { osPackageManagers: ['apt'], buildTools: true }],
  ['mcr.microsoft.com/dotnet/sdk:*', { packageManagers: ['dotnet'], osPackageManagers: ['apt'], buildTools: true }],
  ['mcr.microsoft.com/dotnet/*', { osPackageManagers: ['apt'], buildTools: false }],
  // Ruby, PHP, Bun, conda.
  ['ruby:*alpine*', { packageManagers: ['gem', 'bundle'], osPackageManagers: ['apk'], buildTools: false }],
  ['ruby:*slim*', { packageManagers: ['gem', 'bundle'], osPackageManagers: ['apt'], buildTools: false }],
  ['ruby:*', { packageManagers: ['gem', 'bundle'], osPackageManagers: ['apt'], buildTools: true }],
  ['php:*alpine*', { packageManagers: ['pecl'], osPackageManagers: ['apk'], buildTools: false }],
  ['php:*', { packageManagers: ['pecl'], osPackageManagers: ['apt'], buildTools: false }],
  ['composer:*', { packageManagers: ['composer'], osPackageManagers: ['apk'], buildTools: false }],
  ['oven/bun:*alpine*', { packageManagers: ['bun'], osPackageManagers: ['apk'], buildTools: false }],
  ['oven/bun:*distroless*', { packageManagers: ['bun'], buildTools: false }],
  ['oven/bun:*', { packageManagers: ['bun'], osPackageManagers: ['apt'], buildTools: false }],
  ['continuumio/miniconda3:*', { packageManagers: CONDA, osPackageManagers: ['apt'], buildTools: false }],
  ['continuumio/anaconda3:*', { packageManagers: CONDA, osPackageManagers: ['apt'], buildTools: false }],
  ['condaforge/miniforge3:*', { packageManagers: ['conda', 'mamba', 'pip'], osPackageManagers: ['apt'], buildTools: false }],
  ['mambaorg/micromamba:*', { packageManagers: ['micromamba'], osPackageManagers: ['apt'], buildTools: false }],
  // No shell, no package manager at all.
  ['gcr.io/distroless/*', {}],
  ['cgr.dev/chainguard/*:*-dev', { osPackageManagers: ['apk'] }],
  ['cgr.dev/chainguard/*', {}],
  // Plain distributions: an OS package manager only.
  ['debian:*', { osPackageManagers: ['apt'], buildTools: false }],
  ['ubuntu:*', { osPackageManagers: ['apt'], buildTools: false }],
  ['alpine:*', { osPackageManagers: ['apk'], buildTools: false }],
  ['busybox:*', {}],
  ['fedora:*', { osPackageManagers: ['dnf'], buildTools: false }],
  ['rockylinux:*', { osPackageManagers: ['dnf'], buildTools: false }],
  ['almalinux:*', { osPackageManagers: ['dnf'], buildTools: false }],
  ['redhat/ubi*-micro:*', {}],
  ['redhat/ubi*-minimal:*', { osPackageManagers: ['microdnf'], buildTools: false }],
  ['redhat/ubi*:*', { osPackageManagers: ['dnf'], buildTools: false }],
  ['registry.access.redhat.com/ubi*-micro:*', {}],
  ['registry.access.redhat.com/ubi*-minimal:*', { osPackageManagers: ['microdnf'], buildTools: false }],
  ['registry.access.redhat.com/ubi*:*', { osPackageManagers: ['dnf'], buildTools: false }],
  // Servers often used as runtime images.
  ['nginx:*alpine*', { osPackageManagers: ['apk'], buildTools: false }],
  ['nginx:*', { osPackageManagers: ['apt'], buildTools: false }],
  ['nginxinc/nginx-unprivileged:*alpine*', { osPackageManagers: ['apk'], buildTools: false }],
  ['nginxinc/nginx-unprivileged:*', { osPackageManagers: ['apt'], buildTools: false }],
  ['caddy:*', { osPackageManagers: ['apk'], buildTools: false }],
];

/** Registries that mirror Docker Hub's official images under their own prefix. */
const HUB_MIRRORS: readonly (readonly [string, string])[] = [
  ['public.ecr.aws', 'docker/library/'],
  ['mirror.gcr.io', 'library/'],
];

/**
 * `docker.io/library/node:20` → `node:20`; the tag defaults to `latest` and a digest is dropped. Docker
 * Hub's official images seen through a well-known mirror (`public.ecr.aws/docker/library/node:20`,
 * `mirror.gcr.io/library/node:20`) get their Hub name.
 */
export function canonicalImageName(ref: ImageRef): string {
  const registry = ref.registry?.toLowerCase() ?? null;
  const mirror = HUB_MIRRORS.find(([host, prefix]) => host === registry && ref.path.startsWith(prefix));
  if (mirror) return `${ref.path.slice(mirror[1].length)}:${ref.tag ?? 'latest'}`;
  const onHub = registry === null || registry === 'docker.io' || registry === 'index.docker.io' || registry === 'registry-1.docker.io';
  const path = onHub ? ref.path.replace(/^library\//, '') : `${ref.registry ?? ''}/${ref.path}`;
  return `${path}:${ref.tag ?? 'latest'}`;
}

/** Does an image glob match a canonical name? A glob without `:` stands for every tag of the image. */
export function matchesImageGlob(name: string, glob: string): boolean {
  return isGlobMatch(name, glob.includes(':') ? glob : `${glob}:*`);
}

/** Traits by canonical name, per known-images setting: a project names the same few images many times. */
const traitsByTable = new WeakMap<Readonly<Record<string, KnownImage>>, Map<string, ImageTraits | null>>();
const NO_EXTRA_IMAGES: Readonly<Record<string, KnownImage>> = {};

/** What the image is known to carry, or `null` when it is not in the table. */
export function imageTraits(ref: ImageRef, extra: Readonly<Record<string, KnownImage>> = NO_EXTRA_IMAGES): ImageTraits | null {
  const name = canonicalImageName(ref);
  let byName = traitsByTable.get(extra);
  if (byName === undefined) traitsByTable.set(extra, (byName = new Map<string, ImageTraits | null>()));
  let traits = byName.get(name);
  if (traits === undefined) byName.set(name, (traits = lookUpTraits(name, extra)));
  return traits;
}

function lookUpTraits(name: string, extra: Readonly<Record<string, KnownImage>>): ImageTraits | null {
  const match = Object.entries(extra).find(([glob]) => matchesImageGlob(name, glob)) ?? KNOWN_IMAGES.find(([glob]) => matchesImageGlob(name, glob));
  if (!match) return null;
  const known = match[1];
  return {
    packageManagers: known.packageManagers ?? [],
    osPackageManagers: known.osPackageManagers ?? [],
    buildTools: known.buildTools ?? false,
    gpu: known.gpu ?? false,
  };
}

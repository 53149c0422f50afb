import { ECOSYSTEMS } from '../vocabulary/manifests.js';
import type { ProjectSettings } from './schema.js';

/**
 * Settings used when the config says nothing: they must work on any repository. Without `mandatoryIgnores`,
 * each build context must exclude what fits it (`mandatoryIgnoresFor`).
 */
export const DEFAULT_SETTINGS: ProjectSettings = {
  images: {},
  roles: {},
  gpuServices: [],
  gpuImages: ['nvidia/cuda', 'nvcr.io/nvidia/*'],
  manifests: ECOSYSTEMS.flatMap((ecosystem) => ecosystem.manifests),
  knownImages: {},
  dockerVersion: 'current',
};

export const CONFIG_FILE_NAME = '.dockerlintrc.json';

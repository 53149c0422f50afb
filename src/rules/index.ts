/** The rule registry, in the order rules run and are listed. */
import type { Rule } from '../rule.js';
import baseImagePurity from './base-image-purity.js';
import copyIgnoredFile from './copy-ignored-file.js';
import dockerignoreRequired from './dockerignore-required.js';
import localImageResolvable from './local-image-resolvable.js';
import noWindowsPaths from './no-windows-paths.js';
import parseError from './parse-error.js';
import serviceUsesBaseImage from './service-uses-base-image.js';
import stageLayout from './stage-layout.js';

export const rules: readonly Rule[] = [
  parseError,
  noWindowsPaths,
  dockerignoreRequired,
  // Dockerfile structure: stages, base images, the build context.
  stageLayout,
  baseImagePurity,
  serviceUsesBaseImage,
  localImageResolvable,
  copyIgnoredFile,
] as readonly Rule[];

/** The rule registry, in the order rules run and are listed: by concern, the built-in parse-error first. */
import type { Rule } from '../rule.js';
import cacheBustBeforeInstall from './cache-bust-before-install.js';
import composeBuildArgs from './compose-build-args.js';
import composeBuildIsolation from './compose-build-isolation.js';
import composeGpuReservation from './compose-gpu-reservation.js';
import composeSchema from './compose-schema.js';
import dependencyCacheMount from './dependency-cache-mount.js';
import dockerignoreRequired from './dockerignore-required.js';
import manifestBeforeSource from './manifest-before-source.js';
import noWindowsPaths from './no-windows-paths.js';
import parseError from './parse-error.js';
import runtimeNoBuildTools from './runtime-no-build-tools.js';
import runtimeNoPackageManager from './runtime-no-package-manager.js';

export const rules: readonly Rule[] = [
  parseError,
  noWindowsPaths,
  dockerignoreRequired,
  // Dockerfiles
  manifestBeforeSource,
  runtimeNoPackageManager,
  runtimeNoBuildTools,
  cacheBustBeforeInstall,
  dependencyCacheMount,
  // Compose
  composeSchema,
  composeBuildIsolation,
  composeGpuReservation,
  composeBuildArgs,
] as readonly Rule[];

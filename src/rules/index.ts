/** The rule registry, in the order rules run and are listed: by concern, the built-in parse-error first. */
import type { Rule } from '../rule.js';
import baseImagePurity from './base-image-purity.js';
import cacheBustBeforeInstall from './cache-bust-before-install.js';
import composeBuildArgs from './compose-build-args.js';
import composeBuildIsolation from './compose-build-isolation.js';
import composeGpuReservation from './compose-gpu-reservation.js';
import composeSchema from './compose-schema.js';
import copyDestDir from './copy-dest-dir.js';
import copyFromKnownStage from './copy-from-known-stage.js';
import copyFromSelf from './copy-from-self.js';
import copyIgnoredFile from './copy-ignored-file.js';
import dependencyCacheMount from './dependency-cache-mount.js';
import dockerignoreRequired from './dockerignore-required.js';
import jsonArgs from './json-args.js';
import exposeValid from './expose-valid.js';
import legacyBuilder from './legacy-builder.js';
import localImageResolvable from './local-image-resolvable.js';
import manifestBeforeSource from './manifest-before-source.js';
import noAddForLocal from './no-add-for-local.js';
import noInstallAtStartup from './no-install-at-startup.js';
import noInstallInScripts from './no-install-in-scripts.js';
import noOverriddenInstruction from './no-overridden-instruction.js';
import noPlatformFlagConst from './no-platform-flag-const.js';
import noWindowsPaths from './no-windows-paths.js';
import parseError from './parse-error.js';
import pinBaseImage from './pin-base-image.js';
import redundantTargetPlatform from './redundant-target-platform.js';
import runtimeNoBuildTools from './runtime-no-build-tools.js';
import runtimeNoPackageManager from './runtime-no-package-manager.js';
import serviceUsesBaseImage from './service-uses-base-image.js';
import stageLayout from './stage-layout.js';
import workdirAbsolute from './workdir-absolute.js';

export const rules: readonly Rule[] = [
  parseError,
  noWindowsPaths,
  dockerignoreRequired,
  // Dockerfiles
  stageLayout,
  manifestBeforeSource,
  runtimeNoPackageManager,
  runtimeNoBuildTools,
  baseImagePurity,
  serviceUsesBaseImage,
  localImageResolvable,
  cacheBustBeforeInstall,
  copyIgnoredFile,
  dependencyCacheMount,
  // Compose
  composeSchema,
  composeBuildIsolation,
  composeGpuReservation,
  composeBuildArgs,
  // Scripts and start-up
  noInstallInScripts,
  noInstallAtStartup,
  legacyBuilder,
  // General Dockerfile rules
  jsonArgs,
  noOverriddenInstruction,
  workdirAbsolute,
  copyFromSelf,
  copyFromKnownStage,
  copyDestDir,
  noAddForLocal,
  exposeValid,
  redundantTargetPlatform,
  noPlatformFlagConst,
  pinBaseImage,
] as readonly Rule[];

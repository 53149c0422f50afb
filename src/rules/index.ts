/** The rule registry, in the order rules run and are listed: by concern, the built-in parse-error first. */
import type { Rule } from '../rule.js';
import baseImagePurity from './base-image-purity.js';
import cacheBustBeforeInstall from './cache-bust-before-install.js';
import composeAmbiguousPort from './compose-ambiguous-port.js';
import composeBuildArgs from './compose-build-args.js';
import composeBuildIsolation from './compose-build-isolation.js';
import composeDependsOnKnown from './compose-depends-on-known.js';
import composeEnvFileExists from './compose-env-file-exists.js';
import composeGpuReservation from './compose-gpu-reservation.js';
import composeImagePinned from './compose-image-pinned.js';
import composeNoPrivileged from './compose-no-privileged.js';
import composeNoVersion from './compose-no-version.js';
import composeRestartPolicy from './compose-restart-policy.js';
import composeSchema from './compose-schema.js';
import composeUniqueContainerNames from './compose-unique-container-names.js';
import composeUniqueHostPorts from './compose-unique-host-ports.js';
import copyIgnoredFile from './copy-ignored-file.js';
import dependencyCacheMount from './dependency-cache-mount.js';
import dockerignoreRequired from './dockerignore-required.js';
import legacyBuilder from './legacy-builder.js';
import localImageResolvable from './local-image-resolvable.js';
import manifestBeforeSource from './manifest-before-source.js';
import noInstallAtStartup from './no-install-at-startup.js';
import noInstallInScripts from './no-install-in-scripts.js';
import noWindowsPaths from './no-windows-paths.js';
import parseError from './parse-error.js';
import runtimeNoBuildTools from './runtime-no-build-tools.js';
import runtimeNoPackageManager from './runtime-no-package-manager.js';
import serviceUsesBaseImage from './service-uses-base-image.js';
import stageLayout from './stage-layout.js';
import trustedRegistries from './trusted-registries.js';

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
  trustedRegistries,
  // Compose
  composeSchema,
  composeBuildIsolation,
  composeGpuReservation,
  composeBuildArgs,
  composeNoVersion,
  composeAmbiguousPort,
  composeNoPrivileged,
  composeRestartPolicy,
  composeUniqueContainerNames,
  composeUniqueHostPorts,
  composeDependsOnKnown,
  composeEnvFileExists,
  composeImagePinned,
  // Scripts and start-up
  noInstallInScripts,
  noInstallAtStartup,
  legacyBuilder,
] as readonly Rule[];

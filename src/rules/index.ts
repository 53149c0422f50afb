/** The rule registry, in the order rules run and are listed: by concern, the built-in parse-error first. */
import type { Rule } from '../engine/rule.js';
import aptGetNotApt from './apt-get-not-apt.js';
import aptListsRemoved from './apt-lists-removed.js';
import aptNoInstallRecommends from './apt-no-install-recommends.js';
import baseImagePurity from './base-image-purity.js';
import cacheBustBeforeInstall from './cache-bust-before-install.js';
import cdOrExit from './cd-or-exit.js';
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
import copyDestDir from './copy-dest-dir.js';
import copyFromKnownStage from './copy-from-known-stage.js';
import copyFromSelf from './copy-from-self.js';
import copyIgnoredFile from './copy-ignored-file.js';
import curlOrWget from './curl-or-wget.js';
import dependencyCacheMount from './dependency-cache-mount.js';
import dockerignoreRequired from './dockerignore-required.js';
import duplicateStageName from './duplicate-stage-name.js';
import envReferenceSameInstruction from './env-reference-same-instruction.js';
import exposeValid from './expose-valid.js';
import fromAsCasing from './from-as-casing.js';
import instructionCasing from './instruction-casing.js';
import invalidDefaultArgInFrom from './invalid-default-arg-in-from.js';
import jsonArgs from './json-args.js';
import legacyBuilder from './legacy-builder.js';
import legacyKeyValue from './legacy-key-value.js';
import localImageResolvable from './local-image-resolvable.js';
import maintainerDeprecated from './maintainer-deprecated.js';
import manifestBeforeSource from './manifest-before-source.js';
import noAddForLocal from './no-add-for-local.js';
import noCdInRun from './no-cd-in-run.js';
import noCurlPipeShell from './no-curl-pipe-shell.js';
import noInstallAtStartup from './no-install-at-startup.js';
import noInstallInScripts from './no-install-in-scripts.js';
import noOverriddenInstruction from './no-overridden-instruction.js';
import noPackageUpgrade from './no-package-upgrade.js';
import noPlatformFlagConst from './no-platform-flag-const.js';
import noPointlessCommands from './no-pointless-commands.js';
import noSudo from './no-sudo.js';
import noTlsBypass from './no-tls-bypass.js';
import noWindowsPaths from './no-windows-paths.js';
import packageAssumeYes from './package-assume-yes.js';
import packageUpdateWithInstall from './package-update-with-install.js';
import packageVersionPinned from './package-version-pinned.js';
import parseError from './parse-error.js';
import pinBaseImage from './pin-base-image.js';
import redundantTargetPlatform from './redundant-target-platform.js';
import reservedStageName from './reserved-stage-name.js';
import runtimeNoBuildTools from './runtime-no-build-tools.js';
import runtimeNoPackageManager from './runtime-no-package-manager.js';
import runtimeUserNotRoot from './runtime-user-not-root.js';
import secretsInArgEnv from './secrets-in-arg-env.js';
import serviceUsesBaseImage from './service-uses-base-image.js';
import quoteArrayExpansions from './quote-array-expansions.js';
import quoteTestOperands from './quote-test-operands.js';
import setPipefail from './set-pipefail.js';
import stageLayout from './stage-layout.js';
import stageNameCasing from './stage-name-casing.js';
import trustedRegistries from './trusted-registries.js';
import undefinedArgInFrom from './undefined-arg-in-from.js';
import undefinedVar from './undefined-var.js';
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
  // General Dockerfile syntax (BuildKit's checks)
  maintainerDeprecated,
  legacyKeyValue,
  envReferenceSameInstruction,
  instructionCasing,
  fromAsCasing,
  stageNameCasing,
  duplicateStageName,
  reservedStageName,
  undefinedArgInFrom,
  invalidDefaultArgInFrom,
  undefinedVar,
  // Security
  secretsInArgEnv,
  runtimeUserNotRoot,
  noTlsBypass,
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
  trustedRegistries,
  // General: shell commands in RUN and scripts
  noCdInRun,
  setPipefail,
  noSudo,
  curlOrWget,
  noPointlessCommands,
  noCurlPipeShell,
  quoteArrayExpansions,
  quoteTestOperands,
  cdOrExit,
  // General: OS and language package managers in RUN
  packageAssumeYes,
  aptNoInstallRecommends,
  aptGetNotApt,
  aptListsRemoved,
  packageUpdateWithInstall,
  noPackageUpgrade,
  packageVersionPinned,
  // General: compose
  composeNoVersion,
  composeAmbiguousPort,
  composeNoPrivileged,
  composeRestartPolicy,
  composeUniqueContainerNames,
  composeUniqueHostPorts,
  composeDependsOnKnown,
  composeEnvFileExists,
  composeImagePinned,
] as readonly Rule[];

/** The rule registry, in the order rules run and are listed. */
import type { Rule } from '../rule.js';
import dockerignoreRequired from './dockerignore-required.js';
import legacyBuilder from './legacy-builder.js';
import noInstallAtStartup from './no-install-at-startup.js';
import noInstallInScripts from './no-install-in-scripts.js';
import noWindowsPaths from './no-windows-paths.js';
import parseError from './parse-error.js';

export const rules: readonly Rule[] = [
  parseError,
  noWindowsPaths,
  dockerignoreRequired,
  noInstallInScripts,
  noInstallAtStartup,
  legacyBuilder,
] as readonly Rule[];

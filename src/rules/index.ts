/** The rule registry, in the order rules run and are listed. */
import type { Rule } from '../rule.js';
import composeBuildArgs from './compose-build-args.js';
import composeBuildIsolation from './compose-build-isolation.js';
import composeGpuReservation from './compose-gpu-reservation.js';
import composeSchema from './compose-schema.js';
import dockerignoreRequired from './dockerignore-required.js';
import noWindowsPaths from './no-windows-paths.js';
import parseError from './parse-error.js';

export const rules: readonly Rule[] = [parseError, noWindowsPaths, dockerignoreRequired, composeSchema, composeBuildIsolation, composeBuildArgs, composeGpuReservation] as readonly Rule[];

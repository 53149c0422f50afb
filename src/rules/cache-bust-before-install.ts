import { Type } from '@sinclair/typebox';
import { isInstruction, type CopyInstruction, type DockerfileDoc, type Instruction, type KeyValue, type Sourced, type Stage } from '../project/model.js';
import { defineRule, type RelatedLocation, type Report } from '../engine/rule.js';
import type { Location } from '../source.js';
import { installsOf } from '../vocabulary/commands.js';
import { globMatcher } from '../globs.js';
import { isRemoteSource } from '../vocabulary/manifests.js';
import { commandExcerpt, sameFileAncestors } from '../vocabulary/stages.js';

export const DEFAULT_VOLATILE_ARGS = [
  'BUILD_DATE',
  'BUILD_TIME',
  'BUILD_TIMESTAMP',
  'TIMESTAMP',
  'GIT_SHA',
  'GIT_COMMIT',
  'GIT_HASH',
  'GIT_REV',
  'GIT_REVISION',
  'COMMIT*',
  '*_COMMIT',
  '*_COMMIT_SHA',
  'REVISION',
  'SOURCE_COMMIT',
  'VCS_REF',
  'CACHEBUST',
  'CACHE_BUST',
  'CACHE_BUSTER',
  'BUILD_ID',
  'BUILD_NUMBER',
];

/** Why a value looks like it changes with every build: a date, a Unix time, a commit hash. */
function volatileValue(value: string): string | null {
  const trimmed = value.trim();
  if (/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?/.test(trimmed)) return 'a date';
  if (/^\d{10}(?:\d{3})?$/.test(trimmed)) return 'a Unix timestamp';
  if (/^[0-9a-f]{40}$/.test(trimmed) || (/^[0-9a-f]{7,12}$/.test(trimmed) && /\d/.test(trimmed) && /[a-f]/.test(trimmed))) return 'a commit hash';
  return null;
}

/** `$NAME` and `${NAME…}` references in a value. */
function referencedNames(value: string): string[] {
  return [...value.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].flatMap((match) => (match[1] === undefined ? [] : [match[1]]));
}

interface Volatile {
  reason: string;
  /** A compose build arg that supplies the value, when that is why. */
  compose: Location | null;
}

/** An install a buster invalidates: where, and the command as written. */
interface InstallAt extends Location {
  text: string;
}

interface Buster {
  dockerfile: DockerfileDoc;
  instruction: Instruction;
  location: Location;
  kind: 'arg' | 'add';
  name: string;
  volatile: Volatile | null;
}

/** `ADD https://…` / `ADD git@…` without `--checksum`, and not a git source pinned to a full commit. */
function movingRemoteSource(instruction: Instruction): string | null {
  if (!isInstruction(instruction, 'ADD')) return null;
  const add: CopyInstruction = instruction;
  if (add.flags.some((flag) => flag.name === 'checksum')) return null;
  const remote = add.sources.find((source) => isRemoteSource(source.value));
  if (remote === undefined) return null;
  return /#[0-9a-f]{40}$/.test(remote.value) ? null : remote.value;
}

export default defineRule({
  id: 'cache-bust-before-install',
  description: 'Nothing before a dependency install changes on every build: no volatile ARG, no moving ADD <url>',
  kind: 'policy',
  documents: ['dockerfile'],
  defaultSeverity: 'error',
  options: Type.Object(
    {
      volatileArgs: Type.Array(Type.String({ minLength: 1 }), {
        default: DEFAULT_VOLATILE_ARGS,
        description: 'ARG name globs (case-insensitive) whose values change with every build or commit',
      }),
    },
    { additionalProperties: false },
  ),
  messages: {
    volatileArg: {
      message: 'ARG {{name}} reruns the dependency install at line {{line}} each time its value changes. Volatile: {{reason}}.',
      help: 'Declare it after the install, just before the step that uses it (or in the runtime stage).',
    },
    remoteAdd: {
      message: 'This `ADD` of a URL reruns the dependency install at line {{line}} whenever the content changes. URL: {{url}}.',
      help: 'Pin the content with `ADD --checksum=sha256:…` (a git source: a full commit hash), or move the ADD after the install.',
    },
  },
  check(project, options) {
    const reports: Report[] = [];
    const volatileName = globMatcher(options.volatileArgs, { nocase: true });

    for (const dockerfile of project.dockerfiles) {
      const composeArgs = project.graph.servicesBuilding(dockerfile).flatMap((resolved) => [...(resolved.service.build?.args ?? new Map<string, Sourced<string | null>>())]);

      /** Why an ARG's value changes from build to build, or `null`. */
      const whyVolatile = (property: KeyValue, declared: ReadonlyMap<string, Volatile | null>): Volatile | null => {
        if (volatileName(property.name)) return { reason: 'its name says it changes with every build or commit', compose: null };
        const fromDefault = property.value === null ? null : volatileValue(property.value);
        if (fromDefault !== null) return { reason: `its default is ${fromDefault}`, compose: null };
        const referenced = property.value === null ? [] : referencedNames(property.value).filter((name) => declared.get(name) != null || volatileName(name));
        if (referenced[0] !== undefined) return { reason: `its default uses ${referenced[0]}`, compose: null };
        for (const [name, arg] of composeArgs) {
          if (name !== property.name || arg.value === null) continue;
          const volatileRef = referencedNames(arg.value).find(volatileName);
          const looks = volatileValue(arg.value);
          if (volatileRef !== undefined) return { reason: `compose passes it \${${volatileRef}}`, compose: arg.location };
          if (looks !== null) return { reason: `compose passes it ${looks}`, compose: arg.location };
        }
        return null;
      };

      /** The cache busters of a stage, in order (once per stage); `declared` tracks its ARGs for references between them. */
      const bustersByStage = new Map<Stage, Buster[]>();
      const bustersOf = (stage: Stage): Buster[] => {
        const known = bustersByStage.get(stage);
        if (known !== undefined) return known;
        const declared = new Map<string, Volatile | null>();
        const busters: Buster[] = [];
        for (const instruction of stage.instructions) {
          if (isInstruction(instruction, 'ARG')) {
            for (const property of instruction.properties) {
              const volatile = whyVolatile(property, declared);
              declared.set(property.name, volatile);
              if (volatile !== null) {
                busters.push({ dockerfile, instruction, location: { file: dockerfile.source.path, range: property.range }, kind: 'arg', name: property.name, volatile });
              }
            }
          }
          const url = movingRemoteSource(instruction);
          if (url !== null) busters.push({ dockerfile, instruction, location: { file: dockerfile.source.path, range: instruction.range }, kind: 'add', name: url, volatile: null });
        }
        bustersByStage.set(stage, busters);
        return busters;
      };

      /** Busters of an ancestor stage that reach the stages derived from it: an ARG a later RUN or ENV uses, or an ADD. */
      const inheritedBusters = (stage: Stage): Buster[] =>
        bustersOf(stage).filter((buster) => {
          if (buster.kind === 'add') return true;
          const after = stage.instructions.slice(stage.instructions.indexOf(buster.instruction) + 1);
          return after.some(
            (instruction) =>
              instruction.keyword === 'RUN' ||
              (isInstruction(instruction, 'ENV') && instruction.properties.some((property) => property.value !== null && referencedNames(property.value).includes(buster.name))),
          );
        });

      const invalidated = new Map<Instruction, { buster: Buster; installs: InstallAt[] }[]>();
      const record = (buster: Buster, install: InstallAt): void => {
        const entries = invalidated.get(buster.instruction) ?? [];
        const entry = entries.find((candidate) => candidate.buster.name === buster.name);
        if (entry) entry.installs.push(install);
        else entries.push({ buster, installs: [install] });
        invalidated.set(buster.instruction, entries);
      };

      for (const stage of dockerfile.stages) {
        const own = bustersOf(stage);
        const inherited = sameFileAncestors(project, dockerfile, stage).flatMap(inheritedBusters);
        for (const [index, instruction] of stage.instructions.entries()) {
          if (!isInstruction(instruction, 'RUN')) continue;
          const [first] = installsOf(instruction);
          if (first === undefined) continue;
          const before = new Set(stage.instructions.slice(0, index));
          const location: InstallAt = {
            file: dockerfile.source.path,
            range: first.command.range,
            text: commandExcerpt(dockerfile, instruction, first.command),
          };
          for (const buster of [...inherited, ...own.filter((candidate) => before.has(candidate.instruction))]) record(buster, location);
        }
      }

      for (const entries of invalidated.values()) {
        for (const { buster, installs } of entries) {
          const first = installs[0];
          if (first === undefined) continue;
          const related: RelatedLocation[] = installs.map(({ file, range, text }) => ({ location: { file, range }, message: `the install it invalidates: ${text}` }));
          if (buster.volatile?.compose) related.push({ location: buster.volatile.compose, message: 'the compose build arg that sets it' });
          const common = { install: first.text, line: first.range.start.line };
          reports.push(
            buster.kind === 'arg'
              ? { messageId: 'volatileArg', data: { ...common, name: buster.name, reason: buster.volatile?.reason ?? '' }, location: buster.location, related }
              : { messageId: 'remoteAdd', data: { ...common, url: buster.name }, location: buster.location, related },
          );
        }
      }
    }
    return reports;
  },
});

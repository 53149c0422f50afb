import { distance } from 'fastest-levenshtein';
import { targetStage } from '../project/graph.js';
import { isInstruction, type ComposeDoc, type DockerfileDoc, type Project, type ResolvedService, type Sourced, type Stage } from '../project/model.js';
import { defineRule, type Report } from '../engine/rule.js';
import type { Location } from '../source.js';
import { closest, listing } from '../text.js';
import { sourceStages } from '../vocabulary/stage-references.js';

/**
 * Build args Docker accepts without an ARG: the proxy variables, and BuildKit's own settings
 * (Dockerfile reference, "Predefined ARGs" and "BuildKit built-in build args").
 */
const PREDEFINED_ARGS = new Set([
  ...['HTTP_PROXY', 'HTTPS_PROXY', 'FTP_PROXY', 'NO_PROXY', 'ALL_PROXY'].flatMap((name) => [name, name.toLowerCase()]),
  'BUILDKIT_CACHE_MOUNT_NS',
  'BUILDKIT_CONTEXT_KEEP_GIT_DIR',
  'BUILDKIT_DOCKERFILE_CHECK',
  'BUILDKIT_INLINE_CACHE',
  'BUILDKIT_MULTI_PLATFORM',
  'BUILDKIT_SANDBOX_HOSTNAME',
  'BUILDKIT_SYNTAX',
  'SOURCE_DATE_EPOCH',
]);

/** The ARG names a Dockerfile declares: before the first FROM, and per stage index. */
interface Declared {
  global: Set<string>;
  byStage: Map<number, Set<string>>;
}

function declaredArgs(dockerfile: DockerfileDoc): Declared {
  const declared: Declared = { global: new Set(dockerfile.globalArgs.map((arg) => arg.name)), byStage: new Map() };
  for (const instruction of dockerfile.instructions) {
    if (!isInstruction(instruction, 'ARG') || instruction.stageIndex < 0) continue;
    const names = declared.byStage.get(instruction.stageIndex) ?? new Set<string>();
    for (const property of instruction.properties) names.add(property.name);
    declared.byStage.set(instruction.stageIndex, names);
  }
  return declared;
}

/**
 * The stages a build of `target` runs: the target, the stages it derives from (FROM), and those it
 * copies or mounts from (`COPY --from`, `RUN --mount=from=`), transitively. BuildKit skips the rest.
 */
function stagesBuilt(project: Project, dockerfile: DockerfileDoc, target: Stage): Set<number> {
  const built = new Set<number>();
  const pending = [target];
  for (let stage = pending.pop(); stage !== undefined; stage = pending.pop()) {
    if (built.has(stage.index)) continue;
    built.add(stage.index);
    pending.push(...sourceStages(project.graph, dockerfile, stage));
  }
  return built;
}

/** The declared names closest to `name`, closest first (at most three). */
function closestNames(name: string, candidates: Iterable<string>): string[] {
  const best = closest(name, candidates);
  if (best === null) return [];
  const limit = distance(name.toLowerCase(), best.toLowerCase());
  return [...new Set(candidates)]
    .filter((candidate) => distance(name.toLowerCase(), candidate.toLowerCase()) === limit)
    .sort()
    .slice(0, 3);
}

/** Where an arg's key is written: `KEY:` in a mapping, `- KEY=value` in a list; else where its value is. */
function argKeyLocation(project: Project, service: string, name: string, arg: Sourced<string | null>): Location {
  const doc = project.document(arg.location.file);
  if (doc?.kind !== 'compose') return arg.location;
  const path = ['services', service, 'build', 'args'];
  const args = dataAt(doc, path);
  if (Array.isArray(args)) {
    const index = args.findIndex((item) => typeof item === 'string' && (item === name || item.startsWith(`${name}=`)));
    return index === -1 ? arg.location : doc.locate([...path, index]);
  }
  if (args !== null && typeof args === 'object' && name in args) return doc.locate([...path, name], 'key');
  return arg.location;
}

function dataAt(doc: ComposeDoc, path: readonly string[]): unknown {
  let data = doc.data;
  for (const segment of path) {
    if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
    data = (data as Record<string, unknown>)[segment];
  }
  return data;
}

function stageLabel(stage: Stage): string {
  return stage.name ?? `#${stage.index}`;
}

function checkService(project: Project, resolved: ResolvedService): Report[] {
  const { service, dockerfile } = resolved;
  const build = service.build;
  if (build === null || dockerfile === null || dockerfile.stages.length === 0) return [];
  const reports: Report[] = [];
  const file = dockerfile.source.path;
  const stageNames = dockerfile.stages.flatMap((stage) => (stage.name === null ? [] : [stage.name]));

  // Unknown target → the stages built are unknown: an ARG anywhere counts.
  let target: Stage | null = null;
  if (build.target === null) target = dockerfile.stages.at(-1) ?? null;
  else if (build.target.resolved !== null) {
    target = targetStage(dockerfile, build.target.resolved) ?? null;
    if (target === null) {
      const suggestion = closest(build.target.resolved, stageNames);
      reports.push({
        messageId: suggestion === null ? 'missingTarget' : 'missingTargetSuggestion',
        data: { service: service.name, target: build.target.resolved, dockerfile: file, stages: stageNames.length > 0 ? listing(stageNames) : 'no named stage', ...(suggestion === null ? {} : { suggestion }) },
        location: build.target.location,
      });
    }
  }

  const declared = declaredArgs(dockerfile);
  const built = target === null ? null : stagesBuilt(project, dockerfile, target);
  const allNames = new Set([...declared.global, ...[...declared.byStage.values()].flatMap((names) => [...names])]);
  const targetLabel = target === null ? '' : stageLabel(target);

  for (const [name, arg] of build.args) {
    if (PREDEFINED_ARGS.has(name) || declared.global.has(name)) continue;
    const declaringStages = dockerfile.stages.filter((stage) => declared.byStage.get(stage.index)?.has(name) === true);
    if (declaringStages.some((stage) => built === null || built.has(stage.index))) continue;
    const location = argKeyLocation(project, service.name, name, arg);
    if (declaringStages.length > 0) {
      reports.push({
        messageId: 'argNotBuilt',
        data: { service: service.name, name, dockerfile: file, stages: listing(declaringStages.map(stageLabel)), target: targetLabel },
        location,
      });
      continue;
    }
    const suggestions = closestNames(name, allNames);
    const data = { service: service.name, name, dockerfile: file };
    const quoted = (names: Iterable<string>): string => listing([...names].sort().map((each) => `'${each}'`));
    if (suggestions.length > 0) reports.push({ messageId: 'unknownArgSuggestion', data: { ...data, suggestions: quoted(suggestions) }, location });
    else if (allNames.size > 0) reports.push({ messageId: 'unknownArg', data: { ...data, declared: quoted(allNames) }, location });
    else reports.push({ messageId: 'unknownArgNoArgs', data, location });
  }
  return reports;
}

export default defineRule({
  id: 'compose-build-args',
  description: "Every compose build arg is declared by an ARG of the Dockerfile on the way to the target, and build.target names one of its stages",
  kind: 'policy',
  documents: ['compose'],
  defaultSeverity: 'error',
  messages: {
    unknownArgSuggestion: {
      message: 'Build arg \'{{name}}\' of service \'{{service}}\' is declared by no ARG, so the build ignores it.',
      help: 'Did you mean {{suggestions}}? Rename it, or remove it from build.args.',
    },
    unknownArg: {
      message: 'Build arg \'{{name}}\' of service \'{{service}}\' is declared by no ARG, so the build ignores it.',
      help: 'Remove it from build.args, or declare `ARG {{name}}` in the stage of {{dockerfile}} that uses it (it declares {{declared}}).',
    },
    unknownArgNoArgs: {
      message: 'Build arg \'{{name}}\' of service \'{{service}}\' is unused: {{dockerfile}} declares no ARG.',
      help: 'Remove it from build.args.',
    },
    argNotBuilt: {
      message: 'Build arg \'{{name}}\' of service \'{{service}}\' is declared only in stages that \'{{target}}\' skips.',
      help: 'Declare it where the target\'s stages use it (now only in stage {{stages}} of {{dockerfile}}), or remove it from build.args.',
    },
    missingTarget: {
      message: 'Service \'{{service}}\' builds target \'{{target}}\', which is not a stage of its Dockerfile.',
      help: 'Name an existing stage of {{dockerfile}} in build.target (its stages: {{stages}}).',
    },
    missingTargetSuggestion: {
      message: 'Service \'{{service}}\' builds target \'{{target}}\', which is not a stage of its Dockerfile.',
      help: 'Did you mean \'{{suggestion}}\'? (stages of {{dockerfile}}: {{stages}})',
    },
  },
  check(project) {
    // A service read through several compose file groups reports the same twice; the engine merges those.
    return project.services.flatMap((resolved) => checkService(project, resolved));
  },
});

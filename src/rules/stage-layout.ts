import { Type } from '@sinclair/typebox';
import type { DockerfileDoc, ImageGraph, Project, Stage } from '../project/model.js';
import { defineRule, type Report } from '../engine/rule.js';
import { listing } from '../text.js';
import { sourceStages, stageLabel } from '../vocabulary/stage-references.js';

/** Does `stage` build on `ancestor`: through its FROM chain, or `--from` uses of it (transitively)? */
function derivesFrom(graph: ImageGraph, dockerfile: DockerfileDoc, stage: Stage, ancestor: Stage, visited = new Set<Stage>()): boolean {
  if (visited.has(stage)) return false;
  visited.add(stage);
  return sourceStages(graph, dockerfile, stage).some((source) => source === ancestor || derivesFrom(graph, dockerfile, source, ancestor, visited));
}

function stageNames(dockerfile: DockerfileDoc): string {
  return listing(dockerfile.stages.map(stageLabel));
}

/** `one stage, #0 (unnamed)` or `the stages 'build' and #1 (unnamed)`. */
function describeStages(dockerfile: DockerfileDoc): string {
  return dockerfile.stages.length === 1 ? `one stage, ${stageNames(dockerfile)}` : `the stages ${stageNames(dockerfile)}`;
}

function checkDockerfile(project: Project, dockerfile: DockerfileDoc, expected: readonly string[]): Report[] {
  const { stages } = dockerfile;
  const first = stages[0];
  const last = stages.at(-1);
  if (first === undefined || last === undefined) return [];
  const file = dockerfile.source.path;
  const layout = expected.join(' → ');
  const runtimeName = expected.at(-1) ?? '';
  const byName = new Map<string, Stage>();
  // A name used twice means its last stage, as in BuildKit.
  for (const stage of stages) if (stage.name !== null) byName.set(stage.name, stage);
  const at = (stage: Stage) => ({ file, range: stage.from.stageNameRange ?? stage.from.range });

  const missing = expected.filter((name) => !byName.has(name));
  if (missing.length > 0) {
    return [
      {
        messageId: 'missingStages',
        data: {
          file,
          existing: describeStages(dockerfile),
          missing: `${missing.length === 1 ? 'a stage' : 'stages'} named ${listing(missing.map((name) => `'${name}'`))}`,
          layout,
        },
        location: { file, range: first.from.range },
      },
    ];
  }

  const reports: Report[] = [];
  const present = expected.map((name) => byName.get(name)).filter((stage): stage is Stage => stage !== undefined);
  const beforeRuntime = present.slice(0, -1);
  for (let index = 1; index < beforeRuntime.length; index++) {
    const stage = beforeRuntime[index];
    const previous = beforeRuntime[index - 1];
    if (stage === undefined || previous === undefined || stage.index > previous.index) continue;
    reports.push({
      messageId: 'outOfOrder',
      data: { stage: stageLabel(stage), previous: stageLabel(previous), layout },
      location: at(stage),
      related: [{ location: at(previous), message: `${stageLabel(previous)} is defined here` }],
    });
  }

  const runtime = byName.get(runtimeName);
  if (runtime !== undefined && runtime !== last) {
    reports.push({
      messageId: 'runtimeNotLast',
      data: { last: stageLabel(last), runtime: runtimeName },
      location: { file, range: last.from.range },
      related: [{ location: at(runtime), message: `the '${runtimeName}' stage` }],
    });
  }

  // Each stage before the runtime stage builds on the one before it (`build` on `deps`).
  for (let index = 1; index < beforeRuntime.length; index++) {
    const stage = beforeRuntime[index];
    const previous = beforeRuntime[index - 1];
    if (stage === undefined || previous === undefined || stage.index < previous.index) continue;
    if (derivesFrom(project.graph, dockerfile, stage, previous)) continue;
    reports.push({
      messageId: 'notDerived',
      data: { stage: stage.name ?? '', from: previous.name ?? '' },
      location: at(stage),
    });
  }
  return reports;
}

/** A compose `build.target` of a service Dockerfile must be its runtime stage. */
function checkTargets(project: Project, expected: readonly string[]): Report[] {
  const runtime = expected.at(-1) ?? '';
  const reports: Report[] = [];
  for (const resolved of project.services) {
    const target = resolved.service.build?.target;
    const dockerfile = resolved.dockerfile;
    const written = target?.resolved;
    if (target === undefined || target === null || written === undefined || written === null) continue;
    if (dockerfile === null) continue;
    const name = written.toLowerCase();
    // A target that names no stage is compose-build-args' finding; only service builds must target the runtime stage.
    if (!dockerfile.stages.some((stage) => stage.name === name)) continue;
    if (name === runtime || project.graph.role(dockerfile) !== 'service') continue;
    reports.push({
      messageId: 'targetNotRuntime',
      data: { service: resolved.service.name, target: written, dockerfile: dockerfile.source.path, runtime },
      location: target.location,
    });
  }
  return reports;
}

export default defineRule({
  id: 'stage-layout',
  description: 'Service Dockerfiles have named deps → build → runtime stages, the runtime stage last, and compose builds the runtime stage',
  kind: 'policy',
  documents: ['dockerfile', 'compose'],
  defaultSeverity: 'error',
  options: Type.Object(
    {
      stages: Type.Array(Type.String({ minLength: 1 }), {
        minItems: 1,
        default: ['deps', 'build', 'runtime'],
        description: 'The stage names every service Dockerfile has, in order; the last one is the runtime stage',
      }),
    },
    { additionalProperties: false },
  ),
  messages: {
    missingStages: {
      // What is missing first: the list of existing stages is as long as their names.
      message: 'The Dockerfile has no {{missing}}. It has {{existing}}.',
      help: 'Name the stages {{layout}} (FROM … AS <name>), runtime last, so a code change rebuilds only the stages after the install.',
    },
    outOfOrder: {
      message: 'Stage {{stage}} comes before {{previous}}.',
      help: 'Order the stages {{layout}}, so that each builds on the cached one before it.',
    },
    runtimeNotLast: {
      message: 'The last stage is {{last}}, not \'{{runtime}}\', and a plain `docker build` builds the last stage.',
      help: 'Move the \'{{runtime}}\' stage to the end of the file.',
    },
    notDerived: {
      message: 'Stage \'{{stage}}\' does not build on \'{{from}}\', so it cannot reuse the dependencies installed there.',
      help: 'Start it with `FROM {{from}} AS {{stage}}` (or use COPY --from={{from}} or RUN --mount=from={{from}}).',
    },
    targetNotRuntime: {
      message: 'Service \'{{service}}\' builds target \'{{target}}\', not the runtime stage \'{{runtime}}\'.',
      help: 'Set `target: {{runtime}}` in the service, or drop `target` ({{dockerfile}} ends with the runtime stage).',
    },
  },
  check(project, options) {
    const expected = options.stages.map((name) => name.toLowerCase());
    const reports: Report[] = [];
    for (const dockerfile of project.dockerfiles) {
      if (project.graph.role(dockerfile) === 'service') reports.push(...checkDockerfile(project, dockerfile, expected));
    }
    reports.push(...checkTargets(project, expected));
    return reports;
  },
});

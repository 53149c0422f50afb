import { Type } from '@sinclair/typebox';
import type { DockerfileDoc, ImageRef, ImageSource, Project, ResolvedService, Stage } from '../project/model.js';
import { defineRule, type RelatedLocation, type Report } from '../engine/rule.js';
import type { Location } from '../source.js';
import { isGlobMatch } from '../globs.js';
import { fromImageWith } from '../vocabulary/stages.js';
import { misspeltStage, namedStage, stageReferences } from '../vocabulary/stage-references.js';

/** Why an image is not pinned, or `null` when it is (a version tag, or a digest). */
function unpinned(ref: ImageRef): 'untagged' | 'latest' | null {
  if (ref.digest !== null) return null;
  if (ref.tag === null) return 'untagged';
  return ref.tag === 'latest' ? 'latest' : null;
}

/** An upstream image this rule judges: not a stage, scratch, local image, unknown reference or exempt name. */
function judgedImage(source: ImageSource, exempt: readonly string[]): ImageRef | null {
  if (source.kind !== 'external') return null;
  const { ref } = source;
  const repository = ref.registry === null ? ref.path : `${ref.registry}/${ref.path}`;
  return isGlobMatch(repository, exempt) ? null : ref;
}

/** The build args of a service as far as they are known: a value from the environment or with `${…}` is unknown. */
function knownBuildArgs(resolved: ResolvedService): Map<string, string | null> {
  const args = new Map<string, string | null>();
  for (const [name, arg] of resolved.service.build?.args ?? []) args.set(name, arg.value === null || arg.value.includes('$') ? null : arg.value);
  return args;
}

function checkFrom(project: Project, dockerfile: DockerfileDoc, stage: Stage, exempt: readonly string[]): Report[] {
  const file = dockerfile.source.path;
  const location: Location = { file, range: stage.from.imageRange };
  const reports: Report[] = [];
  const ref = judgedImage(project.graph.parentOf(dockerfile, stage), exempt);
  const problem = ref === null ? null : unpinned(ref);
  if (ref !== null && problem !== null) reports.push({ messageId: problem, data: { instruction: 'FROM', image: ref.text }, location });

  // Each compose service that builds the file with build args may name another image.
  for (const resolved of project.graph.servicesBuilding(dockerfile)) {
    const args = knownBuildArgs(resolved);
    if (args.size === 0) continue;
    const text = fromImageWith(dockerfile, stage, args);
    if (text === null || text === stage.from.image.text || /^\d+$/.test(text)) continue;
    const viaArgs = judgedImage(project.graph.resolveFrom(dockerfile, stage, text), exempt);
    const argProblem = viaArgs === null ? null : unpinned(viaArgs);
    if (viaArgs === null || argProblem === null) continue;
    const related: RelatedLocation[] = [...(resolved.service.build?.args ?? [])]
      .filter(([name]) => dockerfile.globalArgs.some((arg) => arg.name === name))
      .map(([name, arg]) => ({ location: arg.location, message: `build arg ${name} of service '${resolved.service.name}'` }));
    reports.push({
      messageId: argProblem === 'untagged' ? 'untaggedWithArgs' : 'latestWithArgs',
      data: { image: viaArgs.text, service: resolved.service.name },
      location,
      ...(related.length > 0 ? { related } : {}),
    });
  }
  return reports;
}

function checkReferences(project: Project, dockerfile: DockerfileDoc, stage: Stage, exempt: readonly string[]): Report[] {
  const reports: Report[] = [];
  for (const reference of stageReferences(dockerfile, stage)) {
    // Stage names and indexes (a later stage, a misspelt one) are copy-from-known-stage's findings.
    const { name } = reference;
    if (/^\d+$/.test(name) || namedStage(dockerfile, name) !== undefined || misspeltStage(dockerfile, stage, name) !== null) continue;
    const ref = judgedImage(project.graph.resolveFrom(dockerfile, stage, reference.name), exempt);
    const problem = ref === null ? null : unpinned(ref);
    if (ref === null || problem === null) continue;
    reports.push({ messageId: problem, data: { instruction: reference.via, image: ref.text }, location: reference.location });
  }
  return reports;
}

export default defineRule({
  id: 'pin-base-image',
  description: 'Images pulled by FROM and --from name a version tag or a digest, not :latest or no tag (build args resolved first)',
  kind: 'general',
  equivalents: { hadolint: ['DL3006', 'DL3007'] },
  documents: ['dockerfile'],
  defaultSeverity: 'off',
  strict: { severity: 'warning' },
  options: Type.Object(
    {
      exempt: Type.Array(Type.String({ minLength: 1 }), {
        default: ['base-*'],
        description: 'Globs of image names (without tag) not judged: images this repository builds itself (local-image-resolvable checks those)',
      }),
    },
    { additionalProperties: false },
  ),
  messages: {
    untagged: {
      message: '{{instruction}} {{image}} has no tag, so each build may pull a different image (:latest).',
      help: 'Pin a version tag ({{image}}:<version>), or a digest (@sha256:…) for fully reproducible builds.',
    },
    latest: {
      message: '{{instruction}} {{image}} pulls :latest, so each build may pull a different image.',
      help: 'Pin a version tag instead of latest, or a digest (@sha256:…) for fully reproducible builds.',
    },
    untaggedWithArgs: {
      message: 'With its build args, service \'{{service}}\' builds FROM {{image}}, which has no tag.',
      help: 'Pass a version tag in the build arg, or a digest: each build may otherwise pull a different image.',
    },
    latestWithArgs: {
      message: 'With its build args, service \'{{service}}\' builds FROM {{image}}, which is :latest.',
      help: 'Pass a version tag in the build arg, or a digest: each build may otherwise pull a different image.',
    },
  },
  check(project, options) {
    const reports: Report[] = [];
    for (const dockerfile of project.dockerfiles) {
      for (const stage of dockerfile.stages) {
        reports.push(...checkFrom(project, dockerfile, stage, options.exempt), ...checkReferences(project, dockerfile, stage, options.exempt));
      }
    }
    return reports;
  },
});

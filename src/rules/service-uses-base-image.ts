import { Type } from '@sinclair/typebox';
import { distance } from 'fastest-levenshtein';
import type { DockerfileDoc, Project, Stage } from '../project/model.js';
import { defineRule, type Report } from '../engine/rule.js';
import { canonicalImageName, matchesImageGlob } from '../vocabulary/images.js';
import { firstOf } from '../text.js';
import { sameFileAncestors } from '../vocabulary/stages.js';

/** Base images offered in a message. */
const SHOWN_IMAGES = 4;

/** The stage the rule judges: the one named `deps`, else the first. */
function dependencyStage(dockerfile: DockerfileDoc): Stage | undefined {
  return dockerfile.stages.find((stage) => stage.name === 'deps') ?? dockerfile.stages[0];
}

/** The local images built from base Dockerfiles of this repository, sorted. */
function baseImages(project: Project): string[] {
  const images = project.graph.producers.filter((producer) => project.graph.role(producer.dockerfile) === 'base').map((producer) => producer.image);
  return [...new Set(images)].sort();
}

/** How the message names the stage: only `deps` or the first stage are judged. */
function stageDescription(stage: Stage): string {
  return stage.name === null ? 'first stage' : `'${stage.name}' stage`;
}

/** Base images likeliest to replace an upstream image first: `node:20` → `base-node…`. */
function byLikeness(candidates: readonly string[], upstream: string): string[] {
  const wanted = `base-${upstream.slice(upstream.lastIndexOf('/') + 1)}`;
  const repositoryOf = (image: string): string => image.replace(/:[^:/]*$/, '');
  return [...candidates].sort((a, b) => distance(repositoryOf(a), wanted) - distance(repositoryOf(b), wanted) || a.localeCompare(b));
}

/** An image glob without a tag matches every tag, as in the `knownImages` setting. */
function isAllowed(image: string, allow: readonly string[]): boolean {
  return allow.some((glob) => matchesImageGlob(image, glob));
}

export default defineRule({
  id: 'service-uses-base-image',
  description: "A service Dockerfile's deps stage builds FROM a base image built in this repository, not directly from an upstream image",
  kind: 'policy',
  documents: ['dockerfile'],
  defaultSeverity: 'warning',
  strict: { severity: 'error' },
  options: Type.Object(
    {
      allow: Type.Array(Type.String({ minLength: 1 }), {
        default: [],
        description: 'Upstream images (globs of `name:tag`; a name without a tag matches every tag) a deps stage may build from',
      }),
    },
    { additionalProperties: false },
  ),
  messages: {
    upstream: {
      message: 'The {{stage}} builds FROM an upstream image, not from a base image of this repository. Image: \'{{image}}\'.',
      help: 'Build it FROM one of the repository\'s base images ({{candidates}}), or add \'{{image}}\' to the option allow.',
    },
    upstreamNoBase: {
      message: 'The {{stage}} builds FROM an upstream image, and this repository builds no base image. Image: \'{{image}}\'.',
      help: 'Add a base image (a Dockerfile in a base-<name>/ directory, or one named in the images setting) and build FROM it, or add \'{{image}}\' to the option allow.',
    },
  },
  check(project, options) {
    const candidates = baseImages(project);
    const reports: Report[] = [];
    for (const dockerfile of project.dockerfiles) {
      if (project.graph.role(dockerfile) !== 'service') continue;
      const stage = dependencyStage(dockerfile);
      if (stage === undefined) continue;
      // Follow FROMs through earlier stages of the file to the image the stage really starts from.
      const ancestors = sameFileAncestors(project, dockerfile, stage);
      const origin = ancestors.at(-1) ?? stage;
      const root = project.graph.ancestry(dockerfile, stage)[ancestors.length];
      if (root?.kind !== 'external') continue;
      const image = canonicalImageName(root.ref);
      if (isAllowed(image, options.allow)) continue;
      const likely = byLikeness(candidates, root.ref.path);
      const shown = firstOf(likely, SHOWN_IMAGES);
      reports.push({
        messageId: candidates.length === 0 ? 'upstreamNoBase' : 'upstream',
        data: { stage: stageDescription(stage), image: root.ref.text, ...(candidates.length === 0 ? {} : { candidates: shown }) },
        location: { file: dockerfile.source.path, range: origin.from.imageRange },
      });
    }
    return reports;
  },
});

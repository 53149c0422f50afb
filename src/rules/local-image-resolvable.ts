import { Type } from '@sinclair/typebox';
import { distance } from 'fastest-levenshtein';
import { normalizeImageName, parseImageRef } from '../project/image-ref.js';
import type { DockerfileDoc, ImageProducer, ImageRef, ImageSource, Project } from '../project/model.js';
import { defineRule, type Report } from '../engine/rule.js';
import type { Location } from '../source.js';
import { firstOf, listing } from '../text.js';
import { stageReferences } from '../vocabulary/stage-references.js';
import { isGlobMatch } from '../globs.js';

/** Suggestions and listed names per message. */
const SHOWN_NAMES = 3;

interface ImageUse {
  dockerfile: DockerfileDoc;
  /** The name as written. */
  name: string;
  location: Location;
  source: ImageSource;
}

/** Every FROM and `--from` of the project with what it resolves to. */
function imageUses(project: Project): ImageUse[] {
  const uses: ImageUse[] = [];
  for (const dockerfile of project.dockerfiles) {
    for (const stage of dockerfile.stages) {
      uses.push({
        dockerfile,
        name: stage.from.image.text,
        location: { file: dockerfile.source.path, range: stage.from.imageRange },
        source: project.graph.parentOf(dockerfile, stage),
      });
      for (const reference of stageReferences(dockerfile, stage)) {
        uses.push({ dockerfile, name: reference.name, location: reference.location, source: project.graph.resolveFrom(dockerfile, stage, reference.name) });
      }
    }
  }
  return uses;
}

/** `name` without its tag, registry kept: what `localImages` globs describe. */
function repository(ref: ImageRef): string {
  return ref.registry === null ? ref.path : `${ref.registry}/${ref.path}`;
}

/** Matched as written: an explicit registry (even `docker.io`) says the image is pulled. */
function looksLocal(ref: ImageRef, globs: readonly string[]): boolean {
  const name = repository(ref);
  return isGlobMatch(name, globs) || isGlobMatch(`${name}:${ref.tag ?? 'latest'}`, globs);
}

/** Known names closest to `name`: by the repository name first (a wrong tag is the likeliest slip), then the whole name. */
function closestNames(ref: ImageRef, known: readonly string[]): string[] {
  const wanted = repository(ref).toLowerCase();
  const full = normalizeImageName(ref).toLowerCase();
  return known
    .map((name) => {
      const candidate = repository(parseImageRef(name)).toLowerCase();
      return { name, repositoryDistance: distance(wanted, candidate), fullDistance: distance(full, name.toLowerCase()), length: candidate.length };
    })
    .filter((entry) => entry.repositoryDistance <= Math.max(2, Math.floor(entry.length / 3)))
    .sort((a, b) => a.repositoryDistance - b.repositoryDistance || a.fullDistance - b.fullDistance || a.name.localeCompare(b.name))
    .slice(0, SHOWN_NAMES)
    .map((entry) => entry.name);
}

/** Is `name` a stage of the file (at any position) or a named build context of a service building it? */
function isStageOrNamedContext(project: Project, dockerfile: DockerfileDoc, name: string): boolean {
  const lower = name.toLowerCase();
  if (dockerfile.stages.some((stage) => stage.name === lower)) return true;
  return project.graph.servicesBuilding(dockerfile).some((resolved) => resolved.service.build?.additionalContexts.has(name) === true);
}

function unresolvedReports(project: Project, uses: readonly ImageUse[], globs: readonly string[], known: readonly string[]): Report[] {
  const reports: Report[] = [];
  for (const use of uses) {
    if (use.source.kind !== 'external' || /^\d+$/.test(use.name)) continue;
    const ref = use.source.ref;
    if (!looksLocal(ref, globs) || isStageOrNamedContext(project, use.dockerfile, use.name)) continue;
    const image = normalizeImageName(ref);
    const suggestions = closestNames(ref, known);
    if (suggestions.length > 0) {
      reports.push({ messageId: 'unresolvedDidYouMean', data: { image, suggestions: listing(suggestions.map((name) => `'${name}'`)) }, location: use.location });
    } else if (known.length > 0) {
      const shown = firstOf(known, SHOWN_NAMES);
      reports.push({ messageId: 'unresolvedKnown', data: { image, known: shown }, location: use.location });
    } else {
      reports.push({ messageId: 'unresolvedNoImages', data: { image }, location: use.location });
    }
  }
  return reports;
}

/** Where an image name is declared, for related locations: the compose `image:` of a producing service. */
function declarations(project: Project, image: string): Location[] {
  return project.services.flatMap((resolved) => {
    const declared = resolved.service.build && resolved.service.image?.resolved;
    return declared && normalizeImageName(parseImageRef(declared)) === image ? [resolved.service.image?.location ?? resolved.service.location] : [];
  });
}

/**
 * Base images nothing uses. A base Dockerfile none of whose images is used is reported once. When some
 * are used, an unused name is reported only if it was declared (compose `image:` or the `images`
 * setting): a name inferred from a `base-*` directory is a guess, and the file is evidently in use.
 */
function unusedReports(project: Project, uses: readonly ImageUse[]): Report[] {
  const used = new Set<string>();
  for (const use of uses) {
    if (use.source.kind === 'local' && use.source.producer.dockerfile !== use.dockerfile) used.add(use.source.producer.image);
  }
  // A compose service that runs a base image without building it uses it too.
  for (const resolved of project.services) {
    const image = resolved.service.image?.resolved;
    if (!resolved.service.build && image) used.add(normalizeImageName(parseImageRef(image)));
  }

  const byDockerfile = new Map<DockerfileDoc, Map<string, ImageProducer[]>>();
  for (const producer of project.graph.producers) {
    if (project.graph.role(producer.dockerfile) !== 'base') continue;
    const images = byDockerfile.get(producer.dockerfile) ?? new Map<string, ImageProducer[]>();
    images.set(producer.image, [...(images.get(producer.image) ?? []), producer]);
    byDockerfile.set(producer.dockerfile, images);
  }

  const reports: Report[] = [];
  for (const [dockerfile, images] of byDockerfile) {
    const file = dockerfile.source.path;
    const names = [...images.keys()];
    const unused = names.filter((name) => !used.has(name));
    if (unused.length === names.length) {
      const producer = images.get(names[0] ?? '')?.[0];
      if (producer === undefined) continue;
      reports.push({
        messageId: 'unusedBase',
        data: { images: listing(names.map((name) => `'${name}'`)), file },
        location: { file, range: producer.stage.from.range },
        related: names.flatMap((name) => declarations(project, name)).map((location) => ({ location, message: 'declared here' })),
      });
      continue;
    }
    for (const name of unused) {
      const producers = images.get(name) ?? [];
      const producer = producers[0];
      if (producer === undefined || producers.every((candidate) => candidate.via === 'directory')) continue;
      reports.push({
        messageId: 'unusedVariant',
        data: { image: name, file, stage: producer.stage.name ?? `#${producer.stage.index}` },
        location: { file, range: producer.stage.from.range },
        related: declarations(project, name).map((location) => ({ location, message: 'declared here' })),
      });
    }
  }
  return reports;
}

export default defineRule({
  id: 'local-image-resolvable',
  description: 'Every local image a FROM or --from names is built by a Dockerfile of this repository, and every base image is used',
  kind: 'policy',
  documents: ['dockerfile'],
  defaultSeverity: 'error',
  options: Type.Object(
    {
      localImages: Type.Array(Type.String({ minLength: 1 }), {
        default: ['base-*'],
        description: 'Globs of image names (without or with tag) that are built locally, never pulled',
      }),
    },
    { additionalProperties: false },
  ),
  messages: {
    unresolvedDidYouMean: {
      message: 'No Dockerfile here builds \'{{image}}\', so Docker tries to pull it and fails.',
      help: 'Did you mean {{suggestions}}?',
    },
    unresolvedKnown: {
      message: 'No Dockerfile here builds \'{{image}}\', so Docker tries to pull it and fails.',
      help: 'Use one of the local images ({{known}}), or declare the Dockerfile that builds it in the images setting.',
    },
    unresolvedNoImages: {
      message: 'No Dockerfile here builds \'{{image}}\', so Docker tries to pull it and fails.',
      help: 'Add its Dockerfile (in a directory named after the image, or declared in the images setting).',
    },
    unusedBase: {
      message: 'No Dockerfile builds on this base image, so it is built for nothing. It produces {{images}} ({{file}}).',
      help: 'Build the services FROM it, or delete it.',
    },
    unusedVariant: {
      message: 'No Dockerfile builds on \'{{image}}\' (stage \'{{stage}}\' of {{file}}).',
      help: 'Build FROM it where it was meant to be used, or stop declaring and building it.',
    },
  },
  check(project, options) {
    const uses = imageUses(project);
    const known = [...new Set(project.graph.producers.map((producer) => producer.image))].sort();
    return [...unresolvedReports(project, uses, options.localImages, known), ...unusedReports(project, uses)];
  },
});

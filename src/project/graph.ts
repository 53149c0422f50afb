/**
 * The image graph: which local image each Dockerfile produces, what every FROM and `COPY --from`
 * refers to, and each Dockerfile's role. Built once per project from parsed documents.
 */
import type { ProjectSettings } from '../config/settings.js';
import { normalizeImageName, parseImageRef } from './image-ref.js';
import { isGlobMatch } from '../globs.js';
import type {
  DockerfileDoc,
  DockerfileRole,
  ImageGraph,
  ImageProducer,
  ImageSource,
  ResolvedService,
  Stage,
} from './model.js';

/** The stage a build produces: the named target, or the last stage. */
export function targetStage(dockerfile: DockerfileDoc, target: string | null): Stage | undefined {
  if (target === null) return dockerfile.stages.at(-1);
  // BuildKit keeps the last stage of a name used twice.
  return dockerfile.stages.findLast((stage) => stage.name === target.toLowerCase());
}

/** A normalised `name:tag` without its tag. */
function repositoryOf(image: string): string {
  return image.replace(/:[^:/]*$/, '');
}

/** The `base-*` directory a Dockerfile lives in directly, if any. */
function baseDirectoryName(path: string): string | null {
  const parts = path.split('/');
  const dir = parts.at(-2);
  return dir?.startsWith('base-') && parts.at(-1) === 'Dockerfile' ? dir : null;
}

export function buildImageGraph(
  dockerfiles: readonly DockerfileDoc[],
  services: readonly ResolvedService[],
  settings: ProjectSettings,
): ImageGraph {
  const byPath = new Map(dockerfiles.map((doc) => [doc.source.path, doc]));
  const producers: ImageProducer[] = [];
  const producerByImage = new Map<string, ImageProducer>();
  /** Producers of every tag of a repository (a `base-*` directory, an `images` entry without a tag). */
  const producerByRepository = new Map<string, ImageProducer>();
  const addProducer = (producer: ImageProducer): void => {
    producers.push(producer);
    if (!producerByImage.has(producer.image)) producerByImage.set(producer.image, producer);
    const repository = repositoryOf(producer.image);
    if (producer.anyTag && !producerByRepository.has(repository)) producerByRepository.set(repository, producer);
  };

  // Most explicit first: the config map, then compose `image:`, then `base-*` directory names.
  for (const [name, definition] of Object.entries(settings.images)) {
    const dockerfile = byPath.get(definition.dockerfile);
    const stage = dockerfile && targetStage(dockerfile, definition.target ?? null);
    const ref = parseImageRef(name);
    const anyTag = ref.tag === null && ref.digest === null;
    if (dockerfile && stage) addProducer({ image: normalizeImageName(ref), anyTag, dockerfile, stage, via: 'config' });
  }
  const serviceProducers = new Map<string, ImageProducer>();
  for (const resolved of services) {
    const { service, dockerfile } = resolved;
    const stage = dockerfile && targetStage(dockerfile, service.build?.target?.resolved ?? null);
    if (!dockerfile || !stage) continue;
    const imageName = service.image?.resolved;
    const producer: ImageProducer = {
      image: imageName ? normalizeImageName(parseImageRef(imageName)) : `service:${service.name}`,
      anyTag: false,
      dockerfile,
      stage,
      via: 'compose',
    };
    serviceProducers.set(service.name, producer);
    if (imageName) addProducer(producer);
  }
  for (const dockerfile of dockerfiles) {
    const dir = baseDirectoryName(dockerfile.source.path);
    const stage = dockerfile.stages.at(-1);
    if (dir && stage) addProducer({ image: normalizeImageName(parseImageRef(dir)), anyTag: true, dockerfile, stage, via: 'directory' });
  }

  const servicesByDockerfile = new Map<DockerfileDoc, ResolvedService[]>();
  for (const resolved of services) {
    if (!resolved.dockerfile) continue;
    const list = servicesByDockerfile.get(resolved.dockerfile) ?? [];
    list.push(resolved);
    servicesByDockerfile.set(resolved.dockerfile, list);
  }

  /** Named build contexts (`additional_contexts`) of the services building a Dockerfile. */
  const namedContext = (dockerfile: DockerfileDoc, name: string): ImageSource | null => {
    for (const resolved of servicesByDockerfile.get(dockerfile) ?? []) {
      const value = resolved.service.build?.additionalContexts.get(name)?.resolved;
      if (value === undefined || value === null) continue;
      if (value.startsWith('service:')) {
        const producer = serviceProducers.get(value.slice('service:'.length));
        if (producer) return { kind: 'local', producer, image: producer.image };
      }
      if (value.startsWith('docker-image://')) return imageSource(value.slice('docker-image://'.length));
      if (value.startsWith('target:')) {
        const stage = targetStage(dockerfile, value.slice('target:'.length));
        if (stage) return { kind: 'stage', dockerfile, stage };
      }
    }
    return null;
  };

  const imageSource = (text: string): ImageSource => {
    const ref = parseImageRef(text);
    if (ref.dynamic) return { kind: 'unresolved', ref };
    if (ref.path === 'scratch' && ref.registry === null) return { kind: 'scratch' };
    const name = normalizeImageName(ref);
    // An exact name first (a tag some service or setting builds), then a producer of every tag.
    const producer = producerByImage.get(name) ?? (ref.digest === null ? producerByRepository.get(repositoryOf(name)) : undefined);
    return producer ? { kind: 'local', producer, image: name } : { kind: 'external', ref };
  };

  const earlierStage = (dockerfile: DockerfileDoc, stage: Stage, name: string): Stage | undefined => {
    const lower = name.toLowerCase();
    if (/^\d+$/.test(name)) {
      const index = Number(name);
      return index < stage.index ? dockerfile.stages[index] : undefined;
    }
    return dockerfile.stages.findLast((candidate) => candidate.index < stage.index && candidate.name === lower);
  };

  const resolveFrom = (dockerfile: DockerfileDoc, stage: Stage, from: string): ImageSource => {
    const earlier = earlierStage(dockerfile, stage, from);
    if (earlier) return { kind: 'stage', dockerfile, stage: earlier };
    return namedContext(dockerfile, from) ?? imageSource(from);
  };

  // Rules walk every stage's ancestry again and again; each stage's parent is resolved once.
  const parents = new WeakMap<Stage, { dockerfile: DockerfileDoc; parent: ImageSource }>();
  const parentOf = (dockerfile: DockerfileDoc, stage: Stage): ImageSource => {
    const known = parents.get(stage);
    if (known?.dockerfile === dockerfile) return known.parent;
    const parent = resolveParent(dockerfile, stage);
    parents.set(stage, { dockerfile, parent });
    return parent;
  };

  const resolveParent = (dockerfile: DockerfileDoc, stage: Stage): ImageSource => {
    const { image } = stage.from;
    if (image.dynamic) return { kind: 'unresolved', ref: image };
    // FROM accepts stage names (not indexes) and named contexts before images.
    if (!/^\d+$/.test(image.text)) {
      const earlier = earlierStage(dockerfile, stage, image.text);
      if (earlier) return { kind: 'stage', dockerfile, stage: earlier };
    }
    return namedContext(dockerfile, image.text) ?? imageSource(image.text);
  };

  const ancestry = (dockerfile: DockerfileDoc, stage: Stage): ImageSource[] => {
    const chain: ImageSource[] = [];
    const visited = new Set<Stage>([stage]);
    let current: { dockerfile: DockerfileDoc; stage: Stage } = { dockerfile, stage };
    for (;;) {
      const parent = parentOf(current.dockerfile, current.stage);
      chain.push(parent);
      const next =
        parent.kind === 'stage' ? parent : parent.kind === 'local' ? { dockerfile: parent.producer.dockerfile, stage: parent.producer.stage } : null;
      if (next === null || visited.has(next.stage)) return chain;
      visited.add(next.stage);
      current = next;
    }
  };

  const producersByDockerfile = new Map<DockerfileDoc, ImageProducer[]>();
  for (const producer of producers) {
    const list = producersByDockerfile.get(producer.dockerfile);
    if (list === undefined) producersByDockerfile.set(producer.dockerfile, [producer]);
    else list.push(producer);
  }

  const usedAsBase = new Set<DockerfileDoc>();
  for (const dockerfile of dockerfiles) {
    for (const stage of dockerfile.stages) {
      const parent = parentOf(dockerfile, stage);
      if (parent.kind === 'local' && parent.producer.dockerfile !== dockerfile) usedAsBase.add(parent.producer.dockerfile);
    }
  }

  const role = (dockerfile: DockerfileDoc): DockerfileRole => {
    for (const [glob, configured] of Object.entries(settings.roles)) {
      if (isGlobMatch(dockerfile.source.path, glob)) return configured;
    }
    const underBaseDirectory = dockerfile.source.path.split('/').slice(0, -1).some((dir) => dir.startsWith('base-'));
    return underBaseDirectory || usedAsBase.has(dockerfile) ? 'base' : 'service';
  };

  return {
    producers,
    role,
    parentOf,
    resolveFrom,
    ancestry,
    servicesBuilding: (dockerfile) => servicesByDockerfile.get(dockerfile) ?? [],
    // Maps, not scans of `producers`: a thousand services and Dockerfiles each ask.
    producerOf: (image) => producerByImage.get(image),
    builds: (image) => producerByImage.has(image) || producerByRepository.has(repositoryOf(image)),
    producersOf: (dockerfile) => producersByDockerfile.get(dockerfile) ?? [],
  };
}

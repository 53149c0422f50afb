/**
 * When a compose service needs a GPU: named in the `gpuServices` setting, asking for one through
 * `NVIDIA_VISIBLE_DEVICES`/`CUDA_VISIBLE_DEVICES`, or built from (or running) an image whose chain reaches
 * a GPU image (`gpuImages`, or the known-images table). Shared by `compose-gpu-reservation`, `doctor` and
 * `--explain`.
 */
import type { ProjectSettings } from '../config/settings.js';
import { targetStage } from '../project/graph.js';
import { normalizeImageName, parseImageRef } from '../project/image-ref.js';
import type { DeviceReservation, DockerfileDoc, ImageRef, ImageSource, Project, ResolvedService, Stage } from '../project/model.js';
import type { Location, RelatedLocation } from '../source.js';
import { canonicalImageName, imageTraits, matchesImageGlob } from './images.js';

/** Why a service needs a GPU, said in the message, with where it shows. */
export interface GpuNeed {
  reason: string;
  related: RelatedLocation | null;
}

/** Values that hide every GPU from the container rather than ask for one. */
const NO_GPU_VALUES: Record<string, readonly string[]> = {
  NVIDIA_VISIBLE_DEVICES: ['', 'none', 'void'],
  CUDA_VISIBLE_DEVICES: ['', '-1'],
};

function isGpuImage(ref: ImageRef, settings: ProjectSettings): boolean {
  if (ref.dynamic) return false;
  const name = canonicalImageName(ref);
  const globMatch = settings.gpuImages.some((glob) => matchesImageGlob(name, glob));
  return globMatch || imageTraits(ref, settings.knownImages)?.gpu === true;
}

/** A stage of a Dockerfile of the project. */
interface Built {
  dockerfile: DockerfileDoc;
  stage: Stage;
}

/**
 * The first GPU image on the service's image chain, with the place that names it: the built stage (its
 * target, or the last stage) followed through FROM to earlier stages and to local images built in the
 * repository, up to the external image; or, without a build, its `image:`. `null` when none is, or when
 * the chain cannot be known (an unset target or variable).
 */
function gpuImageInChain(project: Project, resolved: ResolvedService): { ref: ImageRef; location: Location } | null {
  const { service, dockerfile } = resolved;
  const isGpu = (ref: ImageRef): boolean => isGpuImage(ref, project.settings);
  let start: Built | null = null;
  if (dockerfile !== null) {
    const target = service.build?.target ?? null;
    if (target !== null && target.resolved === null) return null;
    const stage = targetStage(dockerfile, target?.resolved ?? null);
    if (stage === undefined) return null;
    start = { dockerfile, stage };
  } else if (service.build === null && service.image?.resolved) {
    const ref = parseImageRef(service.image.resolved);
    if (isGpu(ref)) return { ref, location: service.image.location };
    const producer = ref.dynamic ? undefined : project.graph.producerOf(normalizeImageName(ref));
    if (producer === undefined) return null;
    start = { dockerfile: producer.dockerfile, stage: producer.stage };
  }
  if (start === null) return null;
  let current = start;
  for (const source of project.graph.ancestry(start.dockerfile, start.stage)) {
    // The FROM of the stage reached so far names the source.
    const named = { file: current.dockerfile.source.path, range: current.stage.from.imageRange };
    if (source.kind === 'external' && isGpu(source.ref)) return { ref: source.ref, location: named };
    if (source.kind === 'local') {
      const ref = parseImageRef(source.image);
      if (isGpu(ref)) return { ref: current.stage.from.image, location: named };
    }
    const next = stageOf(source);
    if (next === null) return null;
    current = next;
  }
  return null;
}

function stageOf(source: ImageSource): Built | null {
  if (source.kind === 'stage') return { dockerfile: source.dockerfile, stage: source.stage };
  if (source.kind === 'local') return { dockerfile: source.producer.dockerfile, stage: source.producer.stage };
  return null;
}

export function gpuNeed(project: Project, resolved: ResolvedService): GpuNeed | null {
  const { service } = resolved;
  if (project.settings.gpuServices.includes(service.name)) return { reason: 'it is listed in the gpuServices setting', related: null };
  for (const [name, noGpu] of Object.entries(NO_GPU_VALUES)) {
    const value = service.environment.get(name);
    if (value === undefined || (value.value !== null && noGpu.includes(value.value.trim().toLowerCase()))) continue;
    return { reason: `it sets ${name}`, related: { location: value.location, message: `${name} is set here` } };
  }
  const image = gpuImageInChain(project, resolved);
  if (image !== null) {
    return { reason: `its image derives from ${image.ref.text}`, related: { location: image.location, message: 'the GPU image' } };
  }
  return null;
}

/** Is this Dockerfile built only as a base for others (its service never runs)? */
export function isBuildOnlyBase(project: Project, resolved: ResolvedService): boolean {
  return resolved.dockerfile !== null && project.graph.role(resolved.dockerfile) === 'base';
}

export function reservesGpu(device: DeviceReservation): boolean {
  const capabilities = device.capabilities?.value ?? [];
  return capabilities.includes('gpu') || capabilities.some((capability) => capability.startsWith('nvidia')) || device.driver?.resolved === 'nvidia';
}

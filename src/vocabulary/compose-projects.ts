/** Compose projects as the rules see them: services that run side by side (and so share names and ports), and the images they pull. */
import { normalizeImageName, parseImageRef } from '../project/image-ref.js';
import type { ComposeService, ImageRef, Project, ResolvedService } from '../project/model.js';
import type { Location } from '../source.js';

/**
 * The services of each compose project (the files Compose loads together), in order. A service of a
 * base file appears in each project that loads the file (alone, and with each override).
 */
export function servicesByProject(project: Project): ResolvedService[][] {
  const byProject = new Map<string, ResolvedService[]>();
  for (const resolved of project.services) {
    const key = resolved.composeProject.join('\0');
    const services = byProject.get(key);
    if (services === undefined) byProject.set(key, [resolved]);
    else services.push(resolved);
  }
  return [...byProject.values()];
}


/**
 * The image a service pulls: its `image`, when it builds none (with `build`, `image` names what it
 * builds) and no Dockerfile of the project produces it; `null` also when variables leave it unknown.
 */
export function pulledImage(project: Project, service: ComposeService): { ref: ImageRef; image: string; location: Location } | null {
  const image = service.image;
  const resolved = image?.resolved ?? null;
  if (image === null || resolved === null || service.build !== null) return null;
  const ref = parseImageRef(resolved);
  return ref.dynamic || project.graph.builds(normalizeImageName(ref)) ? null : { ref, image: resolved, location: image.location };
}

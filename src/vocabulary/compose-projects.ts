/** Compose projects as the rules see them: services that run side by side (and so share names and ports), and the images they pull. */
import type { Project, ResolvedService } from '../project/model.js';

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

/** `name:tag` without its tag (a registry port is no tag). */
function repositoryOf(name: string): string {
  const colon = name.lastIndexOf(':');
  return colon > name.lastIndexOf('/') ? name.slice(0, colon) : name;
}

/** Is a normalised image name built by a Dockerfile of the project (at that tag, or at every tag)? Then nothing is pulled. */
export function builtHere(project: Project, name: string): boolean {
  return project.graph.producers.some((producer) => producer.image === name || (producer.anyTag && repositoryOf(producer.image) === repositoryOf(name)));
}

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


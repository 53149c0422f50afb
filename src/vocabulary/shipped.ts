/**
 * Which stages of a Dockerfile end up in an image someone runs or builds on: the rules about what ships
 * (package lists, caches) look at those, and leave builder stages alone.
 */
import { targetStage } from '../project/graph.js';
import type { DockerfileDoc, Project, Stage } from '../project/model.js';
import { sameFileAncestors } from './stages.js';

/**
 * The stages whose layers are in a built image: each built target (the last stage, a compose service's
 * `build.target`, the stage a local image is produced from) and the stages of the same file it is
 * built `FROM`, whose layers it contains. A stage only copied from (`COPY --from`) does not ship.
 */
export function shippedStages(project: Project, dockerfile: DockerfileDoc): Set<Stage> {
  const serviceTargets = project.graph.servicesBuilding(dockerfile).map(({ service }) => service.build?.target ?? null);
  // A target that cannot be resolved (`${TARGET}` unset) could be any stage: every stage may ship.
  if (serviceTargets.some((target) => target !== null && target.resolved === null)) return new Set(dockerfile.stages);
  const targets = [
    dockerfile.stages.at(-1),
    ...serviceTargets.map((target) => targetStage(dockerfile, target?.resolved ?? null)),
    ...project.graph.producersOf(dockerfile).map((producer) => producer.stage),
  ];
  const shipped = new Set<Stage>();
  for (const target of targets) {
    if (target === undefined) continue;
    shipped.add(target);
    for (const ancestor of sameFileAncestors(project, dockerfile, target)) shipped.add(ancestor);
  }
  return shipped;
}

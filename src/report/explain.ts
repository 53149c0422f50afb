/**
 * `--explain`: what dockerlint understood of a project — services with their contexts, Dockerfiles and
 * ignore files, Dockerfile roles and stages, the local images they produce, and which services need a GPU.
 */
import type { LintedProject } from '../lint.js';
import type { ImageProducer } from '../project/model.js';
import { gpuNeed, isBuildOnlyBase } from '../vocabulary/gpu.js';
import { shownPath } from './paths.js';

export interface ServiceSummary {
  name: string;
  composeFile: string;
  context: string | null;
  dockerfile: string | null;
  dockerignore: string | null;
  target: string | null;
  image: string | null;
  /** Why the service needs a GPU, or `null`. */
  gpu: string | null;
}

export interface DockerfileSummary {
  path: string;
  role: 'base' | 'service';
  stages: string[];
  /**
   * Local images built from it (`name:tag`, and `[target]` when not the last stage); a repository it
   * builds at every tag as `name:<any tag>`, with the tags FROM lines use and where.
   */
  produces: string[];
}

export interface ProjectSummary {
  /** The project root, relative to the working directory (`.` for itself). */
  root: string;
  configFile: string | null;
  services: ServiceSummary[];
  dockerfiles: DockerfileSummary[];
}

/** For producers of every tag: the names FROM lines use them by, and where (`base-ml:2024.06 in api/Dockerfile`). */
function tagsResolved(project: LintedProject['project']): Map<ImageProducer, string[]> {
  const uses = new Map<ImageProducer, string[]>();
  for (const dockerfile of project.dockerfiles) {
    for (const stage of dockerfile.stages) {
      const parent = project.graph.parentOf(dockerfile, stage);
      if (parent.kind !== 'local' || !parent.producer.anyTag || parent.producer.dockerfile === dockerfile) continue;
      const use = `${parent.image} in ${dockerfile.source.path}`;
      const list = uses.get(parent.producer) ?? [];
      if (!list.includes(use)) list.push(use);
      uses.set(parent.producer, list);
    }
  }
  return uses;
}

/** A produced image as listed: `name:tag`, the target when not the last stage, the tags a producer of every tag is used by. */
function producedName(producer: ImageProducer, uses: ReadonlyMap<ImageProducer, string[]>): string {
  const { dockerfile, stage } = producer;
  const target = stage === dockerfile.stages.at(-1) ? '' : ` [${stage.name ?? `#${stage.index}`}]`;
  if (!producer.anyTag) return `${producer.image}${target}`;
  const used = uses.get(producer) ?? [];
  return `${producer.image.replace(/:[^:/]*$/, '')}:<any tag>${target}${used.length > 0 ? ` (${used.join(', ')})` : ''}`;
}

/** A producer of every tag that nothing uses, beside one of the same Dockerfile stage and repository that says it all. */
function isShadowed(producer: ImageProducer, producers: readonly ImageProducer[], uses: ReadonlyMap<ImageProducer, string[]>): boolean {
  if (!producer.anyTag || uses.has(producer)) return false;
  const repository = producer.image.replace(/:[^:/]*$/, '');
  return producers.some(
    (other) => other !== producer && other.stage === producer.stage && other.image.replace(/:[^:/]*$/, '') === repository,
  );
}

export function explainProject(linted: LintedProject, cwd: string): ProjectSummary {
  const { project } = linted;
  const uses = tagsResolved(project);
  const relative = (file: string): string => shownPath(file, cwd) || '.';
  return {
    root: relative(linted.root),
    configFile: linted.configFile === null ? null : relative(linted.configFile),
    services: project.services.map((resolved) => {
      const { service } = resolved;
      const need = isBuildOnlyBase(project, resolved) ? null : gpuNeed(project, resolved);
      return {
        name: service.name,
        composeFile: resolved.composeFile,
        context: service.build ? (resolved.contextDir === '' ? '.' : resolved.contextDir) : null,
        dockerfile: resolved.dockerfilePath,
        dockerignore: resolved.dockerignore?.source.path ?? null,
        target: service.build?.target?.resolved ?? null,
        image: service.image?.resolved ?? null,
        gpu: need?.reason ?? null,
      };
    }),
    dockerfiles: project.dockerfiles.map((dockerfile) => ({
      path: dockerfile.source.path,
      role: project.graph.role(dockerfile),
      stages: dockerfile.stages.map((stage) => stage.name ?? `#${stage.index}`),
      produces: [
        ...new Set(
          project.graph.producers
            .filter((producer) => producer.dockerfile === dockerfile && !producer.image.startsWith('service:') && !isShadowed(producer, project.graph.producers, uses))
            .map((producer) => producedName(producer, uses)),
        ),
      ],
    })),
  };
}

export function formatExplainStylish(summaries: readonly ProjectSummary[]): string {
  const lines: string[] = [];
  for (const summary of summaries) {
    lines.push(`Project ${summary.root} (config: ${summary.configFile ?? 'none, the recommended preset'})`, '', 'Services:');
    if (summary.services.length === 0) lines.push('  (no compose services)');
    for (const service of summary.services) {
      const built = service.dockerfile === null ? `image ${service.image ?? '?'}` : `${service.dockerfile}${service.target ? ` [${service.target}]` : ''} in ${service.context ?? '?'}`;
      const ignore = service.dockerfile === null ? '' : `, ignore file ${service.dockerignore ?? 'none'}`;
      lines.push(`  ${service.name}: ${built}${ignore}${service.image && service.dockerfile !== null ? `, tagged ${service.image}` : ''}${service.gpu ? `; needs a GPU (${service.gpu})` : ''}`);
    }
    lines.push('', 'Dockerfiles:');
    for (const dockerfile of summary.dockerfiles) {
      const produces = dockerfile.produces.length > 0 ? `; produces ${dockerfile.produces.join(', ')}` : '';
      lines.push(`  ${dockerfile.path} (${dockerfile.role}): ${dockerfile.stages.join(' → ')}${produces}`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

import type { DockerfileDoc, Instruction, Project, ResolvedService, Stage } from '../project/model.js';
import { defineRule, type Report } from '../engine/rule.js';
import { inheritedInstructions, runtimeStages, stageChain, where } from '../vocabulary/stages.js';

/** The USER that decides who the stage runs as: its own last one, else the nearest along its chain. */
function effectiveUser(project: Project, dockerfile: DockerfileDoc, stage: Stage): { instruction: Instruction; dockerfile: DockerfileDoc } | null {
  for (const level of inheritedInstructions(project, dockerfile, stage, null)) {
    const user = level.instructions.findLast((instruction) => instruction.keyword === 'USER');
    if (user !== undefined) return { instruction: user, dockerfile: level.dockerfile };
  }
  return null;
}

/** `root`, `0`, `root:app`, `0:0`: the user part names the superuser. A `$VARIABLE` is unknown, never root. */
const isRoot = (user: string): boolean => ['root', '0'].includes(user.split(':')[0] ?? user);

/** Upstream images documented to run as an unprivileged user by default. */
const NON_ROOT_IMAGE = /(^|[/:_-])(nonroot|rootless|unprivileged)([/:_-]|$)|^cgr\.dev\/chainguard\//;

/** The compose `user:` of a service, as written in the file that defines it; `null` when not set. */
function composeUser(project: Project, resolved: ResolvedService): string | null {
  const doc = project.composeFiles.find((compose) => compose.source.path === resolved.composeFile);
  let user: string | null = null;
  for (const layer of doc?.layers ?? []) {
    const services = (layer.data as { services?: Record<string, { user?: unknown } | null> } | null)?.services;
    const value = services?.[resolved.service.name]?.user;
    if (typeof value === 'string' || typeof value === 'number') user = String(value);
  }
  return user;
}

export default defineRule({
  id: 'runtime-user-not-root',
  description: 'The runtime stage of a service runs as an unprivileged USER; builder stages may run as root',
  kind: 'general',
  equivalents: { hadolint: ['DL3002'] },
  documents: ['dockerfile'],
  defaultSeverity: 'warning',
  messages: {
    runsAsRoot: {
      message: 'The runtime stage runs as root: its user is `USER {{user}}`{{origin}}.',
      help: 'End the runtime stage with an unprivileged user, e.g. `USER node` or `USER 10001`; run root-only steps before it.',
    },
    noUser: {
      message: 'The runtime stage sets no USER, so its container runs as root. Its base, {{image}}, sets none.',
      help: 'Add `USER <name or uid>` to the runtime stage (create the user in a RUN before it if the image has none), or set `user:` in compose.',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const { dockerfile, stage } of runtimeStages(project)) {
      const services = project.graph.servicesBuilding(dockerfile);
      // Compose's `user:` overrides the image's USER in every container it starts.
      if (services.length > 0 && services.every((service) => { const user = composeUser(project, service); return user !== null && !isRoot(user); })) continue;
      const file = dockerfile.source.path;
      const found = effectiveUser(project, dockerfile, stage);
      if (found !== null) {
        const user = found.instruction.args[0]?.value;
        if (user === undefined || !isRoot(user)) continue;
        const location = { file: found.dockerfile.source.path, range: found.instruction.range };
        const own = found.dockerfile === dockerfile && stage.instructions.includes(found.instruction);
        reports.push({
          messageId: 'runsAsRoot',
          data: { user, origin: own ? '' : `, inherited from ${where(location)}` },
          location: own ? location : { file, range: stage.from.range },
          ...(own ? {} : { related: [{ location, message: 'the inherited USER' }] }),
        });
        continue;
      }
      const root = stageChain(project, dockerfile, stage).at(-1)?.source;
      // An unresolved base image may set its own USER; an upstream one is judged by its documented name.
      if (root === undefined || root.kind === 'unresolved') continue;
      if (root.kind === 'external' && NON_ROOT_IMAGE.test(root.ref.text)) continue;
      const image = root.kind === 'external' ? root.ref.text : root.kind === 'scratch' ? 'scratch' : 'its base image';
      reports.push({ messageId: 'noUser', data: { image }, location: { file, range: stage.from.range } });
    }
    return reports;
  },
});

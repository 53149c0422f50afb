import type { DockerignoreDoc, Project } from '../project/model.js';
import { defineRule, type Report } from '../engine/rule.js';
import type { Location } from '../source.js';

/** A compose service that builds, as this rule looks at it. */
interface Build {
  /** The same service read in several compose file groups (a base with different overrides) is one service. */
  identity: string;
  name: string;
  /** Repo-relative; `''` is the root; `null` when unknown (unresolved variable) or remote. */
  contextDir: string | null;
  dockerfilePath: string | null;
  contextLocation: Location;
  /** The `dockerfile` value, or the context when the Dockerfile is the default one. */
  dockerfileLocation: Location;
  dockerignore: DockerignoreDoc | null;
}

function directoryOf(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash === -1 ? '' : file.slice(0, slash);
}

function isOutside(path: string): boolean {
  return path === '..' || path.startsWith('../') || path.startsWith('/');
}

/** Is `path` inside (or equal to) the directory `dir` — by whole path segments. */
function isWithin(path: string, dir: string): boolean {
  return dir === '' ? !isOutside(path) : path === dir || path.startsWith(`${dir}/`);
}

/** The strict ancestors of a repo-relative directory, nearest first, the root (`''`) last. */
function ancestors(dir: string): string[] {
  const result: string[] = [];
  for (let slash = dir.lastIndexOf('/'); slash !== -1; slash = dir.lastIndexOf('/', slash - 1)) result.push(dir.slice(0, slash));
  if (dir !== '') result.push('');
  return result;
}

function builds(project: Project): Build[] {
  const seen = new Set<string>();
  const result: Build[] = [];
  for (const resolved of project.services) {
    const build = resolved.service.build;
    if (build === null) continue;
    const identity = `${directoryOf(resolved.composeFile)}\0${resolved.service.name}`;
    const key = `${identity}\0${resolved.contextDir ?? '?'}\0${resolved.dockerfilePath ?? '?'}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push({
      identity,
      name: resolved.service.name,
      contextDir: resolved.contextDir,
      dockerfilePath: resolved.dockerfilePath,
      contextLocation: build.context.location,
      dockerfileLocation: build.dockerfile?.location ?? build.context.location,
      dockerignore: resolved.dockerignore,
    });
  }
  return result;
}


/** Groups builds by a key, keeping service order; builds of one service count once. */
function groupBy(items: readonly Build[], key: (build: Build) => string | null): Map<string, Build[]> {
  const groups = new Map<string, Build[]>();
  for (const build of items) {
    const value = key(build);
    if (value === null) continue;
    const group = groups.get(value) ?? [];
    if (!group.some((other) => other.identity === build.identity)) group.push(build);
    groups.set(value, group);
  }
  return groups;
}

const display = (dir: string): string => (dir === '' ? '.' : dir);

export default defineRule({
  id: 'compose-build-isolation',
  description: 'Each compose service builds from its own context directory, inside the repository, with its own Dockerfile inside that context',
  kind: 'policy',
  documents: ['compose'],
  defaultSeverity: 'error',
  messages: {
    sharedContext: {
      message: 'Service \'{{service}}\' shares its build context with service \'{{other}}\'. Context: \'{{context}}\'.',
      help: 'Give each service a directory of its own with its Dockerfile, .dockerignore and sources.',
    },
    sharedDockerfile: {
      message: 'Service \'{{service}}\' builds the same Dockerfile \'{{dockerfile}}\' as service \'{{other}}\'.',
      help: 'Give each service its own Dockerfile inside its own context.',
    },
    repositoryRoot: {
      message: 'Service \'{{service}}\' builds from the repository root, with every other service\'s files.',
      help: 'Point `context` at the service\'s own directory{{dockerfileHint}}.',
    },
    projectRoot: {
      message: 'Service \'{{service}}\' builds from the compose directory \'{{context}}\', with other services\' files.',
      help: 'Point `context` at the service\'s own directory{{dockerfileHint}}.',
    },
    nestedContext: {
      message: 'Service \'{{service}}\' builds from \'{{context}}\', which holds the context of service \'{{other}}\'.',
      help: 'Make the two contexts sibling directories, or exclude \'{{relative}}\' in \'{{context}}/.dockerignore\'.',
    },
    contextOutside: {
      message: 'Service \'{{service}}\' builds from \'{{context}}\', outside the repository.',
      help: 'Move the context into the repository, so that every checkout can build it.',
    },
    dockerfileOutside: {
      message: 'The Dockerfile \'{{dockerfile}}\' of service \'{{service}}\' is outside its context \'{{context}}\'.',
      help: 'Move it into \'{{context}}\' and point `dockerfile` at it.',
    },
    missingContext: {
      message: 'Service \'{{service}}\' builds from \'{{context}}\', which does not exist.',
      help: 'Fix the path (it is relative to the compose file\'s directory).',
    },
    missingDockerfile: {
      message: 'The Dockerfile \'{{dockerfile}}\' of service \'{{service}}\' does not exist.',
      help: 'Fix `dockerfile` (relative to the context \'{{context}}\'), or create the file.',
    },
    inlineDockerfile: {
      message: 'Service \'{{service}}\' hides its Dockerfile in the compose file (`dockerfile_inline`).',
      help: 'Move it into a Dockerfile in the service\'s context, where the Dockerfile checks and reviews reach it.',
    },
  },
  check(project) {
    const reports: Report[] = [];
    const all = builds(project);

    for (const resolved of project.services) {
      const inline = resolved.service.build?.dockerfileInline;
      if (inline) reports.push({ messageId: 'inlineDockerfile', data: { service: resolved.service.name }, location: inline.location });
    }

    // A root context is a problem of isolation only when another service builds too (a lone service's
    // root context is judged by dockerignore-required).
    const alone = new Set(all.filter((build) => build.contextDir !== null).map((build) => build.identity)).size < 2;

    for (const build of all) {
      const { contextDir, dockerfilePath, name } = build;
      if (contextDir === null) continue;
      const context = display(contextDir);
      if (isOutside(contextDir)) {
        reports.push({ messageId: 'contextOutside', data: { service: name, context }, location: build.contextLocation });
        continue;
      }
      const dockerfileDir = dockerfilePath === null ? null : directoryOf(dockerfilePath);
      const dockerfileHint = dockerfileDir !== null && dockerfileDir !== contextDir && isWithin(dockerfileDir, contextDir) ? `, '${dockerfileDir}' where its Dockerfile is` : '';
      if (contextDir === '') {
        if (!alone) reports.push({ messageId: 'repositoryRoot', data: { service: name, dockerfileHint }, location: build.contextLocation });
      } else if (contextDir === directoryOf(build.contextLocation.file)) {
        if (!alone) reports.push({ messageId: 'projectRoot', data: { service: name, context, dockerfileHint }, location: build.contextLocation });
      } else if (!project.exists(contextDir)) {
        reports.push({ messageId: 'missingContext', data: { service: name, context }, location: build.contextLocation });
        continue;
      }
      if (dockerfilePath === null) continue;
      if (!isOutside(dockerfilePath) && !project.exists(dockerfilePath)) {
        reports.push({ messageId: 'missingDockerfile', data: { service: name, dockerfile: dockerfilePath, context }, location: build.dockerfileLocation });
      } else if (!isWithin(dockerfilePath, contextDir)) {
        reports.push({ messageId: 'dockerfileOutside', data: { service: name, dockerfile: dockerfilePath, context }, location: build.dockerfileLocation });
      }
    }

    const byContext = groupBy(all, (build) => build.contextDir);
    for (const [contextDir, group] of byContext) {
      const [first, ...rest] = group;
      if (first === undefined) continue;
      for (const build of rest) {
        reports.push({
          messageId: 'sharedContext',
          data: { service: build.name, other: first.name, context: display(contextDir) },
          location: build.contextLocation,
          related: [{ location: first.contextLocation, message: `service '${first.name}' builds from here` }],
        });
      }
    }

    for (const [dockerfile, group] of groupBy(all, (build) => build.dockerfilePath)) {
      const [first, ...rest] = group;
      if (first === undefined) continue;
      // Sharing the context already says it when both use the same Dockerfile there.
      for (const build of rest.filter((each) => each.contextDir !== first.contextDir)) {
        reports.push({
          messageId: 'sharedDockerfile',
          data: { service: build.name, other: first.name, dockerfile },
          location: build.dockerfileLocation,
          related: [{ location: first.dockerfileLocation, message: `service '${first.name}' builds it too` }],
        });
      }
    }

    // A context inside another: the nearest enclosing context (by path segments), unless its
    // .dockerignore already keeps the inner directory out.
    for (const [innerDir, innerGroup] of byContext) {
      const inner = innerGroup[0];
      if (inner === undefined || isOutside(innerDir)) continue;
      const outerDir = ancestors(innerDir).find((dir) => byContext.has(dir));
      if (outerDir === undefined) continue;
      const relative = innerDir.slice(outerDir === '' ? 0 : outerDir.length + 1);
      for (const outer of byContext.get(outerDir) ?? []) {
        // The root and the compose directory are reported as such: everything is inside them.
        if (outerDir === '' || outerDir === directoryOf(outer.contextLocation.file) || outer.identity === inner.identity) continue;
        if (outer.dockerignore?.matcher.ignores(relative) === true) continue;
        reports.push({
          messageId: 'nestedContext',
          data: { service: outer.name, context: outerDir, other: inner.name, inner: innerDir, relative },
          location: outer.contextLocation,
          related: [{ location: inner.contextLocation, message: `service '${inner.name}' builds from here` }],
        });
      }
    }
    return reports;
  },
});

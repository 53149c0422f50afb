/**
 * How Docker Compose combines compose files: which files form one project by default, how services
 * of override files merge into the base, and where `include:` paths point.
 */
import { posix } from 'node:path';
import type { ComposeBuild, ComposeDoc, ComposeService, ComposeVolume } from './model.js';

/**
 * Whether a build's context was omitted (Compose then uses `.`): the parser places such a context at
 * the `build` key, where no written context can be.
 */
export function isDefaultBuildContext(build: ComposeBuild): boolean {
  const { start, end } = build.context.location.range;
  const key = build.location.range;
  return (
    build.context.location.file === build.location.file &&
    start.line === key.start.line &&
    start.column === key.start.column &&
    end.line === key.end.line &&
    end.column === key.end.column
  );
}

/**
 * Merges the services of compose files given in load order (`-f base.yml -f override.yml`), as
 * Compose does for the fields of our model: by service name; scalars (`image`, `runtime`, `gpus`,
 * `command`, `entrypoint`, `target`, `dockerfile`, `container_name`, `privileged`, `restart`…) replaced;
 * `build` merged key by key with its `args` and `additional_contexts` merged by name; `environment`
 * merged by name; device reservations replaced; `volumes`, `profiles`, `ports`, `depends_on` and
 * `env_file` appended without duplicates. A merged value keeps the location
 * of the file that set it; a service's location is where it was last defined.
 *
 * Services come out in order of first appearance. The inputs are not modified.
 */
export function mergeComposeServices(files: readonly ComposeDoc[]): ComposeService[] {
  return mergeServiceLayers(files.map((file) => file.services));
}

/** Merges services given in load order: of files, or of the YAML documents of one file. */
export function mergeServiceLayers(layers: readonly (readonly ComposeService[])[]): ComposeService[] {
  const merged = new Map<string, ComposeService>();
  for (const services of layers) {
    for (const service of services) {
      const base = merged.get(service.name);
      merged.set(service.name, base === undefined ? copyService(service) : mergeService(base, service));
    }
  }
  return [...merged.values()];
}

function copyService(service: ComposeService): ComposeService {
  return {
    ...service,
    build: service.build === null ? null : copyBuild(service.build),
    devices: [...service.devices],
    environment: new Map(service.environment),
    volumes: [...service.volumes],
    profiles: [...service.profiles],
    ports: [...service.ports],
    dependsOn: [...service.dependsOn],
    envFiles: [...service.envFiles],
  };
}

function copyBuild(build: ComposeBuild): ComposeBuild {
  return { ...build, args: new Map(build.args), additionalContexts: new Map(build.additionalContexts) };
}

function mergeService(base: ComposeService, override: ComposeService): ComposeService {
  return {
    name: base.name,
    location: override.location,
    image: override.image ?? base.image,
    build: mergeBuild(base.build, override.build),
    devices: override.devices.length > 0 ? [...override.devices] : base.devices,
    runtime: override.runtime ?? base.runtime,
    gpus: override.gpus ?? base.gpus,
    environment: new Map([...base.environment, ...override.environment]),
    command: override.command ?? base.command,
    entrypoint: override.entrypoint ?? base.entrypoint,
    volumes: mergeVolumes(base.volumes, override.volumes),
    profiles: uniqueBy([...base.profiles, ...override.profiles], (profile: string) => profile),
    containerName: override.containerName ?? base.containerName,
    privileged: override.privileged ?? base.privileged,
    restart: override.restart ?? base.restart,
    restartPolicy: override.restartPolicy ?? base.restartPolicy,
    // Compose appends these lists, a port or a dependency named twice counting once.
    ports: uniqueBy([...base.ports, ...override.ports], (port) => `${port.hostIp ?? ''}:${port.published ?? ''}:${port.target ?? ''}/${port.protocol}`),
    dependsOn: uniqueBy([...base.dependsOn, ...override.dependsOn], (dependency) => dependency.value),
    envFiles: uniqueBy([...base.envFiles, ...override.envFiles], (envFile) => envFile.path.value),
  };
}

function mergeBuild(base: ComposeBuild | null, override: ComposeBuild | null): ComposeBuild | null {
  if (override === null) return base;
  if (base === null) return copyBuild(override);
  return {
    location: override.location,
    // An override that does not name a context keeps the base's.
    context: isDefaultBuildContext(override) ? base.context : override.context,
    dockerfile: override.dockerfile ?? base.dockerfile,
    dockerfileInline: override.dockerfileInline ?? base.dockerfileInline,
    target: override.target ?? base.target,
    args: new Map([...base.args, ...override.args]),
    additionalContexts: new Map([...base.additionalContexts, ...override.additionalContexts]),
  };
}

/** Compose merges volumes by mount path: an override's volume replaces the base's at the same target. */
function mergeVolumes(base: readonly ComposeVolume[], override: readonly ComposeVolume[]): ComposeVolume[] {
  const overridden = new Set(override.map((volume) => volume.target));
  return [...base.filter((volume) => volume.target === null || !overridden.has(volume.target)), ...override];
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const identity = key(item);
    if (seen.has(identity)) return false;
    seen.add(identity);
    return true;
  });
}

// ─── Which files form a project ──────────────────────────────────────────────

/** compose-go's `DefaultFileNames`, in order of preference. */
const PRIMARY_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
/** compose-go's `DefaultOverrideFileNames`, in order of preference. */
const OVERRIDE_NAMES = [
  'compose.override.yml',
  'compose.override.yaml',
  'docker-compose.override.yml',
  'docker-compose.override.yaml',
];

/**
 * Groups repo-relative compose file paths into the projects Compose would load, each group in load
 * order. The rule, per directory, follows `docker compose` run there without `-f`:
 *
 * 1. The primary file is the first present of `compose.yaml`, `compose.yml`, `docker-compose.yml`,
 *    `docker-compose.yaml`; it is loaded with the first present of `compose.override.yml`,
 *    `compose.override.yaml`, `docker-compose.override.yml`, `docker-compose.override.yaml`
 *    (whichever naming the primary uses). Group: `[primary, override?]`.
 * 2. Every other compose file of the directory (`compose.prod.yaml`, `docker-compose.ci.yml`, and an
 *    override name that lost in step 1) is an override used as `-f primary -f other`:
 *    group `[primary, other]`.
 * 3. Without a primary in the directory, and for primary names that lost in step 1, each file is a
 *    project of its own: `[file]`.
 *
 * Groups are ordered by directory, then the default group, then by path.
 */
export function composeFileGroups(paths: readonly string[]): string[][] {
  const byDirectory = new Map<string, string[]>();
  for (const path of new Set(paths)) {
    const directory = posix.dirname(path);
    const files = byDirectory.get(directory) ?? [];
    files.push(path);
    byDirectory.set(directory, files);
  }

  const groups: string[][] = [];
  for (const directory of [...byDirectory.keys()].sort()) {
    const files = (byDirectory.get(directory) ?? []).sort();
    const named = (names: readonly string[]): string[] =>
      names.flatMap((name) => files.filter((file) => posix.basename(file) === name));
    const primaries = named(PRIMARY_NAMES);
    const primary = primaries[0];
    const override = primary === undefined ? undefined : named(OVERRIDE_NAMES)[0];
    groups.push(...(primary === undefined ? [] : [override === undefined ? [primary] : [primary, override]]));
    for (const file of files) {
      if (file === primary || file === override) continue;
      const isPrimaryName = primaries.includes(file);
      groups.push(primary === undefined || isPrimaryName ? [file] : [primary, file]);
    }
  }
  return groups;
}

/**
 * Where an `include:` entry of a compose file points, repo-relative and `/`-separated. The path is
 * relative to the including file's directory; the result starts with `../` when it leaves the
 * repository, and an absolute path stays absolute.
 */
export function resolveIncludePath(composePath: string, include: string): string {
  if (include.startsWith('/')) return posix.normalize(include);
  return posix.normalize(posix.join(posix.dirname(composePath), include));
}

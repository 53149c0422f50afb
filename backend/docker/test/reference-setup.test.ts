/**
 * Consistency checks of the reference Docker setup itself (until dockerlint lints it): every
 * Dockerfile parses, names only images that this repo builds, copies only files its context sends,
 * and keeps the stage layout; the compose file agrees with the directories it names.
 */
import dockerignore from '@balena/dockerignore';
import { DockerfileParser, ModifiableInstruction, type Dockerfile, type Instruction } from 'dockerfile-ast';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const read = (path: string): string => readFileSync(join(repoRoot, path), 'utf8');

const BASE_DIRS = ['backend/docker/base-node', 'backend/docker/base-python', 'backend/docker/base-python-pose'];
const SERVICE_DIRS = ['backend/api', 'backend/web', 'backend/pose-service'];
const MANDATORY_IGNORES = ['**/node_modules', '**/__pycache__', '**/.git', '**/.gitignore', '**/.env', '**/*.log', '**/data', '**/*.pkl'];
const KEYWORDS = new Set(['FROM', 'RUN', 'COPY', 'ADD', 'ARG', 'ENV', 'WORKDIR', 'USER', 'EXPOSE', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK', 'LABEL']);

interface ImageEntry {
  dockerfile: string;
  target: string;
}
const config = JSON.parse(read('.dockerlintrc.json')) as { images: Record<string, ImageEntry>; gpuServices: string[] };

interface Stage {
  name: string;
  from: string;
  instructions: Instruction[];
}

function parseDockerfile(dir: string): { dockerfile: Dockerfile; stages: Stage[] } {
  const dockerfile = DockerfileParser.parse(read(`${dir}/Dockerfile`));
  const stages: Stage[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      const words = instruction.getArguments().map((arg) => arg.getValue());
      stages.push({ name: (words[2] ?? '').toLowerCase(), from: words[0] ?? '', instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return { dockerfile, stages };
}

function flags(instruction: Instruction): Map<string, string[]> {
  const found = new Map<string, string[]>();
  if (!(instruction instanceof ModifiableInstruction)) return found;
  for (const flag of instruction.getFlags()) {
    found.set(flag.getName(), [...(found.get(flag.getName()) ?? []), flag.getValue() ?? '']);
  }
  return found;
}

/** Images named by FROM, COPY --from and RUN --mount=from= that are not stages of the same file. */
function externalImageRefs(stages: Stage[]): string[] {
  const stageNames = new Set(stages.map((stage) => stage.name));
  const refs = stages.map((stage) => stage.from);
  for (const stage of stages) {
    for (const instruction of stage.instructions) {
      const flagMap = flags(instruction);
      refs.push(...(flagMap.get('from') ?? []));
      for (const mount of flagMap.get('mount') ?? []) {
        const from = /(?:^|,)from=([^,]+)/.exec(mount)?.[1];
        if (from !== undefined) refs.push(from);
      }
    }
  }
  return refs.filter((ref) => !stageNames.has(ref.toLowerCase()));
}

const withTag = (ref: string): string => (ref.includes(':') ? ref : `${ref}:latest`);
const allDirs = [...BASE_DIRS, ...SERVICE_DIRS];

describe('Dockerfiles', () => {
  it.each(allDirs)('%s/Dockerfile parses into known instructions with unique stage names', (dir) => {
    const { dockerfile, stages } = parseDockerfile(dir);
    const unknown = dockerfile.getInstructions().map((i) => i.getKeyword()).filter((k) => !KEYWORDS.has(k));
    expect(unknown).toEqual([]);
    expect(dockerfile.getDirective()?.getValue()).toBe('docker/dockerfile:1.7');
    const names = stages.map((stage) => stage.name);
    expect(names.every((name) => name !== '')).toBe(true);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(SERVICE_DIRS)('%s: deps → build → runtime, runtime last and on a runtime base image', (dir) => {
    const { stages } = parseDockerfile(dir);
    const names = stages.map((stage) => stage.name);
    expect(names.filter((name) => ['deps', 'build', 'runtime'].includes(name))).toEqual(['deps', 'build', 'runtime']);
    expect(names.at(-1)).toBe('runtime');
    expect(stages.find((stage) => stage.name === 'build')?.from).toBe('deps');
    expect(stages[0]?.from).toMatch(/^base-[a-z-]+:latest$/);
    const runtime = stages.at(-1);
    expect(runtime?.from).toMatch(/^base-[a-z-]+-runtime:latest$/);
    const runText = runtime?.instructions.filter((i) => i.getKeyword() === 'RUN').map((i) => i.getArgumentsContent() ?? '');
    expect(runText?.filter((text) => /\b(npm|npx|yarn|corepack|pip|apt-get|apt)\b/.test(text))).toEqual([]);
    const cmd = runtime?.instructions.filter((i) => i.getKeyword() === 'CMD').at(-1);
    const argv = JSON.parse(cmd?.getArgumentsContent() ?? '[]') as string[];
    expect(['node', 'gunicorn']).toContain(argv[0]);
  });

  it('every base image named anywhere is built here (images map → existing Dockerfile and stage), and used', () => {
    const named = new Set<string>();
    for (const dir of allDirs) {
      for (const ref of externalImageRefs(parseDockerfile(dir).stages)) {
        if (ref.startsWith('base-')) named.add(withTag(ref));
      }
    }
    expect([...named].sort()).toEqual(Object.keys(config.images).sort());
    for (const [image, entry] of Object.entries(config.images)) {
      const dir = entry.dockerfile.replace(/\/Dockerfile$/, '');
      const { stages } = parseDockerfile(dir);
      expect(stages.map((stage) => stage.name), image).toContain(entry.target);
      // `docker build <dir>` (no target) must give <dir>:latest: its target is the last stage.
      if (image === `${dir.split('/').at(-1) ?? ''}:latest`) expect(stages.at(-1)?.name, image).toBe(entry.target);
      else expect(image, image).toBe(`${dir.split('/').at(-1) ?? ''}-runtime:latest`);
    }
  });

  it.each(allDirs)('%s: base images copy only manifests; every COPY source is sent by the context', (dir) => {
    const ignore = dockerignore({ ignorecase: false }).add(read(`${dir}/.dockerignore`));
    const { stages } = parseDockerfile(dir);
    for (const instruction of stages.flatMap((stage) => stage.instructions)) {
      if (instruction.getKeyword() !== 'COPY' || flags(instruction).has('from')) continue;
      const words = instruction.getArguments().map((arg) => arg.getValue()).filter((word) => !word.startsWith('--'));
      for (const source of words.slice(0, -1)) {
        const path = join(repoRoot, dir, source);
        expect(existsSync(path), `${dir}: ${source}`).toBe(true);
        const files = statSync(path).isDirectory() ? listFiles(path).map((file) => relative(join(repoRoot, dir), file)) : [source];
        expect(files.filter((file) => !ignore.ignores(file)).length, `${dir}: ${source}`).toBeGreaterThan(0);
        if (dir.startsWith('backend/docker/')) expect(source, `${dir}: ${source}`).toMatch(/^(requirements[\w-]*|constraints)\.txt$/);
      }
    }
  });

  it.each(allDirs)('%s: every dependency install uses a BuildKit cache mount', (dir) => {
    const { stages } = parseDockerfile(dir);
    for (const run of stages.flatMap((stage) => stage.instructions).filter((i) => i.getKeyword() === 'RUN')) {
      const text = run.getArgumentsContent() ?? '';
      const mounts = flags(run).get('mount') ?? [];
      if (/\bnpm ci\b/.test(text)) expect(mounts).toContain('type=cache,target=/root/.npm');
      if (/\bpip (install|wheel)\b/.test(text)) expect(mounts).toContain('type=cache,target=/root/.cache/pip');
      if (/\bapt-get install\b/.test(text)) {
        expect(mounts).toContain('type=cache,target=/var/cache/apt,sharing=locked');
        expect(mounts).toContain('type=cache,target=/var/lib/apt,sharing=locked');
      }
    }
  });
});

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

describe('.dockerignore files', () => {
  it.each(allDirs)('%s excludes the mandatory paths at any depth', (dir) => {
    const patterns = read(`${dir}/.dockerignore`).split('\n').map((line) => line.trim());
    expect(MANDATORY_IGNORES.filter((pattern) => !patterns.includes(pattern))).toEqual([]);
    const ignore = dockerignore({ ignorecase: false }).add(patterns);
    for (const path of ['node_modules/x', 'a/b/node_modules/x', 'src/__pycache__/m.pyc', 'x/.git/HEAD', 'x/.env', 'x/y.log', 'x/data/v.mp4', 'x/m.pkl']) {
      expect(ignore.ignores(path), path).toBe(true);
    }
  });
});

describe('docker-compose.yml', () => {
  interface Service {
    image?: string;
    profiles?: string[];
    build?: { context: string; dockerfile?: string; args?: unknown };
    volumes?: string[];
    deploy?: { resources?: { reservations?: { devices?: { driver: string; count: number; capabilities: string[] }[] } } };
  }
  const compose = parseYaml(read('docker-compose.yml')) as { services: Record<string, Service>; volumes: Record<string, unknown> };

  it('is valid against the Compose Specification schema (the copy dclint ships)', () => {
    const schema = JSON.parse(read('node_modules/dclint/schemas/compose.schema.json')) as object;
    const validate = new Ajv({ allErrors: true, strict: false, validateSchema: false }).compile(schema);
    expect(validate(compose)).toBe(true);
    expect(validate({ services: { api: { build: { context: 'x', dockerfile_inline: 1 } } } })).toBe(false);
  });

  it('builds every service from its own context with the Dockerfile inside it', () => {
    const contexts = Object.entries(compose.services)
      .filter(([, service]) => service.build)
      .map(([name, service]) => [name, service.build?.context ?? ''] as const);
    expect(Object.fromEntries(contexts)).toEqual({
      'base-node': 'backend/docker/base-node',
      'base-python': 'backend/docker/base-python',
      'base-python-pose': 'backend/docker/base-python-pose',
      api: 'backend/api',
      web: 'backend/web',
      'pose-service': 'backend/pose-service',
    });
    for (const [, context] of contexts) expect(existsSync(join(repoRoot, context, 'Dockerfile')), context).toBe(true);
    expect(Object.values(compose.services).filter((service) => service.build?.dockerfile ?? service.build?.args)).toEqual([]);
  });

  it('keeps base images build-only and names them after their directories', () => {
    for (const dir of BASE_DIRS) {
      const name = dir.split('/').at(-1) ?? '';
      expect(compose.services[name]).toMatchObject({ profiles: ['base'], image: `${name}:latest` });
    }
  });

  it('reserves a GPU for the pose service only', () => {
    const withGpu = Object.entries(compose.services).filter(([, service]) => service.deploy?.resources?.reservations?.devices);
    expect(withGpu.map(([name]) => name)).toEqual(config.gpuServices);
    expect(compose.services['pose-service']?.deploy?.resources?.reservations?.devices).toEqual([
      { driver: 'nvidia', count: 1, capabilities: ['gpu'] },
    ]);
  });

  it('uses declared named volumes only, and no Windows drive paths', () => {
    const sources = Object.values(compose.services).flatMap((service) => (service.volumes ?? []).map((v) => v.split(':')[0]));
    expect([...new Set(sources)].sort()).toEqual(Object.keys(compose.volumes).sort());
    expect(read('docker-compose.yml')).not.toMatch(/\/mnt\/[a-z]\//i);
  });
});

describe('Python manifests of the base images', () => {
  /** `name==version` lines (comments and options dropped), keyed by normalised name. */
  function pins(path: string): Map<string, string> {
    const found = new Map<string, string>();
    for (const line of read(path).split('\n')) {
      const match = /^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?\s*(==\s*\S+)?\s*$/.exec(line.trim());
      if (match) found.set((match[1] ?? '').toLowerCase().replace(/[._]/g, '-'), match[2] ?? '');
    }
    return found;
  }

  it.each([
    ['backend/docker/base-python/requirements.txt', ['backend/docker/base-python/constraints.txt']],
    [
      'backend/docker/base-python-pose/requirements.txt',
      ['backend/docker/base-python/constraints.txt', 'backend/docker/base-python-pose/constraints.txt'],
    ],
  ])('every package in %s is pinned by the constraints in force', (requirements, constraintFiles) => {
    const pinned = new Map(constraintFiles.flatMap((file) => [...pins(file)]));
    const unpinned = [...pins(requirements).keys()].filter((name) => !(pinned.get(name) ?? '').startsWith('=='));
    expect(unpinned).toEqual([]);
  });

  it('the torch install pins agree with the pose constraints', () => {
    const torch = pins('backend/docker/base-python-pose/requirements-torch.txt');
    const constraints = pins('backend/docker/base-python-pose/constraints.txt');
    expect([...torch]).toEqual([
      ['torch', '==2.4.1'],
      ['torchvision', '==0.19.1'],
    ]);
    expect([...torch].map(([name]) => [name, constraints.get(name)])).toEqual([...torch]);
  });

  it('git dependencies are pinned to full commit hashes', () => {
    for (const file of ['requirements-build.txt', 'requirements-nodeps.txt']) {
      const urls = read(`backend/docker/base-python-pose/${file}`)
        .split('\n')
        .filter((line) => line.includes('git+'));
      expect(urls.length, file).toBeGreaterThan(0);
      for (const url of urls) expect(url, file).toMatch(/^[\w-]+ @ git\+https:\/\/github\.com\/[\w.-]+\/[\w.-]+\.git@[0-9a-f]{40}$/);
    }
  });
});

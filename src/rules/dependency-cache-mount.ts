import { parseArgs } from '../project/command.js';
import { isInstruction, type DockerfileDoc, type RunInstruction, type ShellScript } from '../project/model.js';
import { defineRule, type Report } from '../engine/rule.js';
import { listing } from '../text.js';
import { installArguments, installsOf, instructionScript, normalizeProgram, type DependencyInstall } from '../vocabulary/commands.js';
import { commandExcerpt, environmentAt, userAt } from '../vocabulary/stages.js';

/** Where a package manager keeps its download cache, and how a RUN may opt out of keeping one. */
interface CacheSpec {
  /** Cache directories; `~/` is the home of the user the RUN runs as. All of them need a mount. */
  dirs: readonly string[];
  /** Further directories a mount may cover instead of `dirs` (other versions or layouts of the tool). */
  alternatives?: readonly string[];
  /** Extra mount options in the suggestion. */
  sharing?: 'locked';
  /** Flags and variables that move the cache; a variable with `suffix` names a parent (`XDG_CACHE_HOME` → `…/pip`). */
  dirFlags?: readonly string[];
  dirEnv?: readonly (readonly [string, string])[];
  /** Flags and variables that turn the cache off. */
  disableFlags?: readonly string[];
  disableEnv?: readonly string[];
  /** `<program> <sub> …` commands in the same RUN that empty the cache: `npm cache clean`, `conda clean`. */
  cleanCommands?: readonly (readonly string[])[];
  /** How to opt out, for the message. */
  optOut: string;
  /** `--fix` may add the mount (npm, pip, apt, apk: one well-known cache directory layout). */
  fixable: boolean;
}

const PIP: CacheSpec = {
  dirs: ['~/.cache/pip'],
  dirFlags: ['cache-dir'],
  dirEnv: [['PIP_CACHE_DIR', ''], ['XDG_CACHE_HOME', '/pip']],
  disableFlags: ['no-cache-dir'],
  disableEnv: ['PIP_NO_CACHE_DIR'],
  optOut: '`--no-cache-dir` (or ENV PIP_NO_CACHE_DIR=1)',
  fixable: true,
};

const APT: CacheSpec = {
  dirs: ['/var/cache/apt', '/var/lib/apt'],
  sharing: 'locked',
  // `dist-clean` (apt 2.7) also removes the package lists.
  cleanCommands: [['apt-get', 'clean'], ['apt', 'clean'], ['apt-get', 'dist-clean'], ['apt', 'dist-clean'], ['apt-get', 'distclean'], ['apt', 'distclean']],
  optOut: '`rm -rf /var/lib/apt/lists/*` at the end of the same RUN',
  fixable: true,
};

const CONDA: CacheSpec = {
  dirs: ['/opt/conda/pkgs'],
  dirEnv: [['CONDA_PKGS_DIRS', ''], ['MAMBA_ROOT_PREFIX', '/pkgs']],
  cleanCommands: [['conda', 'clean'], ['mamba', 'clean'], ['micromamba', 'clean']],
  optOut: '`conda clean --all --yes` at the end of the same RUN',
  fixable: false,
};

const DNF = (dir: string, program: string): CacheSpec => ({
  dirs: [dir],
  sharing: 'locked',
  cleanCommands: [[program, 'clean']],
  optOut: `\`${program} clean all\` at the end of the same RUN`,
  fixable: false,
});

/** Cache knowledge per package manager (as `DependencyInstall.manager` names it). */
const CACHES: Record<string, CacheSpec> = {
  npm: {
    dirs: ['~/.npm'],
    dirFlags: ['cache'],
    dirEnv: [['npm_config_cache', ''], ['NPM_CONFIG_CACHE', '']],
    cleanCommands: [['npm', 'cache']],
    optOut: '`npm cache clean --force` at the end of the same RUN, or `--cache /tmp/npm-cache` removed there',
    fixable: true,
  },
  yarn: {
    dirs: ['/usr/local/share/.cache/yarn'],
    alternatives: ['~/.cache/yarn', '~/.yarn/berry/cache'],
    dirFlags: ['cache-folder'],
    dirEnv: [['YARN_CACHE_FOLDER', '']],
    cleanCommands: [['yarn', 'cache']],
    optOut: '`yarn cache clean` at the end of the same RUN (Yarn 2+ caches in ~/.yarn/berry/cache)',
    fixable: false,
  },
  pnpm: {
    dirs: ['~/.local/share/pnpm/store'],
    alternatives: ['~/.pnpm-store'],
    dirFlags: ['store-dir'],
    dirEnv: [['npm_config_store_dir', ''], ['PNPM_STORE_DIR', '']],
    optOut: 'a throwaway store (`--store-dir /tmp/pnpm-store`, removed in the same RUN)',
    fixable: false,
  },
  bun: {
    dirs: ['~/.bun/install/cache'],
    dirEnv: [['BUN_INSTALL_CACHE_DIR', '']],
    disableFlags: ['no-cache'],
    optOut: '`--no-cache`',
    fixable: false,
  },
  pip: PIP,
  pipx: PIP,
  pipenv: { dirs: ['~/.cache/pipenv'], alternatives: ['~/.cache/pip'], dirEnv: [['PIPENV_CACHE_DIR', '']], optOut: '`rm -rf ~/.cache/pipenv` at the end of the same RUN', fixable: false },
  uv: {
    dirs: ['~/.cache/uv'],
    dirFlags: ['cache-dir'],
    dirEnv: [['UV_CACHE_DIR', ''], ['XDG_CACHE_HOME', '/uv']],
    disableFlags: ['no-cache', 'n'],
    disableEnv: ['UV_NO_CACHE'],
    optOut: '`--no-cache` (or ENV UV_NO_CACHE=1)',
    fixable: false,
  },
  poetry: {
    dirs: ['~/.cache/pypoetry'],
    dirEnv: [['POETRY_CACHE_DIR', '']],
    disableFlags: ['no-cache'],
    optOut: '`--no-cache`',
    fixable: false,
  },
  conda: CONDA,
  mamba: CONDA,
  micromamba: CONDA,
  'apt-get': APT,
  apt: APT,
  aptitude: APT,
  apk: {
    dirs: ['/var/cache/apk'],
    alternatives: ['/etc/apk/cache'],
    disableFlags: ['no-cache'],
    optOut: '`apk add --no-cache`',
    fixable: true,
  },
  dnf: DNF('/var/cache/dnf', 'dnf'),
  yum: DNF('/var/cache/yum', 'yum'),
  microdnf: DNF('/var/cache/yum', 'microdnf'),
  zypper: { dirs: ['/var/cache/zypp'], sharing: 'locked', cleanCommands: [['zypper', 'clean']], optOut: '`zypper clean --all` at the end of the same RUN', fixable: false },
  go: { dirs: ['/go/pkg/mod'], alternatives: ['~/go/pkg/mod'], dirEnv: [['GOMODCACHE', ''], ['GOPATH', '/pkg/mod']], optOut: '`go clean -modcache` at the end of the same RUN', cleanCommands: [['go', 'clean']], fixable: false },
  cargo: { dirs: ['/usr/local/cargo/registry'], alternatives: ['~/.cargo/registry'], dirEnv: [['CARGO_HOME', '/registry']], optOut: 'removing the registry cache in the same RUN', fixable: false },
  composer: {
    dirs: ['~/.composer/cache'],
    alternatives: ['~/.cache/composer', '/tmp/cache'],
    dirEnv: [['COMPOSER_CACHE_DIR', ''], ['COMPOSER_HOME', '/cache']],
    disableFlags: ['no-cache'],
    optOut: '`--no-cache`',
    fixable: false,
  },
  gem: { dirs: ['/usr/local/bundle/cache'], alternatives: ['~/.gem', '~/.local/share/gem'], dirEnv: [['GEM_HOME', '/cache']], optOut: 'removing the gem cache in the same RUN', fixable: false },
  bundle: { dirs: ['/usr/local/bundle/cache'], alternatives: ['~/.bundle/cache'], dirEnv: [['GEM_HOME', '/cache']], optOut: 'removing the gem cache in the same RUN', fixable: false },
};

const clean = (path: string): string => (path.length > 1 ? path.replace(/\/+$/, '') : path);

/** Is one path the other, or inside it (either way)? The root `/` covers nothing. */
function overlaps(a: string, b: string): boolean {
  if (a === '/' || b === '/') return false;
  return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}

interface RunContext {
  home: string;
  /** Homes a mount target may be written for: root's, the user's, `$HOME`. */
  homes: string[];
  environment: ReadonlyMap<string, string | null>;
  /** Cache mounts and tmpfs mounts of the RUN (targets). */
  mountTargets: string[];
  /** Paths the RUN deletes with `rm`. */
  removed: string[];
  script: ShellScript | null;
}

const expand = (dir: string, home: string): string => clean(dir.startsWith('~/') ? `${home}/${dir.slice(2)}` : dir);

/** A directory that needs a mount: the one to suggest, and every path a mount may cover it by. */
interface CacheDir {
  suggested: string;
  accepted: string[];
}

/** The cache directories this install uses (flags and environment first), or `'off'` when it opts out of a cache. */
function cacheDirs(install: DependencyInstall, spec: CacheSpec, run: RunContext): CacheDir[] | 'off' {
  const { flags } = installArguments(install);
  if ((spec.disableFlags ?? []).some((flag) => flags.has(flag))) return 'off';
  if ((spec.disableEnv ?? []).some((name) => (run.environment.get(name) ?? '') !== '')) return 'off';
  const explicit =
    (spec.dirFlags ?? []).flatMap((flag) => {
      const value = flags.get(flag);
      return typeof value === 'string' ? [clean(value.replace(/^~(?=\/)/, run.home))] : [];
    })[0] ??
    (spec.dirEnv ?? []).flatMap(([name, suffix]) => {
      const value = run.environment.get(name);
      return value != null && value !== '' && !value.includes('$') ? [clean(`${value}${suffix}`)] : [];
    })[0];
  if (explicit !== undefined) return [{ suggested: explicit, accepted: [explicit] }];
  const everyHome = (dir: string): string[] => (dir.startsWith('~/') ? run.homes.map((home) => expand(dir, home)) : [dir]);
  return spec.dirs.map((dir, index) => ({
    suggested: expand(dir, run.home),
    // Alternatives (other versions or layouts of the tool) stand in for a spec's only directory.
    accepted: [...everyHome(dir), ...(index === 0 && spec.dirs.length === 1 ? (spec.alternatives ?? []).flatMap(everyHome) : [])],
  }));
}

/** Does the RUN empty the cache itself: `rm -rf` of the cache, or the manager's clean command? */
function cleansCache(spec: CacheSpec, dirs: readonly string[], run: RunContext): boolean {
  if (run.removed.some((path) => dirs.some((dir) => overlaps(clean(path.replace(/\/\*$/, '')), dir)))) return true;
  return (run.script?.commands ?? []).some((command) => {
    if (command.program === null) return false;
    const program = normalizeProgram(command.program);
    const sub = parseArgs(command).positionals[0]?.value;
    return (spec.cleanCommands ?? []).some(([cleaner, subcommand]) => cleaner === program && subcommand === sub);
  });
}

interface Missing {
  manager: string;
  spec: CacheSpec;
  mounts: string[];
}

function mountText(dir: string, spec: CacheSpec, user: string): string {
  const uid = /^\d+$/.test(user) && user !== '0' ? `,uid=${user}` : '';
  return `--mount=type=cache,target=${dir}${spec.sharing === 'locked' ? ',sharing=locked' : ''}${uid}`;
}

export default defineRule({
  id: 'dependency-cache-mount',
  description: 'A dependency install RUN keeps its package manager’s download cache in a BuildKit cache mount, or opts out explicitly',
  kind: 'policy',
  // hadolint's "clean the cache" rules: the same RUNs, where a cache mount is the fix they also accept.
  equivalents: { hadolint: ['DL3019', 'DL3032', 'DL3036', 'DL3040', 'DL3042', 'DL3060'] },
  documents: ['dockerfile'],
  defaultSeverity: 'warning',
  fixable: true,
  messages: {
    missingCacheMount: {
      message: 'No cache mount keeps the {{managers}} download cache: each rerun fetches everything again.',
      help: 'Add `{{mounts}}` after RUN, or opt out explicitly: {{optOut}}.',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const dockerfile of project.dockerfiles) {
      for (const stage of dockerfile.stages) {
        for (const instruction of stage.instructions) {
          if (!isInstruction(instruction, 'RUN')) continue;
          const installs = installsOf(instruction).filter((install) => CACHES[install.manager] !== undefined);
          if (installs.length === 0) continue;
          const user = userAt(project, dockerfile, stage, instruction);
          const environment = environmentAt(project, dockerfile, stage, instruction);
          const isRoot = user === 'root' || user === '0';
          const envHome = environment.get('HOME');
          const home = isRoot ? '/root' : envHome != null && envHome !== '' && !envHome.includes('$') ? clean(envHome) : `/home/${user}`;
          const script = instructionScript(instruction);
          const run: RunContext = {
            home,
            homes: [...new Set(['/root', home, ...(isRoot ? [] : [`/home/${user}`])])],
            environment,
            mountTargets: instruction.flags.flatMap((flag) => {
              const target = flag.options.target;
              const type = flag.options.type;
              return flag.name === 'mount' && (type === 'cache' || type === 'tmpfs') && target !== undefined ? [clean(target)] : [];
            }),
            removed: (script?.commands ?? []).flatMap((command) =>
              command.program === 'rm' ? parseArgs(command).positionals.flatMap((word) => (word.value === null ? [] : [word.value.replace(/^~(?=\/)/, home)])) : [],
            ),
            script,
          };
          const missing = new Map<CacheSpec, Missing>();
          for (const install of installs) {
            const spec = CACHES[install.manager];
            if (spec === undefined || missing.has(spec)) continue;
            const dirs = cacheDirs(install, spec, run);
            if (dirs === 'off' || cleansCache(spec, dirs.flatMap((dir) => dir.accepted), run)) continue;
            const uncovered = dirs.filter((dir) => !run.mountTargets.some((target) => dir.accepted.some((accepted) => overlaps(target, accepted))));
            if (uncovered.length > 0) missing.set(spec, { manager: install.manager, spec, mounts: uncovered.map((dir) => mountText(dir.suggested, spec, user)) });
          }
          if (missing.size === 0) continue;
          reports.push(reportFor(dockerfile, instruction, installs, [...missing.values()], isRoot));
        }
      }
    }
    return reports;
  },
});

function reportFor(dockerfile: DockerfileDoc, instruction: RunInstruction, installs: readonly DependencyInstall[], missing: readonly Missing[], isRoot: boolean): Report {
  const first = installs.find((install) => missing.some((entry) => entry.manager === install.manager)) ?? installs[0];
  const range = first?.command.range ?? instruction.range;
  const install = first === undefined ? '' : commandExcerpt(dockerfile, instruction, first.command);
  const mounts = missing.flatMap((entry) => entry.mounts);
  const fixable = isRoot ? missing.filter((entry) => entry.spec.fixable).flatMap((entry) => entry.mounts) : [];
  const { source } = dockerfile;
  let insertAt = source.offsetAt(instruction.keywordRange.end);
  while (source.text[insertAt] === ' ' || source.text[insertAt] === '\t') insertAt++;
  return {
    messageId: 'missingCacheMount',
    data: {
      install,
      managers: listing(missing.map((entry) => entry.manager)),
      their: missing.length === 1 ? 'its' : 'their',
      mounts: mounts.join(' '),
      optOut: listing(missing.map((entry) => entry.spec.optOut)),
    },
    location: { file: source.path, range },
    ...(fixable.length > 0 ? { fix: { kind: 'edit' as const, file: source.path, edits: [{ start: insertAt, end: insertAt, text: `${fixable.join(' ')} ` }] } } : {}),
  };
}

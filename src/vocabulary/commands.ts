/**
 * The shared vocabulary of shell commands the policy talks about: dependency installs, package
 * managers, their removal, and build tools. Every question is asked of parsed commands (program,
 * sub-command, flags, arguments), never of command strings.
 */
import { parseArgs, pipedInto, type ParsedArgs } from '../project/command.js';
import type { ShellCommand, ShellScript } from '../project/model.js';

export type Ecosystem = 'os' | 'language';

export interface DependencyInstall {
  command: ShellCommand;
  /** The package manager as users know it: `apt-get`, `apk`, `pip`, `npm`, `conda`, `curl | sh`… */
  manager: string;
  ecosystem: Ecosystem;
  /** Literal package arguments (`curl`, `build-base`, `torch==2.4.1`); no files, flags or expansions. */
  packages: string[];
}

/** `pip3.11` → `pip`, `python3.10` → `python`, `/usr/bin/apt-get` is already a basename. */
export function normalizeProgram(program: string): string {
  return program.replace(/^(pip|python|pypy|ruby|gem|bundle|node|npm|pnpm)[\d.]+$/, '$1');
}

/** Flags that take a separate value, per program, so that their values are not taken for sub-commands or packages. */
const VALUE_FLAGS: Record<string, readonly string[]> = {
  'apt-get': ['o', 'c', 't', 'target-release', 'option', 'config-file'],
  apt: ['o', 'c', 't', 'target-release', 'option', 'config-file'],
  apk: ['X', 'repository', 'p', 'root', 't', 'virtual', 'repositories-file', 'cache-dir', 'keys-dir', 'arch'],
  yum: ['c', 'config', 'x', 'exclude', 'installroot', 'releasever', 'setopt', 'enablerepo', 'disablerepo', 'd', 'e'],
  dnf: ['c', 'config', 'x', 'exclude', 'installroot', 'releasever', 'setopt', 'enablerepo', 'disablerepo', 'repo', 'd', 'e'],
  microdnf: ['config', 'installroot', 'releasever', 'setopt', 'enablerepo', 'disablerepo'],
  zypper: ['R', 'root', 'r', 'repo', 'D', 'reposd-dir', 'C', 'cache-dir'],
  pip: [
    'r', 'requirement', 'c', 'constraint', 'i', 'index-url', 'extra-index-url', 'f', 'find-links', 't', 'target',
    'prefix', 'root', 'cache-dir', 'src', 'e', 'editable', 'python-version', 'platform', 'abi', 'implementation',
    'log', 'proxy', 'timeout', 'retries', 'trusted-host', 'no-binary', 'only-binary', 'progress-bar', 'C',
    'config-settings', 'upgrade-strategy', 'python', 'exists-action', 'cert', 'client-cert', 'report', 'group',
  ],
  uv: ['r', 'requirement', 'c', 'constraint', 'i', 'index-url', 'extra-index-url', 'f', 'find-links', 'p', 'python', 'cache-dir', 'directory', 'project', 'extra', 'group', 'index', 'target', 'prefix'],
  poetry: ['C', 'directory', 'P', 'project', 'with', 'without', 'only', 'E', 'extras'],
  pipenv: ['python'],
  conda: ['n', 'name', 'p', 'prefix', 'c', 'channel', 'f', 'file', 'override-channels'],
  mamba: ['n', 'name', 'p', 'prefix', 'c', 'channel', 'f', 'file'],
  micromamba: ['n', 'name', 'p', 'prefix', 'c', 'channel', 'f', 'file', 'r', 'root-prefix'],
  npm: ['prefix', 'w', 'workspace', 'cache', 'registry', 'userconfig', 'C', 'omit', 'include', 'install-strategy', 'loglevel'],
  yarn: ['cwd', 'cache-folder', 'modules-folder', 'registry', 'network-timeout', 'mutex'],
  pnpm: ['C', 'dir', 'filter', 'F', 'store-dir', 'registry', 'w', 'workspace-dir'],
  bun: ['cwd', 'registry', 'cache-dir', 'c', 'config'],
  gem: ['v', 'version', 'i', 'install-dir', 'n', 'bindir', 'source', 's', 'platform'],
  bundle: ['gemfile', 'path', 'jobs', 'j', 'retry', 'without', 'with'],
  composer: ['d', 'working-dir'],
  go: ['C', 'modfile'],
  cargo: ['manifest-path', 'target', 'Z', 'color', 'config'],
  dpkg: ['root', 'admindir', 'instdir'],
};

const PACKAGE_MANAGERS = new Set([
  'apt-get', 'apt', 'aptitude', 'apk', 'yum', 'dnf', 'microdnf', 'zypper', 'dpkg', 'rpm', 'pip', 'pipx', 'uv', 'poetry',
  'pipenv', 'conda', 'mamba', 'micromamba', 'npm', 'npx', 'yarn', 'yarnpkg', 'pnpm', 'pnpx', 'bun', 'bunx', 'corepack',
  'gem', 'bundle', 'composer',
]);

const OS_MANAGERS = new Set(['apt-get', 'apt', 'aptitude', 'apk', 'yum', 'dnf', 'microdnf', 'zypper', 'dpkg', 'rpm']);

/** Sub-commands that install dependencies, per package manager. */
const INSTALL_SUBCOMMANDS: Record<string, readonly string[]> = {
  'apt-get': ['install', 'build-dep'],
  apt: ['install', 'build-dep'],
  aptitude: ['install'],
  apk: ['add'],
  yum: ['install', 'groupinstall', 'localinstall'],
  dnf: ['install', 'groupinstall', 'localinstall'],
  microdnf: ['install'],
  zypper: ['install', 'in', 'source-install', 'si'],
  poetry: ['install', 'sync'],
  pipenv: ['install', 'sync'],
  npm: ['install', 'i', 'ci', 'add', 'clean-install', 'install-clean', 'isntall', 'in', 'ins', 'inst', 'insta', 'instal', 'ic'],
  pnpm: ['install', 'i', 'add', 'fetch'],
  bun: ['install', 'i', 'add'],
  gem: ['install'],
  composer: ['install', 'require', 'update'],
  pipx: ['install'],
};

const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ash', 'ksh']);

/** The program a command runs, with `python -m pip` read as `pip`. */
function effectiveCommand(command: ShellCommand): { program: string; args: ShellCommand['args'] } | null {
  if (command.program === null) return null;
  const program = normalizeProgram(command.program);
  if (program === 'python' || program === 'pypy') {
    const moduleIndex = command.args.findIndex((arg) => arg.value === '-m');
    const module = command.args[moduleIndex + 1]?.value;
    if (moduleIndex >= 0 && module) return { program: normalizeProgram(module), args: command.args.slice(moduleIndex + 2) };
    return null;
  }
  return { program, args: command.args };
}

function argsOf(program: string, command: ShellCommand, args: ShellCommand['args']): ParsedArgs {
  return parseArgs({ ...command, args }, VALUE_FLAGS[program] ?? []);
}

const literal = (words: ParsedArgs['positionals']): string[] => words.flatMap((word) => (word.value === null ? [] : [word.value]));

/** What a package list names as packages: not files, paths or URLs. */
function packageNames(words: ParsedArgs['positionals']): string[] {
  return literal(words).filter((name) => !/[/]/.test(name) && !/\.(?:deb|rpm|apk|whl|tar\.gz|zip)$/.test(name));
}

/** Is the command a dependency install? (`pip install --no-deps .`, installing the project itself, is not.) */
export function dependencyInstall(command: ShellCommand, script: ShellScript): DependencyInstall | null {
  const curl = pipeInstaller(command, script);
  if (curl) return curl;
  const effective = effectiveCommand(command);
  if (effective === null) return null;
  const { program, args } = effective;
  const manager = program === 'yarnpkg' ? 'yarn' : program;
  const parsed = argsOf(program, command, args);
  const [sub, ...rest] = parsed.positionals;
  const subcommand = sub?.value ?? null;
  const found = (packages: string[]): DependencyInstall => ({
    command,
    manager,
    ecosystem: OS_MANAGERS.has(manager) ? 'os' : 'language',
    packages,
  });

  switch (manager) {
    case 'pip': {
      if (subcommand !== 'install') return null;
      const targets = literal(rest);
      const installsProjectOnly = parsed.flags.has('no-deps') && targets.length > 0 && targets.every(isLocalPath) && !parsed.flags.has('r') && !parsed.flags.has('requirement');
      return installsProjectOnly ? null : found(packageNames(rest));
    }
    case 'uv': {
      if (subcommand === 'sync') return found([]);
      if (subcommand === 'pip' && (rest[0]?.value === 'install' || rest[0]?.value === 'sync')) return found(packageNames(rest.slice(1)));
      if (subcommand === 'add' || subcommand === 'tool') return found(packageNames(rest));
      return null;
    }
    case 'conda':
    case 'mamba':
    case 'micromamba': {
      if (subcommand === 'install' || subcommand === 'create') return found(packageNames(rest));
      if (subcommand === 'env' && (rest[0]?.value === 'create' || rest[0]?.value === 'update')) return found([]);
      return null;
    }
    case 'yarn':
      // Bare `yarn` installs; `yarn install`, `yarn add`, and Berry's `yarn workspaces focus` too.
      if (subcommand === null || subcommand === 'install' || subcommand === 'add') return found(packageNames(rest));
      if (subcommand === 'workspaces' && rest[0]?.value === 'focus') return found([]);
      return null;
    case 'bundle':
      return subcommand === null || subcommand === 'install' ? found([]) : null;
    case 'go':
      return subcommand === 'mod' && rest[0]?.value === 'download' ? found([]) : subcommand === 'get' ? found(packageNames(rest)) : null;
    case 'cargo':
      return subcommand === 'fetch' ? found([]) : null;
    case 'dpkg':
      return parsed.flags.has('i') || parsed.flags.has('install') ? found([]) : null;
    default: {
      const subcommands = INSTALL_SUBCOMMANDS[manager];
      if (!subcommands || subcommand === null || !subcommands.includes(subcommand)) return null;
      return found(packageNames(rest));
    }
  }
}

function isLocalPath(target: string): boolean {
  return target === '.' || target.startsWith('./') || target.startsWith('../') || target.startsWith('/');
}

/** `curl … | sh`, `wget -qO- … | bash -s --`, `sh -c "$(curl …)"`: running a downloaded installer. */
function pipeInstaller(command: ShellCommand, script: ShellScript): DependencyInstall | null {
  const program = command.program;
  if (program === 'curl' || program === 'wget') {
    const next = pipedInto(script, command);
    if (next?.program && SHELLS.has(next.program)) return { command, manager: `${program} | ${next.program}`, ecosystem: 'language', packages: [] };
  }
  if (program && SHELLS.has(program) && command.args.some((arg) => /\$\(\s*(?:curl|wget)\b|`\s*(?:curl|wget)\b|<\(\s*(?:curl|wget)\b/.test(arg.raw))) {
    return { command, manager: `${program} <(download)`, ecosystem: 'language', packages: [] };
  }
  return null;
}

/** Sub-commands that remove packages or clean caches: running them is not using the package manager. */
const REMOVAL_SUBCOMMANDS = new Set(['purge', 'remove', 'autoremove', 'erase', 'del', 'uninstall', 'un', 'rm', 'r', 'unlink', 'clean', 'autoclean', 'prune', 'disable']);

/**
 * The package manager a command invokes, or `null`. Removing packages or cleaning caches
 * (`apt-get purge`, `npm uninstall -g npm`, `apk del`, `npm cache clean`) does not count.
 */
export function packageManagerInvocation(command: ShellCommand): string | null {
  const effective = effectiveCommand(command);
  if (effective === null || !PACKAGE_MANAGERS.has(effective.program)) return null;
  const parsed = argsOf(effective.program, command, effective.args);
  const [sub, next] = parsed.positionals;
  if (sub?.value && REMOVAL_SUBCOMMANDS.has(sub.value)) return null;
  if (sub?.value === 'cache' && (next?.value === 'clean' || next?.value === 'purge')) return null;
  if (effective.program === 'dpkg' && (parsed.flags.has('r') || parsed.flags.has('P') || parsed.flags.has('purge') || parsed.flags.has('remove'))) return null;
  return effective.program === 'yarnpkg' ? 'yarn' : effective.program;
}

/** Names of language package managers, and what their files look like on disk. */
const MANAGER_FILES: readonly (readonly [string, RegExp])[] = [
  ['npm', /^npm$/],
  ['npx', /^npx$/],
  ['corepack', /^corepack$/],
  ['yarn', /^yarn(?:pkg)?(?:-v?[\d.]+)?$|^yarn\*$/],
  ['pnpm', /^pnpm$/],
  ['pip', /^pip(?:\d+(?:\.\d+)?)?(?:\*)?$|^pip-[\d.]+\.dist-info$/],
  ['pipx', /^pipx$/],
  ['poetry', /^poetry$/],
  ['pipenv', /^pipenv$/],
  ['uv', /^uv$/],
  ['conda', /^conda$/],
  ['bun', /^bun$/],
];

function managerOfPath(path: string): string[] {
  return path.split('/').flatMap((segment) => MANAGER_FILES.filter(([, pattern]) => pattern.test(segment)).map(([name]) => name));
}

/**
 * Package managers a command removes: `rm -rf /usr/local/lib/node_modules/npm /usr/local/bin/npx`,
 * `npm uninstall -g npm`, `pip uninstall -y pip`, `apk del npm`, `apt-get purge python3-pip`.
 */
export function removedPackageManagers(command: ShellCommand): string[] {
  if (command.program === 'rm') {
    return [...new Set(literal(parseArgs(command).positionals).flatMap(managerOfPath))];
  }
  const effective = effectiveCommand(command);
  if (effective === null || !PACKAGE_MANAGERS.has(effective.program)) return [];
  const parsed = argsOf(effective.program, command, effective.args);
  const [sub, ...rest] = parsed.positionals;
  if (!sub?.value || !REMOVAL_SUBCOMMANDS.has(sub.value) || sub.value === 'clean' || sub.value === 'autoclean' || sub.value === 'prune') return [];
  if (sub.value === 'disable' && effective.program === 'corepack') return ['corepack', 'yarn', 'pnpm'];
  return [...new Set(literal(rest).flatMap((name) => managerOfPath(name.replace(/^python3?-/, ''))))];
}

/** Package managers an install provides: `apt-get install python3-pip` → pip, `npm i -g pnpm` → pnpm. */
export function providedPackageManagers(install: DependencyInstall): string[] {
  const provided = install.packages.flatMap((name) => managerOfPath(name.replace(/^python3?-/, '').replace(/[@=<>~].*$/, '')));
  if (install.command.program === 'curl' || install.command.program === 'wget') provided.push(...managerOfUrl(install));
  return [...new Set(provided)];
}

function managerOfUrl(install: DependencyInstall): string[] {
  const url = install.command.args.map((arg) => arg.value ?? arg.raw).join(' ');
  return MANAGER_FILES.flatMap(([name]) => (new RegExp(`\\b${name}\\b`).test(url) ? [name] : []));
}

/**
 * Compilers and toolchains, by package name. `*-dev`/`*-devel` headers count: they exist to compile
 * against. CUDA toolkits (`cuda-nvcc-*`, `cuda-toolkit-*`) count; CUDA runtime libraries do not.
 */
const BUILD_TOOL_PACKAGE =
  /^(?:gcc|g\+\+|cc|c\+\+|clang|llvm|make|cmake|ninja(?:-build)?|build-essential|build-base|alpine-sdk|autoconf|automake|libtool|pkg-?config|pkgconf|python3?-dev|python3?-devel|cython3?|nasm|yasm|bison|flex|meson|rustc|cargo|rust|golang|go|nodejs-dev|cuda-nvcc(?:-[\w.-]+)?|cuda-toolkit(?:-[\w.-]+)?|cuda-compiler(?:-[\w.-]+)?|nvidia-cuda-toolkit|devtoolset-[\d]+|gcc-c\+\+|[\w.+-]+-(?:dev|devel))$/;

/** Strips version pins: `gcc=4:12.2`, `cmake~=3.27`, `g++@12`. */
function bareName(name: string): string {
  return name.replace(/[=<>~!@].*$/, '').replace(/:\w+$/, '');
}

export function isBuildToolPackage(name: string): boolean {
  return BUILD_TOOL_PACKAGE.test(bareName(name).toLowerCase());
}

/** Build tools an install puts into the image (packages matching the build-tool vocabulary). */
export function installedBuildTools(install: DependencyInstall): string[] {
  return install.packages.filter(isBuildToolPackage);
}

const BUILD_TOOL_PROGRAMS = new Set(['gcc', 'g++', 'cc', 'c++', 'clang', 'clang++', 'make', 'cmake', 'ninja', 'nvcc', 'rustc', 'cargo', 'go', 'cython', 'meson', 'autoconf', 'automake', 'libtool']);

/** Is the command itself a compiler or build tool run (`make -j4`, `gcc -o x x.c`, `go build`)? */
export function isBuildToolRun(command: ShellCommand): boolean {
  return command.program !== null && BUILD_TOOL_PROGRAMS.has(command.program);
}

/**
 * The shared vocabulary of shell commands the policy talks about: dependency installs, package
 * managers, their removal, and build tools. Every question is asked of parsed commands (program,
 * sub-command, flags, arguments), never of command strings.
 */
import { parseArgs, pipedInto, type ParsedArgs } from '../project/command.js';
import type { CommandLine, InstructionBase, ShellCommand, ShellScript, ShellWord } from '../project/model.js';
import { basename, SHELLS, stripInit, type Token, unwrapCommand } from '../project/shell-wrappers.js';
import type { Range } from '../source.js';

export type Ecosystem = 'os' | 'language';

export interface DependencyInstall {
  command: ShellCommand;
  /** The package manager as users know it: `apt-get`, `apk`, `pip`, `npm`, `conda`, `curl | sh`… */
  manager: string;
  ecosystem: Ecosystem;
  /** Literal package arguments (`curl`, `build-base`, `torch==2.4.1`); no files, flags or expansions. */
  packages: string[];
  /** apk's `--virtual NAME`: the name `apk del NAME` later removes the whole group by. */
  group?: string;
}

/** `pip3.11` → `pip`, `python3.10` → `python`, `/usr/bin/apt-get` is already a basename. */
export function normalizeProgram(program: string): string {
  return program.replace(/^(pip|python|pypy|ruby|gem|bundle|node|npm|pnpm)[\d.]+$/, '$1');
}

// ─── Commands of RUN, CMD and ENTRYPOINT ─────────────────────────────────────

/**
 * The commands an instruction runs: its parsed shell script, or for exec form (`RUN ["pip", "install",
 * "x"]`, `CMD ["npm", "start"]`) a one-command script made from the JSON words, with wrappers such as
 * `sudo` and `gosu` seen through and the range of each word. `null` for a non-POSIX shell.
 */
export function instructionScript(instruction: InstructionBase & CommandLine): ShellScript | null {
  if (instruction.shell !== null) return instruction.shell;
  if (instruction.exec === null) return null;
  const words = instruction.args;
  const first = words[0];
  const last = words.at(-1);
  if (first === undefined || last === undefined) return { commands: [], errors: [], comments: [], assignments: [] };
  // Tokens carry the word index in `start`, so the unwrapped words map back to their ranges.
  const tokens: Token[] = words.map((word, index) => ({ value: word.value, start: index, end: index + 1, type: 'string', nodeId: null }));
  const unwrapped = unwrapCommand(stripInit(tokens));
  const [name, ...rest] = unwrapped.words;
  const range: Range = { start: first.range.start, end: last.range.end };
  const toShellWord = (token: Token): ShellWord => {
    const word = words[token.start];
    return { value: token.value, raw: word?.raw ?? token.value ?? '', range: word?.range ?? range, expansions: [] };
  };
  const command: ShellCommand = {
    name: name?.value ?? null,
    program: name?.value == null ? null : basename(name.value),
    args: rest.map(toShellWord),
    wrappers: unwrapped.wrappers,
    range,
    pipeline: null,
    inFunction: null,
    words: tokens.map(toShellWord),
    tested: false,
    shellOptions: [],
  };
  return { commands: [command], errors: [], comments: [], assignments: [] };
}


// ─── Dependency installs ─────────────────────────────────────────────────────

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
  uv: [
    'r', 'requirement', 'c', 'constraint', 'i', 'index-url', 'extra-index-url', 'f', 'find-links', 'p', 'python',
    'cache-dir', 'directory', 'project', 'extra', 'group', 'index', 'target', 'prefix', 'e', 'editable',
  ],
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
  rpm: ['root', 'dbpath', 'prefix'],
};

const PACKAGE_MANAGERS = new Set([
  'apt-get', 'apt', 'aptitude', 'apk', 'yum', 'dnf', 'microdnf', 'zypper', 'dpkg', 'rpm', 'pip', 'pipx', 'uv', 'uvx',
  'poetry', 'pipenv', 'conda', 'mamba', 'micromamba', 'npm', 'npx', 'yarn', 'yarnpkg', 'pnpm', 'pnpx', 'bun', 'bunx',
  'corepack', 'gem', 'bundle', 'composer',
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
  pipenv: ['install', 'sync'],
  npm: ['install', 'i', 'ci', 'add', 'clean-install', 'install-clean', 'isntall', 'in', 'ins', 'inst', 'insta', 'instal', 'ic'],
  pnpm: ['install', 'i', 'add', 'fetch'],
  bun: ['install', 'i', 'add'],
  gem: ['install'],
  composer: ['install', 'require', 'update'],
  pipx: ['install'],
};

/** Python interpreter options that take the next word as their value. */
const PYTHON_VALUE_OPTIONS = new Set(['W', 'X']);

/**
 * The module of `python [options] -m module args…` (`-mpip` and `-Im pip` too) and the words after it;
 * `null` when the interpreter runs a script or `-c` code instead.
 */
export function pythonModule(args: readonly ShellWord[]): { module: string; args: ShellWord[] } | null {
  for (let index = 0; index < args.length; index++) {
    const value = args[index]?.value;
    if (value == null || value === '-' || !value.startsWith('-')) return null;
    if (value.startsWith('--')) {
      if (value === '--check-hash-based-pycs') index++;
      continue;
    }
    for (let k = 1; k < value.length; k++) {
      const option = value.charAt(k);
      if (option === 'c') return null;
      if (option === 'm') {
        const attached = value.slice(k + 1);
        if (attached !== '') return { module: attached, args: args.slice(index + 1) };
        const module = args[index + 1]?.value;
        return module == null ? null : { module, args: args.slice(index + 2) };
      }
      if (PYTHON_VALUE_OPTIONS.has(option)) {
        if (k === value.length - 1) index++;
        break;
      }
    }
  }
  return null;
}

/** The program a command runs, with `python -m pip` read as `pip`. */
function effectiveCommand(command: ShellCommand): { program: string; args: ShellWord[] } | null {
  if (command.program === null) return null;
  const program = normalizeProgram(command.program);
  if (program === 'python' || program === 'pypy') {
    const module = pythonModule(command.args);
    return module === null ? null : { program: normalizeProgram(module.module), args: module.args };
  }
  return { program: program === 'yarnpkg' ? 'yarn' : program, args: command.args };
}

function argsOf(program: string, command: ShellCommand, args: ShellWord[]): ParsedArgs {
  return parseArgs({ ...command, args }, VALUE_FLAGS[program] ?? []);
}

const literal = (words: readonly ShellWord[]): string[] => words.flatMap((word) => (word.value === null ? [] : [word.value]));

/** What a package list names as packages: not files, paths or URLs (npm's `@scope/name` is a package). */
function packageNames(words: readonly ShellWord[]): string[] {
  return literal(words).filter(
    (name) => (!name.includes('/') || /^@[\w.-]+\/[\w.-]+(?:@[^/]*)?$/.test(name)) && !/\.(?:deb|rpm|apk|whl|tar\.gz|tgz|zip)$/.test(name),
  );
}

/** `.`, `./pkg`, `/app`: a project directory, not a downloaded archive or a requirement. */
function isProjectPath(target: string): boolean {
  const local = target === '.' || target.startsWith('./') || target.startsWith('../') || target.startsWith('/');
  return local && !/\.(?:whl|tar\.gz|tgz|zip)$/.test(target);
}

/** Each command's answer, as five rules and the startup-line reader ask about the same commands. */
const installByCommand = new WeakMap<ShellCommand, { script: ShellScript; install: DependencyInstall | null }>();

/** Is the command a dependency install? (`pip install --no-deps .`, installing the project itself, is not.) */
export function dependencyInstall(command: ShellCommand, script: ShellScript): DependencyInstall | null {
  const known = installByCommand.get(command);
  if (known?.script === script) return known.install;
  const install = readDependencyInstall(command, script);
  installByCommand.set(command, { script, install });
  return install;
}

function readDependencyInstall(command: ShellCommand, script: ShellScript): DependencyInstall | null {
  const downloaded = downloadedInstaller(command, script);
  if (downloaded) return downloaded;
  const effective = effectiveCommand(command);
  if (effective === null) return null;
  const { program: manager, args } = effective;
  const parsed = argsOf(manager, command, args);
  const [sub, ...rest] = parsed.positionals;
  const subcommand = sub?.value ?? null;
  const found = (packages: string[]): DependencyInstall => ({
    command,
    manager,
    ecosystem: OS_MANAGERS.has(manager) ? 'os' : 'language',
    packages,
  });
  const asksForInformation = parsed.flags.has('version') || parsed.flags.has('v') || parsed.flags.has('help') || parsed.flags.has('h');

  switch (manager) {
    case 'pip':
      return subcommand === 'install' && !installsProjectOnly(parsed, rest) ? found(packageNames(rest)) : null;
    case 'uv': {
      if (subcommand === 'sync') return found([]);
      if (subcommand === 'add') return found(packageNames(rest));
      const [verb, ...targets] = rest;
      if (subcommand === 'pip' && verb?.value === 'sync') return found([]);
      if (subcommand === 'pip' && verb?.value === 'install') return installsProjectOnly(parsed, targets) ? null : found(packageNames(targets));
      if (subcommand === 'tool' && verb?.value === 'install') return found(packageNames(targets));
      return null;
    }
    case 'poetry':
      // `--only-root` installs the project alone, like `pip install --no-deps .`.
      return (subcommand === 'install' || subcommand === 'sync') && !parsed.flags.has('only-root') ? found([]) : null;
    case 'conda':
    case 'mamba':
    case 'micromamba': {
      if (subcommand === 'install' || subcommand === 'create') return found(packageNames(rest));
      if (subcommand === 'env' && (rest[0]?.value === 'create' || rest[0]?.value === 'update')) return found([]);
      return null;
    }
    case 'yarn':
      // Bare `yarn` installs; `yarn install`, `yarn add`, and Berry's `yarn workspaces focus` too.
      if ((subcommand === null && !asksForInformation) || subcommand === 'install' || subcommand === 'add') return found(packageNames(rest));
      if (subcommand === 'workspaces' && rest[0]?.value === 'focus') return found([]);
      return null;
    case 'bundle':
      return (subcommand === null && !asksForInformation) || subcommand === 'install' ? found([]) : null;
    case 'go':
      if (subcommand === 'mod' && rest[0]?.value === 'download') return found([]);
      return subcommand === 'get' ? found(packageNames(rest)) : null;
    case 'cargo':
      return subcommand === 'fetch' ? found([]) : null;
    case 'dpkg':
      return parsed.flags.has('i') || parsed.flags.has('install') ? found([]) : null;
    case 'rpm':
      return ['i', 'U', 'F', 'install', 'upgrade', 'freshen'].some((flag) => parsed.flags.has(flag)) ? found([]) : null;
    case 'apk': {
      if (subcommand !== 'add') return null;
      const group = parsed.flags.get('virtual') ?? parsed.flags.get('t');
      const install = found(packageNames(rest));
      return typeof group === 'string' ? { ...install, group } : install;
    }
    default: {
      const subcommands = INSTALL_SUBCOMMANDS[manager];
      if (!subcommands || subcommand === null || !subcommands.includes(subcommand)) return null;
      return found(packageNames(rest));
    }
  }
}

/** `pip install --no-deps .` / `-e .`: only the project itself, no requirement file, no dependency. */
function installsProjectOnly(parsed: ParsedArgs, targets: readonly ShellWord[]): boolean {
  if (!parsed.flags.has('no-deps') || parsed.flags.has('r') || parsed.flags.has('requirement')) return false;
  const editable = [parsed.flags.get('e'), parsed.flags.get('editable')].filter((value): value is string => typeof value === 'string');
  const all = [...literal(targets), ...editable];
  return all.length > 0 && targets.every((word) => word.value !== null) && all.every(isProjectPath);
}

/** Programs that run a script read from their standard input when piped into. */
const SCRIPT_READERS = new Set([...SHELLS, 'python']);

function within(inner: Range, outer: Range): boolean {
  const before = (a: Range['start'], b: Range['start']): boolean => a.line < b.line || (a.line === b.line && a.column <= b.column);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

/**
 * `curl … | sh`, `wget -qO- … | bash -s --`, `curl … | python3 -`, `sh -c "$(curl …)"`, `bash <(curl …)`:
 * running a downloaded installer. Reported on the download command.
 */
export function downloadedInstaller(command: ShellCommand, script: ShellScript): DependencyInstall | null {
  const program = command.program;
  if (program !== 'curl' && program !== 'wget') return null;
  const installer = (runner: string): DependencyInstall => ({ command, manager: `${program} | ${runner}`, ecosystem: 'language', packages: [] });
  const next = pipedInto(script, command);
  if (next?.program != null) {
    const runner = normalizeProgram(next.program);
    const readsStdin = next.args.every((arg) => arg.value?.startsWith('-') === true);
    if (SCRIPT_READERS.has(runner) && (SHELLS.has(runner) || readsStdin)) return installer(next.program);
  }
  // Inside a substitution: `bash <(curl …)`, or `sh -c "$(curl …)"` whose command name is the download.
  for (const outer of script.commands) {
    if (outer === command || !within(command.range, outer.range)) continue;
    const runsProcessSubstitution = outer.program !== null && SHELLS.has(outer.program) && outer.args.some((arg) => arg.raw.startsWith('<('));
    if (runsProcessSubstitution && outer.program !== null) return installer(outer.program);
    const runsSubstitution = outer.name === null && outer.wrappers.at(-1) === 'sh -c';
    if (runsSubstitution || outer.program === 'eval') return installer(outer.program ?? 'sh');
  }
  return null;
}

// ─── Package managers ────────────────────────────────────────────────────────

/** Sub-commands that remove packages or clean caches: running them is not using the package manager. */
const REMOVAL_SUBCOMMANDS = new Set(['purge', 'remove', 'autoremove', 'erase', 'del', 'uninstall', 'un', 'rm', 'r', 'unlink', 'clean', 'autoclean', 'dist-clean', 'distclean', 'prune', 'disable']);
const CLEANING_SUBCOMMANDS = new Set(['clean', 'autoclean', 'dist-clean', 'distclean', 'prune', 'autoremove', 'disable']);

/**
 * The package manager a command invokes, or `null`. Removing packages or cleaning caches
 * (`apt-get purge`, `npm uninstall -g npm`, `apk del`, `npm cache clean`) does not count; `dpkg` and
 * `rpm` count only when they install. With the script, downloaded installers (`curl … | sh`) and the
 * installs of `go` and `cargo` count too.
 */
export function packageManagerInvocation(command: ShellCommand, script?: ShellScript): string | null {
  const install = script === undefined ? null : dependencyInstall(command, script);
  if (install !== null) return install.manager;
  const effective = effectiveCommand(command);
  if (effective === null || !PACKAGE_MANAGERS.has(effective.program)) return null;
  const { program } = effective;
  if (program === 'dpkg' || program === 'rpm') return null;
  const parsed = argsOf(program, command, effective.args);
  const [sub, next] = parsed.positionals;
  if (sub?.value && REMOVAL_SUBCOMMANDS.has(sub.value)) return null;
  if (sub?.value === 'cache' && (next?.value === 'clean' || next?.value === 'purge' || next?.value === 'prune')) return null;
  return program;
}

/** Directories whose removal is cleaning a cache or metadata, not removing a program. */
const PROGRAM_PARENTS = new Set(['bin', 'sbin', 'node_modules', 'site-packages', 'dist-packages', 'opt']);

/** Package and file names of package managers → the managers they are. */
const MANAGER_NAMES: readonly (readonly [RegExp, readonly string[]])[] = [
  [/^npm$/, ['npm', 'npx']],
  [/^npx$/, ['npx']],
  [/^corepack$/, ['corepack']],
  [/^yarn(?:pkg)?(?:-v?[\d.]*\*?)?\*?$/, ['yarn']],
  [/^pnpm$|^pnpx$/, ['pnpm']],
  [/^pip(?:\d+(?:\.\d+)?)?\*?$|^pip-[\d.]+\.dist-info$/, ['pip']],
  [/^pipx$/, ['pipx']],
  [/^poetry$/, ['poetry']],
  [/^pipenv$/, ['pipenv']],
  [/^uvx?$/, ['uv']],
  [/^conda$/, ['conda']],
  [/^mamba$/, ['mamba']],
  [/^micromamba$/, ['micromamba']],
  [/^bunx?$/, ['bun']],
  [/^apt(?:-get)?\*?$/, ['apt']],
  [/^apk(?:-tools)?$/, ['apk']],
  [/^dnf$/, ['dnf']],
  [/^yum$/, ['yum']],
  [/^microdnf$/, ['microdnf']],
];

/** The managers a package or file name stands for: `python3-pip`, `py3-pip`, `pip3.11`, `npm@10` → pip, pip, pip, npm+npx. */
function managersNamed(name: string): string[] {
  const bare = name.replace(/^(?:python3?|py3)-/, '').replace(/(?<=.)[@=<>~!].*$/, '');
  return MANAGER_NAMES.find(([pattern]) => pattern.test(bare))?.[1].slice() ?? [];
}

/**
 * Managers a deleted path removes: the program (`…/bin/npm`, `/sbin/apk`) or its package
 * (`…/node_modules/npm`, `…/site-packages/pip*`, `/opt/yarn-v1.22.22`). All global node modules
 * (`/usr/local/lib/node_modules`) take npm, npx and corepack. Caches and metadata (`/root/.cache/pip`,
 * `/var/lib/apt/lists`) remove nothing.
 */
function managersOfPath(path: string): string[] {
  const segments = path.split('/').filter((segment) => segment !== '' && segment !== '.');
  const name = segments.at(-1);
  const parent = segments.at(-2);
  if (name === undefined) return [];
  if (name === 'node_modules' && parent === 'lib') return ['npm', 'npx', 'corepack'];
  if (parent === undefined || !PROGRAM_PARENTS.has(parent)) return [];
  const managers = managersNamed(name);
  // Only the package directory takes npx with npm; deleting the `bin/npm` link leaves `npx` working.
  return name === 'npm' && parent !== 'node_modules' ? ['npm'] : managers;
}

/**
 * Package managers a command removes: `rm -rf /usr/local/lib/node_modules/npm /usr/local/bin/npx`,
 * `npm uninstall -g npm`, `pip uninstall -y pip`, `apk del npm`, `apt-get purge python3-pip`.
 */
export function removedPackageManagers(command: ShellCommand): string[] {
  if (command.program === 'rm') {
    return [...new Set(literal(parseArgs(command).positionals).flatMap(managersOfPath))];
  }
  return [...new Set(removedPackages(command).flatMap(managersNamed))];
}

/**
 * Literal names of the packages a command removes: `apt-get purge -y gcc libc6-dev`, `apk del
 * .build-deps`, `dnf remove`, `pip uninstall`, `npm uninstall -g`. Cache cleaning removes nothing.
 */
export function removedPackages(command: ShellCommand): string[] {
  const effective = effectiveCommand(command);
  if (effective === null || !PACKAGE_MANAGERS.has(effective.program)) return [];
  const parsed = argsOf(effective.program, command, effective.args);
  if (effective.program === 'dpkg' || effective.program === 'rpm') {
    const removes = ['r', 'P', 'e', 'remove', 'purge', 'erase'].some((flag) => parsed.flags.has(flag));
    return removes ? literal(parsed.positionals) : [];
  }
  const [sub, ...rest] = parsed.positionals;
  if (!sub?.value || !REMOVAL_SUBCOMMANDS.has(sub.value) || CLEANING_SUBCOMMANDS.has(sub.value)) return [];
  return literal(rest);
}

/** Package managers an install provides: `apt-get install python3-pip` → pip, `npm i -g pnpm` → pnpm. */
export function providedPackageManagers(install: DependencyInstall): string[] {
  const provided = install.packages.flatMap(managersNamed).filter((manager) => !OS_MANAGERS.has(manager));
  if (install.command.program === 'curl' || install.command.program === 'wget') provided.push(...managersOfUrl(install.command));
  return [...new Set(provided)];
}

/** What well-known installer URLs install: `get.pnpm.io`, `astral.sh/uv`, `install.python-poetry.org`, `get-pip.py`, Miniconda. */
const INSTALLER_URLS: readonly (readonly [RegExp, string])[] = [
  [/pnpm/i, 'pnpm'],
  [/astral\.sh\/uv|\/uv\/install/i, 'uv'],
  [/poetry/i, 'poetry'],
  [/bun\.sh|\/bun\//i, 'bun'],
  [/get-pip/i, 'pip'],
  [/miniconda|miniforge|anaconda/i, 'conda'],
  [/micromamba/i, 'micromamba'],
  [/yarnpkg\.com\/install|yarn.*install\.sh/i, 'yarn'],
];

function managersOfUrl(command: ShellCommand): string[] {
  const urls = literal(command.args).filter((arg) => /^https?:\/\//.test(arg));
  return INSTALLER_URLS.flatMap(([pattern, manager]) => (urls.some((url) => pattern.test(url)) ? [manager] : []));
}

/**
 * Package managers a command puts into the image: those its install provides, and pip from
 * `python -m venv` (unless `--without-pip`), `python -m ensurepip` and `virtualenv` (unless
 * `--no-pip`), and yarn/pnpm shims from `corepack enable`.
 */
export function packageManagersProvidedBy(command: ShellCommand, script: ShellScript): string[] {
  const install = dependencyInstall(command, script);
  if (install !== null) return providedPackageManagers(install);
  if (command.program === null) return [];
  const program = normalizeProgram(command.program);
  if (program === 'python' || program === 'pypy') {
    const module = pythonModule(command.args);
    if (module?.module === 'ensurepip') return ['pip'];
    if (module?.module === 'venv' && !literal(module.args).includes('--without-pip')) return ['pip'];
    return [];
  }
  if (program === 'virtualenv') return literal(command.args).includes('--no-pip') ? [] : ['pip'];
  if (program === 'corepack') {
    const { positionals } = parseArgs(command, ['install-directory']);
    if (positionals[0]?.value !== 'enable') return [];
    const named = literal(positionals.slice(1)).filter((name) => name === 'yarn' || name === 'pnpm');
    return named.length > 0 ? named : ['yarn', 'pnpm'];
  }
  return [];
}

// ─── Build tools ─────────────────────────────────────────────────────────────

/**
 * Compilers and toolchains, by package name. `*-dev`/`*-devel` headers count: they exist to compile
 * against. CUDA toolkits (`cuda-nvcc-*`, `cuda-toolkit-*`) count; CUDA runtime libraries do not.
 * Versioned names (`gcc-12`, `clang-15`, `golang-1.21-go`) count like the plain ones.
 */
const BUILD_TOOL_PACKAGE = new RegExp(
  '^(?:' +
    [
      '(?:gcc|g\\+\\+|c\\+\\+|cpp|clang|llvm|gfortran|golang)(?:-[\\d.]+)?',
      'cc',
      'make',
      'cmake',
      'ninja(?:-build)?',
      'meson',
      'build-essential',
      'build-base',
      'alpine-sdk',
      'autoconf',
      'automake',
      'libtool(?:-bin)?',
      'pkg-?config',
      'pkgconf',
      'binutils',
      'cython3?',
      'nasm',
      'yasm',
      'bison',
      'flex',
      'swig',
      'rustc',
      'cargo',
      'rust',
      'go',
      'golang(?:-[\\d.]+)?-go',
      '(?:linux|kernel)-headers',
      'cuda-(?:nvcc|toolkit|compiler)(?:-[\\w.-]+)?',
      'nvidia-cuda-toolkit',
      'devtoolset-\\d+',
      'gcc-c\\+\\+',
      '[\\w.+-]+-(?:dev|devel)',
    ].join('|') +
    ')$',
);

/** Strips version pins: `gcc=4:12.2`, `cmake~=3.27`, `g++@12`, `cmake>=3.27`. */
function bareName(name: string): string {
  return name.replace(/(?<=.)[=<>~!@].*$/, '').replace(/:\w+$/, '');
}

export function isBuildToolPackage(name: string): boolean {
  return BUILD_TOOL_PACKAGE.test(bareName(name).toLowerCase());
}

/** Build tools an install puts into the image (packages matching the build-tool vocabulary). */
export function installedBuildTools(install: DependencyInstall): string[] {
  return install.packages.filter(isBuildToolPackage);
}

const BUILD_TOOL_PROGRAMS = new Set(['gcc', 'g++', 'cc', 'c++', 'clang', 'clang++', 'gfortran', 'make', 'cmake', 'ninja', 'nvcc', 'rustc', 'cargo', 'go', 'cython', 'meson', 'autoconf', 'automake', 'libtool']);

/** Is the command itself a compiler or build tool run (`make -j4`, `gcc -o x x.c`, `go build`)? */
export function isBuildToolRun(command: ShellCommand): boolean {
  return command.program !== null && BUILD_TOOL_PROGRAMS.has(command.program.replace(/-[\d.]+$/, ''));
}

/** The dependency installs an instruction runs, in order. */
export function installsOf(instruction: InstructionBase & CommandLine): DependencyInstall[] {
  const script = instructionScript(instruction);
  if (script === null) return [];
  return script.commands.flatMap((command) => dependencyInstall(command, script) ?? []);
}

/**
 * An install's flags and positionals, read with its package manager's value flags (`python -m pip`
 * seen through): `pip install -r requirements.txt` → flag `r` = `requirements.txt`.
 */
export function installArguments(install: DependencyInstall): ParsedArgs {
  const effective = effectiveCommand(install.command);
  if (effective === null) return parseArgs(install.command);
  return argsOf(effective.program, install.command, effective.args);
}

// ─── Package-manager commands ────────────────────────────────────────────────

/** A package manager's command read with its value flags: `apt-get -y install curl` → `apt-get`, `install`, flag `y`. */
export interface PackageCommand {
  command: ShellCommand;
  /** As `DependencyInstall.manager` names it: `apt-get`, `apk`, `pip` (also for `python -m pip`). */
  manager: string;
  subcommand: ShellWord | null;
  args: ParsedArgs;
  /** The positionals after the sub-command (packages, files, further verbs). */
  operands: ShellWord[];
}

/** The command as a package-manager command, or `null` when it runs no package manager. */
export function packageCommand(command: ShellCommand): PackageCommand | null {
  const effective = effectiveCommand(command);
  if (effective === null || !PACKAGE_MANAGERS.has(effective.program)) return null;
  const args = argsOf(effective.program, command, effective.args);
  const [subcommand, ...operands] = args.positionals;
  return { command, manager: effective.program, subcommand: subcommand ?? null, args, operands };
}

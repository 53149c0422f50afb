/**
 * What a command line runs: its shell commands (or its exec-form argv), the repository scripts among
 * them (`./install.sh`, `bash scripts/setup.sh`, `. ./env.sh`, a name found on PATH) followed into the
 * repository through the image's files and through nested script calls, and the dependency installs
 * met on the way. Also: which command lines run when a container starts.
 */
import { posix } from 'node:path';
import type {
  CommandInstruction,
  CommandLine,
  DockerfileDoc,
  Project,
  ResolvedService,
  ScriptDoc,
  ShellCommand,
  ShellScript,
  ShellWord,
} from '../project/model.js';
import { basename, shellInvocation, SHELLS, stripInit, type Token, unwrapCommand } from '../project/shell-wrappers.js';
import type { Location, Range, SourceFile } from '../source.js';
import { dependencyInstall, type DependencyInstall } from './commands.js';
import { absolutePath, composeBindMounts, type ImageFiles, type ImageView } from './image-files.js';

/** Nested script calls deeper than this are not followed (only a pathological repository gets there). */
const MAX_SCRIPT_DEPTH = 16;

/**
 * The commands of a command line. The exec form without a shell becomes one command, with wrappers
 * such as `exec`, `gosu` or `sudo` seen through, located at its words (`wordRanges`, one per argv
 * entry) or else at `whole`.
 */
export function lineScript(line: CommandLine, wordRanges: readonly Range[] | null, whole: Range): ShellScript {
  if (line.shell !== null || line.exec === null) return line.shell ?? { commands: [], assignments: [], errors: [], comments: [] };
  const argv = line.exec;
  const ranges = wordRanges !== null && wordRanges.length === argv.length ? wordRanges : null;
  const tokens = argv.map((value, index): Token => ({ value, start: index, end: index + 1, type: 'word', nodeId: null }));
  const unwrapped = unwrapCommand(stripInit(tokens));
  const [name, ...args] = unwrapped.words;
  if (name === undefined) return { commands: [], assignments: [], errors: [], comments: [] };
  const rangeOf = (token: Token): Range => ranges?.[token.start] ?? whole;
  const last = unwrapped.words.at(-1) ?? name;
  const word = (token: Token): ShellWord => ({ value: token.value, raw: token.value ?? '', range: rangeOf(token), expansions: [] });
  const command: ShellCommand = {
    name: name.value,
    program: name.value === null ? null : basename(name.value),
    args: args.map(word),
    wrappers: unwrapped.wrappers,
    range: ranges === null ? whole : { start: rangeOf(name).start, end: rangeOf(last).end },
    pipeline: null,
    inFunction: null,
    words: tokens.map(word),
    tested: false,
    shellOptions: [],
  };
  return { commands: [command], assignments: [], errors: [], comments: [] };
}

/**
 * The command a prefix runs: `$SUDO apt-get install x` (a variable used as a wrapper), or
 * `as_root apt-get install x` where the script's function `as_root` runs `"$@"`. Located at the call.
 */
function seenThrough(command: ShellCommand, wrapper: string): ShellCommand | null {
  const words = command.args;
  const unwrapped = unwrapCommand(words.map((word, index): Token => ({ value: word.value, start: index, end: index + 1, type: 'word', nodeId: null })));
  const [name, ...rest] = unwrapped.words;
  if (unwrapped.kind !== 'command' || name?.value === null || name?.value === undefined) return null;
  return {
    ...command,
    name: name.value,
    program: basename(name.value),
    args: rest.flatMap((token) => words.slice(token.start, token.start + 1)),
    wrappers: [...command.wrappers, wrapper, ...unwrapped.wrappers],
  };
}

/** Functions of a script that run their arguments as a command (`as_root() { sudo "$@"; }`). */
function argumentRunningFunctions(shell: ShellScript, source: SourceFile): Set<string> {
  const names = new Set<string>();
  for (const command of shell.commands) {
    if (command.inFunction === null || command.name !== null || command.args.some((arg) => arg.raw.includes('$@') || arg.raw.includes('${@'))) continue;
    const text = source.text.slice(source.offsetAt(command.range.start), source.offsetAt(command.range.end));
    if (/(?:^|\s)"?\$(?:@|\{@\})"?(?:\s|$)/.test(text)) names.add(command.inFunction);
  }
  return names;
}

/**
 * The dependency installs of a script: its commands, and the commands run through a variable
 * (`$SUDO apt-get install`) or through one of its functions that runs `"$@"` (`source` given).
 */
export function installsIn(shell: ShellScript, source: SourceFile | null): DependencyInstall[] {
  const runners = source === null ? new Set<string>() : argumentRunningFunctions(shell, source);
  const installs: DependencyInstall[] = [];
  for (const command of shell.commands) {
    let install = dependencyInstall(command, shell);
    if (install === null && (command.name === null || runners.has(command.name))) {
      const inner = seenThrough(command, command.name ?? '$…');
      install = inner === null ? null : dependencyInstall(inner, shell);
    }
    if (install !== null) installs.push(install);
  }
  return installs;
}

/** A script a command runs, as written, and where to look for it. */
export interface ScriptCall {
  path: string;
  /** `path`: a name looked up on PATH; `cwd`: relative to the working directory; `both`: cwd first, then PATH (`bash x.sh`, `. x.sh`). */
  lookup: 'path' | 'cwd' | 'both';
}

/** The script a command runs: `./x.sh`, `/app/x.sh`, `bash -e x.sh`, `. ./env.sh`, `source env.sh`, or a bare name (on PATH). */
export function scriptCall(command: ShellCommand): ScriptCall | null {
  const { name, program } = command;
  if (name === null || program === null) return null;
  if (SHELLS.has(program)) {
    const words = [name, ...command.args.map((arg) => arg.value)].map((value): Token => ({ value, start: 0, end: 0, type: 'word', nodeId: null }));
    const invocation = shellInvocation(words);
    const operand = invocation.operands[0]?.value;
    if (invocation.command || invocation.stdin || operand === undefined || operand === null) return null;
    return { path: operand, lookup: operand.includes('/') ? 'cwd' : 'both' };
  }
  if (name === '.' || name === 'source') {
    const operand = command.args[0]?.value;
    if (operand === undefined || operand === null) return null;
    return { path: operand, lookup: operand.includes('/') ? 'cwd' : 'both' };
  }
  return { path: name, lookup: name.includes('/') ? 'cwd' : 'path' };
}

/** The repository script a call runs inside an image, from the working directory `cwd` (`null`: unknown). */
export function resolveScript(project: Project, call: ScriptCall, view: ImageView, cwd: string | null = view.workdir): ScriptDoc | null {
  if (!view.mayHoldScript(posix.basename(call.path))) return null;
  const candidates: string[] = [];
  if (call.lookup !== 'path') {
    const local = absolutePath(call.path, cwd);
    if (local !== null) candidates.push(local);
  }
  if (call.lookup !== 'cwd') candidates.push(...view.path.map((dir) => posix.join(dir, call.path)));
  for (const candidate of candidates) {
    const file = view.repoFile(candidate);
    const doc = file === null ? undefined : project.document(file);
    if (doc?.kind === 'script') return doc;
  }
  return null;
}

/** A dependency install in a repository script. */
export interface ScriptInstall {
  script: ScriptDoc;
  install: DependencyInstall;
}

/** A repository script that a command runs, with every install it (and the scripts it calls) performs. */
export interface ScriptRun {
  command: ShellCommand;
  script: ScriptDoc;
  installs: ScriptInstall[];
  /** Every script reached: this one and those it calls, transitively. */
  reached: ScriptDoc[];
}

/**
 * The working directory after a `cd` (a literal one; `null` when it cannot be known). A `cd` in a
 * function or a pipeline changes nothing outside it; one in a subshell is taken as if it did.
 */
function afterCd(command: ShellCommand, cwd: string | null): string | null {
  if (command.program !== 'cd' || command.wrappers.length > 0 || command.pipeline !== null || command.inFunction !== null) return cwd;
  const target = command.args.find((arg) => arg.value === null || !arg.value.startsWith('-') || arg.value === '-');
  if (target === undefined || target.value === null || target.value === '-') return null;
  return absolutePath(target.value, cwd);
}

/** The repository scripts the commands of `script` run inside the image `view`, following `cd`. */
export function scriptRuns(project: Project, script: ShellScript, view: ImageView): ScriptRun[] {
  const runs: ScriptRun[] = [];
  let cwd = view.workdir;
  for (const command of script.commands) {
    cwd = afterCd(command, cwd);
    const call = scriptCall(command);
    const doc = call === null ? null : resolveScript(project, call, view, cwd);
    if (doc === null) continue;
    const installs: ScriptInstall[] = [];
    const reached: ScriptDoc[] = [];
    collect(project, doc, view, cwd, installs, reached, 0);
    runs.push({ command, script: doc, installs, reached });
  }
  return runs;
}

function collect(project: Project, doc: ScriptDoc, view: ImageView, startCwd: string | null, installs: ScriptInstall[], reached: ScriptDoc[], depth: number): void {
  if (reached.includes(doc) || depth > MAX_SCRIPT_DEPTH) return;
  reached.push(doc);
  for (const install of installsIn(doc.shell, doc.source)) installs.push({ script: doc, install });
  let cwd = startCwd;
  for (const command of doc.shell.commands) {
    cwd = afterCd(command, cwd);
    const call = scriptCall(command);
    const called = call === null ? null : resolveScript(project, call, view, cwd);
    if (called !== null) collect(project, called, view, cwd, installs, reached, depth + 1);
  }
}

// ─── Container start ─────────────────────────────────────────────────────────

/** A command line that runs when a container starts. */
export interface StartupLine {
  /** Where it comes from: `CMD`, `ENTRYPOINT`, or a compose service's `command`/`entrypoint`. */
  origin:
    | { kind: 'dockerfile'; keyword: 'CMD' | 'ENTRYPOINT'; dockerfile: DockerfileDoc; instruction: CommandInstruction }
    | { kind: 'compose'; key: 'command' | 'entrypoint'; service: ResolvedService };
  script: ShellScript;
  location: Location;
  /** The image the container runs, with the service's bind mounts; `null` when nothing is known of it. */
  view: ImageView | null;
}

/**
 * Every command line that starts a container: for each compose service, its `entrypoint`/`command`
 * or else those of its image (as Docker combines them: a compose `entrypoint` drops the image's CMD);
 * for each image the project builds (a Dockerfile's last stage, a target named in the config or by a
 * service), its CMD and ENTRYPOINT, inherited ones included.
 */
export function startupLines(project: Project, images: ImageFiles): readonly StartupLine[] {
  // Two rules ask; the lines are made once per project (its ImageFiles).
  const known = startupLinesByImages.get(images);
  if (known?.project === project) return known.lines;
  const lines = collectStartupLines(project, images);
  startupLinesByImages.set(images, { project, lines });
  return lines;
}

const startupLinesByImages = new WeakMap<ImageFiles, { project: Project; lines: readonly StartupLine[] }>();

function collectStartupLines(project: Project, images: ImageFiles): StartupLine[] {
  const lines: StartupLine[] = [];
  const fromInstruction = (keyword: 'CMD' | 'ENTRYPOINT', start: { dockerfile: DockerfileDoc; instruction: CommandInstruction } | null, view: ImageView | null): void => {
    if (start === null) return;
    const { dockerfile, instruction } = start;
    const location = { file: dockerfile.source.path, range: instruction.range };
    const wordRanges = instruction.exec === null ? null : instruction.args.map((word) => word.range);
    lines.push({ origin: { kind: 'dockerfile', keyword, dockerfile, instruction }, script: lineScript(instruction, wordRanges, instruction.range), location, view });
  };

  for (const resolved of project.services) {
    const image = images.serviceView(resolved);
    const view = image?.view ?? images.mountedView(composeBindMounts(resolved));
    const start = image === null ? null : images.startCommands(image.dockerfile, image.stage, image.context);
    const { service, entrypointLine, commandLine } = resolved;
    if (entrypointLine !== null && service.entrypoint !== null) {
      lines.push({ origin: { kind: 'compose', key: 'entrypoint', service: resolved }, script: lineScript(entrypointLine, null, service.entrypoint.location.range), location: service.entrypoint.location, view });
    } else {
      fromInstruction('ENTRYPOINT', start?.entrypoint ?? null, view);
    }
    if (commandLine !== null && service.command !== null) {
      lines.push({ origin: { kind: 'compose', key: 'command', service: resolved }, script: lineScript(commandLine, null, service.command.location.range), location: service.command.location, view });
    } else if (entrypointLine === null) {
      fromInstruction('CMD', start?.cmd ?? null, view);
    }
  }

  const stages = new Set<string>();
  const imageStages = [
    ...project.dockerfiles.flatMap((dockerfile) => {
      const last = dockerfile.stages.at(-1);
      return last === undefined ? [] : [{ dockerfile, stage: last }];
    }),
    ...project.graph.producers.map((producer) => ({ dockerfile: producer.dockerfile, stage: producer.stage })),
  ];
  for (const { dockerfile, stage } of imageStages) {
    const key = `${dockerfile.source.path}#${stage.index}`;
    if (stages.has(key)) continue;
    stages.add(key);
    const [context] = project.contextsOf(dockerfile);
    if (context === undefined) continue;
    const start = images.startCommands(dockerfile, stage, context);
    const view = images.viewAfter(dockerfile, stage, context);
    fromInstruction('ENTRYPOINT', start.entrypoint, view);
    fromInstruction('CMD', start.cmd, view);
  }
  return lines;
}

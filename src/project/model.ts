/**
 * The project model: every file of the linted repository parsed once, and the relations between
 * them. Rules receive a `Project` and never read files themselves.
 */
import type { ProjectSettings } from '../config/settings.js';
import type { Comment, Location, Range, SourceFile } from '../source.js';

export type DocumentKind = 'dockerfile' | 'compose' | 'dockerignore' | 'script' | 'env' | 'makefile';

/** A problem met while reading or parsing a file; becomes a `parse-error` finding. */
export interface ParseProblem {
  location: Location;
  message: string;
}

interface DocumentBase {
  source: SourceFile;
  /** Every `#` comment, for inline suppression directives. */
  comments: Comment[];
}

// ─── Shell ───────────────────────────────────────────────────────────────────

/** A word of a shell command. */
export interface ShellWord {
  /** The literal value after quote removal, or `null` when it contains an expansion (`$X`, `$(…)`). */
  value: string | null;
  /** As written. */
  raw: string;
  range: Range;
  /** The expansions written in the word itself (not those inside a `$(…)` of it), in order; none in exec form. */
  expansions: ShellExpansion[];
}

/** A `$…` expansion in a shell word. */
export interface ShellExpansion {
  /**
   * The parameter expanded: `x` for `$x` and `${x:-y}`, `1`, `@`, `a[@]`, `!a[@]` (its keys); `null` when
   * the result is no parameter's value: `$(…)`, backticks, `$((…))`, `${#x}`, `${x:+word}` (the word).
   */
  parameter: string | null;
  /** Inside double quotes, where the result is neither split into words nor globbed. */
  quoted: boolean;
  /** As written (`${a[@]}`). */
  raw: string;
  range: Range;
}

/** One simple command, with wrappers such as `sudo`, `env X=1`, `xargs`, `sh -c` seen through. */
export interface ShellCommand {
  /** The command name as written after unwrapping (`apt-get`, `/usr/bin/pip3`); `null` if dynamic. */
  name: string | null;
  /** Basename of `name` (`pip3`). */
  program: string | null;
  /** Arguments after the name. */
  args: ShellWord[];
  /** Wrappers seen through, outermost first (`['sudo', 'env']`, `['sh -c']`). */
  wrappers: string[];
  range: Range;
  /** Position in its pipeline; commands of one pipeline share `id`. `null` outside a pipeline. */
  pipeline: { id: number; index: number; length: number } | null;
  /** The function whose body holds the command, if any. */
  inFunction: string | null;
  /** Every word as written, wrappers (`sudo`, `exec`) and the name included; the script of `sh -c` is not a word here. */
  words: ShellWord[];
  /**
   * Its exit status is tested, as ShellCheck reads a condition: it is (inside) the left side of `&&` or
   * `||`, or the last command of an `if`, `elif`, `while` or `until` condition.
   */
  tested: boolean;
  /**
   * Shell options set from outside by the shell that runs it: `bash -o pipefail -c '…'` gives `pipefail`,
   * `sh -e <<EOF` and a `#!/bin/sh -e` script give `errexit`. `set` commands are commands of their own.
   */
  shellOptions: string[];
}

/**
 * A variable assignment: a statement of its own (`NAME=value`), before a command (`NAME=value cmd`),
 * in a declaration (`export NAME=value`, `local`, `declare -x`, `readonly`), or passed by `env`/`sudo`.
 */
export interface ShellAssignment {
  name: string;
  /** The literal value after quote removal (`''` for `NAME=`), or `null` when it contains an expansion. */
  value: string | null;
  /** `NAME=value` as written. */
  range: Range;
  /** The value as written (an empty range right after `=` for `NAME=`). */
  valueRange: Range;
  /**
   * How it is made: `null` for a statement of its own, `command` for a prefix of a command, the
   * declaration keyword (`export`, `declare`, `local`, `readonly`, `typeset`), or the wrapper (`env`, `sudo`).
   */
  via: string | null;
}

export interface ShellScript {
  /** Every simple command of the script in source order, including those in functions, conditions, loops and substitutions. */
  commands: ShellCommand[];
  /** Every variable assignment, in source order, including those in `sh -c` scripts. */
  assignments: ShellAssignment[];
  /** Syntax errors, with positions. */
  errors: ParseProblem[];
  /** `#` comments of the script itself (not of `sh -c` strings it runs). */
  comments: Comment[];
}

// ─── Dockerfile ──────────────────────────────────────────────────────────────

/** A word of an instruction as written (quotes kept in `raw`), with its unquoted value. */
export interface Word {
  raw: string;
  value: string;
  range: Range;
}

export interface Flag {
  /** Name without dashes, e.g. `mount`, `from`, `chown`. */
  name: string;
  /** `null` for a valueless flag such as `--link`. */
  value: string | null;
  range: Range;
  /**
   * `--mount=type=cache,dst=/x` → `{ type: 'cache', target: '/x' }`: a mount's fields as BuildKit reads
   * them (run-mount.ts `mountOptions`: aliases resolved, `type` defaulting to `bind`); other flags'
   * `key=value` options as written.
   */
  options: Record<string, string>;
}

export interface Heredoc {
  name: string;
  /** The body, exactly as in the file. */
  content: string;
  contentRange: Range;
}

/** A parsed image reference (`[registry[:port]/]path[:tag][@digest]`). */
export interface ImageRef {
  /** As written, after ARG substitution. */
  text: string;
  registry: string | null;
  /** Repository path without registry, e.g. `library/node` is kept as written: `node`. */
  path: string;
  tag: string | null;
  digest: string | null;
  /** True when the reference cannot be judged: unresolved `$VAR`s remain, or the FROM names no image. */
  dynamic: boolean;
}

/** The instructions BuildKit knows; a file with any other keyword does not build (a parse problem, not an instruction). */
export const KEYWORDS = [
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER',
  'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
] as const;
export type Keyword = (typeof KEYWORDS)[number];

export function isKeyword(word: string): word is Keyword {
  return (KEYWORDS as readonly string[]).includes(word);
}

export interface InstructionBase {
  /** Upper-case keyword, e.g. `RUN`; it narrows `Instruction` to the instruction's own type. */
  keyword: Keyword;
  range: Range;
  keywordRange: Range;
  /** Arguments as words (flags excluded). */
  args: Word[];
  flags: Flag[];
  /** Index of the stage this instruction belongs to; -1 before the first FROM. */
  stageIndex: number;
}

export interface FromInstruction extends InstructionBase {
  keyword: 'FROM';
  image: ImageRef;
  imageRange: Range;
  /** `AS name`, lower-cased as Docker compares stage names case-insensitively. */
  stageName: string | null;
  stageNameRange: Range | null;
  platform: string | null;
}

/** A command to run: shell form (parsed script) or exec form (argv). */
export interface CommandLine {
  /** Exec (JSON) form argv, or `null` for shell form. */
  exec: string[] | null;
  /** Shell form parsed; also set for exec form `["sh", "-c", "…"]`. `null` for a non-POSIX shell. */
  shell: ShellScript | null;
  /** The command text as the shell or runtime sees it (continuations joined, comment lines removed). */
  text: string;
}

export interface RunInstruction extends InstructionBase, CommandLine {
  keyword: 'RUN';
  heredocs: Heredoc[];
}

export interface CopyInstruction extends InstructionBase {
  keyword: 'COPY' | 'ADD';
  /** Sources (not heredocs), unquoted. */
  sources: Word[];
  destination: Word | null;
  /** `--from` value: a stage name/index or an image reference; `null` means the build context. */
  from: string | null;
  heredocs: Heredoc[];
}

export interface CommandInstruction extends InstructionBase, CommandLine {
  keyword: 'CMD' | 'ENTRYPOINT';
}

export interface KeyValue {
  name: string;
  /** `null` for `ARG NAME` without a default. */
  value: string | null;
  range: Range;
  nameRange: Range;
}

export interface KeyValueInstruction extends InstructionBase {
  keyword: 'ARG' | 'ENV' | 'LABEL';
  properties: KeyValue[];
}

/** Every other keyword (WORKDIR, USER, EXPOSE, …): its words and flags. */
export interface OtherInstruction extends InstructionBase {
  keyword: Exclude<Keyword, keyof InstructionByKeyword>;
}

export type Instruction =
  | FromInstruction
  | RunInstruction
  | CopyInstruction
  | CommandInstruction
  | KeyValueInstruction
  | OtherInstruction;

/** The type the loader builds for each keyword that has one of its own; every other keyword is an `OtherInstruction`. */
export interface InstructionByKeyword {
  FROM: FromInstruction;
  RUN: RunInstruction;
  COPY: CopyInstruction;
  ADD: CopyInstruction;
  CMD: CommandInstruction;
  ENTRYPOINT: CommandInstruction;
  ARG: KeyValueInstruction;
  ENV: KeyValueInstruction;
  LABEL: KeyValueInstruction;
}

/**
 * Narrows an instruction by one to three keywords: `isInstruction(instruction, 'COPY', 'ADD')` is a
 * `CopyInstruction` (comparing `keyword` narrows too, one keyword at a time). Fixed parameters, not a
 * rest array: rules call it for every instruction, and each call would allocate one.
 */
export function isInstruction<K extends keyof InstructionByKeyword>(instruction: Instruction, first: K, second?: K, third?: K): instruction is InstructionByKeyword[K] {
  const { keyword } = instruction;
  return keyword === first || keyword === second || keyword === third;
}

export interface Stage {
  index: number;
  /** Lower-cased `AS` name, or `null`. */
  name: string | null;
  from: FromInstruction;
  /** The stage's instructions after its FROM, in order. */
  instructions: Instruction[];
}

export interface DockerfileDoc extends DocumentBase {
  kind: 'dockerfile';
  /** Every instruction in file order, including FROMs and global ARGs. */
  instructions: Instruction[];
  /** ARGs before the first FROM. */
  globalArgs: KeyValue[];
  stages: Stage[];
  problems: ParseProblem[];
}

// ─── Compose ─────────────────────────────────────────────────────────────────

/** A value from YAML with where it was written. */
export interface Sourced<T> {
  value: T;
  location: Location;
}

/**
 * A compose string after `${VAR}` interpolation from the project's `.env`. `resolved` is `null` when a
 * variable could not be resolved: such values are unknown, and rules must not guess.
 */
export interface ComposeString extends Sourced<string> {
  resolved: string | null;
}

export interface ComposeBuild {
  location: Location;
  /** Context as written; `.` when omitted (then `location` is the `build` key). */
  context: ComposeString;
  dockerfile: ComposeString | null;
  dockerfileInline: Sourced<string> | null;
  target: ComposeString | null;
  args: Map<string, Sourced<string | null>>;
  additionalContexts: Map<string, ComposeString>;
}

export interface DeviceReservation {
  location: Location;
  driver: ComposeString | null;
  count: Sourced<string | number> | null;
  deviceIds: Sourced<string[]> | null;
  capabilities: Sourced<string[]> | null;
}

export interface ComposeService {
  name: string;
  /** The compose file where the service is (last) defined, and its key. */
  location: Location;
  image: ComposeString | null;
  build: ComposeBuild | null;
  devices: DeviceReservation[];
  /** `runtime:` (legacy `nvidia`). */
  runtime: ComposeString | null;
  /** `gpus:` shorthand. */
  gpus: Sourced<unknown> | null;
  environment: Map<string, Sourced<string | null>>;
  command: Sourced<string | string[]> | null;
  entrypoint: Sourced<string | string[]> | null;
  volumes: ComposeVolume[];
  profiles: string[];
  containerName: ComposeString | null;
  /** `privileged:` as written (`true`, `false`, or a `${VAR}`). */
  privileged: ComposeString | null;
  restart: ComposeString | null;
  /** Where `deploy.restart_policy` is set (Swarm's restart setting), or `null`. */
  restartPolicy: Location | null;
  ports: ComposePort[];
  /** `depends_on` service names, short (list) or long (mapping) form, each located at its name. */
  dependsOn: Sourced<string>[];
  envFiles: ComposeEnvFile[];
}

/** A published port, short (`"127.0.0.1:8080:80/tcp"`) or long form (`{target, published, host_ip, protocol}`). */
export interface ComposePort {
  location: Location;
  /** The short form as written, or `null` for the long form. */
  written: string | null;
  /** A short form written as a plain (unquoted) YAML scalar. */
  plain: boolean;
  /** Interpolated; `null` when unknown or not given. */
  hostIp: string | null;
  /** The host port or range (`8080`, `8000-8010`), interpolated; `null` when none is published or unknown. */
  published: string | null;
  /** The container port or range, interpolated; `null` when unknown. */
  target: string | null;
  /** `tcp` unless written otherwise. */
  protocol: string;
}

/** An `env_file` entry: `path` interpolated; `required: false` (long form) lets the file be missing. */
export interface ComposeEnvFile {
  path: ComposeString;
  required: boolean;
}

/** A service volume, short (`./scripts:/app/scripts:ro`) or long form (`{type: bind, source, target}`). */
export interface ComposeVolume {
  location: Location;
  /** The host path of a bind mount, interpolated; `null` for a named or anonymous volume, or when unknown. */
  hostPath: string | null;
  /** The mount path in the container, interpolated; `null` when unknown. */
  target: string | null;
}

/** One YAML document of a compose file: its plain data, and where each value of it is written. */
export interface ComposeLayer {
  /** As `ComposeDoc.data`, for this document. */
  data: unknown;
  /** As `ComposeDoc.locate`, in this document. */
  locate: (path: readonly (string | number)[], part?: 'key' | 'value') => Location;
}

export interface ComposeDoc extends DocumentBase {
  kind: 'compose';
  /** Services defined in this file (before merging overrides). */
  services: ComposeService[];
  /**
   * `include:` paths (short form, and each `path:` of the long form). `resolved` is interpolated;
   * `resolveIncludePath` (compose-merge.ts) makes it repo-relative.
   */
  includes: ComposeString[];
  /** Every string scalar in the file, for rules that scan all values. */
  strings: Sourced<string>[];
  /**
   * Each non-empty YAML document of the file, in order: Compose reads a file of several documents
   * (`---`) as layers, each over the ones before, as it reads override files. `services`, `includes` and
   * `strings` are of all of them; `data` and `locate` are the first's (most files hold one).
   */
  layers: ComposeLayer[];
  /**
   * The file as plain data, as Compose validates it: merge keys applied, aliases expanded, `!reset`
   * entries dropped, scalars typed by YAML 1.2 (`3.8` is a number). `undefined` when the YAML is broken
   * (a syntax error, an unknown anchor, an alias bomb, or a top level that is not a mapping).
   */
  data: unknown;
  /**
   * Where the value at `path` into `data` is written, or with `part: 'key'` its mapping key (a
   * sequence item has no key: its value). A path that goes further than the file gives the location of
   * the deepest part that exists; the empty path gives the top-level node.
   */
  locate(path: readonly (string | number)[], part?: 'key' | 'value'): Location;
  problems: ParseProblem[];
}

// ─── .dockerignore ───────────────────────────────────────────────────────────

export interface DockerignorePattern {
  /** The line as written, trimmed. */
  text: string;
  negated: boolean;
  location: Location;
  /** Why Docker would reject the pattern, or `null`. */
  invalid: string | null;
}

export interface DockerignoreMatcher {
  /** Docker's decision for a context-relative, `/`-separated path. */
  ignores(path: string): boolean;
  /** The last pattern that matches the path (and so decides it), or `null`. */
  decidingPattern(path: string): DockerignorePattern | null;
}

export interface DockerignoreDoc extends DocumentBase {
  kind: 'dockerignore';
  patterns: DockerignorePattern[];
  /** Docker's own decision for a context-relative path. */
  matcher: DockerignoreMatcher;
}

// ─── Build contexts ──────────────────────────────────────────────────────────

/**
 * A directory sent to the builder, filtered by its ignore file: what a build's COPY/ADD sources and bind
 * mounts read. Made once per directory and ignore file by the loader (build-context.ts), and the one
 * answer to "what does this COPY send?". Paths are context-relative and `/`-separated (`''` is the root).
 */
export interface BuildContext {
  /** Repo-relative directory (`''` for the repository root). */
  dir: string;
  /** The ignore file Docker uses for the build, or `null` when there is none. */
  dockerignore: DockerignoreDoc | null;
  /**
   * Where a build names it: the compose `build.context` (or `build`) value, or, for `docker build` of a
   * Dockerfile's own directory, the Dockerfile's first FROM.
   */
  origin: Location;
  /** Is the path in the context (file or directory, from the discovery walk)? */
  has(path: string): boolean;
  isDirectory(path: string): boolean;
  /**
   * The entries a clean source (see `contextPath`) names: the path itself when it exists, or every entry
   * its wildcards match, one segment at a time as Go's `filepath.Match` (no `**`, no braces). The ignore
   * file is not applied.
   */
  resolve(source: string): string[];
  /**
   * What copying an entry copies, lazily and in path order: the entry itself when nothing is below it (a
   * file, an empty directory, or one the discovery walk did not enter), else the leaves below it. The
   * ignore file is not applied.
   */
  walkLeaves(path: string): Iterable<string>;
  /** Does the ignore file let the path through to the builder? */
  sends(path: string): boolean;
  /** What a COPY of this source (as written) sends: the leaves of what it names that the ignore file lets through, sorted. */
  copiedBy(source: string): string[];
}

// ─── Shell scripts and env files ─────────────────────────────────────────────

export interface ScriptDoc extends DocumentBase {
  kind: 'script';
  shell: ShellScript;
}

export interface EnvEntry {
  name: string;
  /**
   * The value Compose would use: quotes removed, escapes and `${VAR}` references (to earlier entries)
   * expanded. `null` when unknown: `KEY` without `=` (taken from the shell), or a reference to a
   * variable the file does not define.
   */
  value: string | null;
  /** The whole entry, from `export` or the name to the end of the value. */
  location: Location;
  /** The value as written, quotes included (empty range after `=` for an empty value). */
  valueLocation: Location;
}

export interface EnvDoc extends DocumentBase {
  kind: 'env';
  entries: EnvEntry[];
  /**
   * What Compose would refuse: a bad name or an unterminated quote (the line yields no entry), or a
   * malformed `${…}` (the entry's value is `null`).
   */
  problems: ParseProblem[];
}

// ─── Makefiles ───────────────────────────────────────────────────────────────

export type MakeAssignmentOperator = '=' | ':=' | '::=' | ':::=' | '?=' | '+=' | '!=';

/** A variable assignment: `[export|override|private …] NAME op value`, a target-specific one, or a `define`. */
export interface MakeVariable {
  name: string;
  /** `=` for a `define` written without one. */
  operator: MakeAssignmentOperator;
  /** `export`, `override`, `private` written before the name, in order. */
  modifiers: string[];
  /**
   * The value as make reads it: comment removed, continuations joined with one space, `\#` read as `#`,
   * trimmed; not expanded. A `define` body as written.
   */
  value: string;
  /** The value as written (an empty range right after the operator when there is none). */
  valueRange: Range;
  /** From the first modifier or the name to the end of the value. */
  range: Range;
  /** The targets of a target-specific variable (`build: export NAME = value`), or `null` for a global one. */
  targets: string[] | null;
  /** A `define` body read as a canned recipe, each line a command line; `null` for other assignments. */
  cannedRecipe: MakeRecipeLine[] | null;
}

/** One command line of a recipe (a logical line: `\` continuations are part of it). */
export interface MakeRecipeLine {
  /** make's own prefixes, as written: `@` (silent), `-` (errors ignored), `+` (run even under `make -n`). */
  prefix: string;
  /** The command, after the prefixes. */
  range: Range;
  /**
   * The command parsed as shell, as make hands it over: `$$` read as `$`, each continuation line's leading
   * tab removed, and every make reference (`$(VAR)`, `${VAR}`, `$@`, `$(shell …)`) an expansion whose
   * value is unknown. Ranges and each word's `raw` are as written in the Makefile. Its syntax errors are
   * kept here, not reported: make references can cause them.
   */
  shell: ShellScript;
}

export interface MakeRule {
  /** As written (`$(OUT)/app`, `%.o`). */
  targets: string[];
  prerequisites: string[];
  /** The rule line, with a recipe after `;` if there is one. */
  range: Range;
  recipe: MakeRecipeLine[];
}

export interface MakefileDoc extends DocumentBase {
  kind: 'makefile';
  /** In file order; both branches of a conditional. */
  variables: MakeVariable[];
  rules: MakeRule[];
  /** Every command line, in file order: the rules' recipes and the canned recipes of `define` blocks. */
  recipeLines: MakeRecipeLine[];
}

export type Document = DockerfileDoc | ComposeDoc | DockerignoreDoc | ScriptDoc | EnvDoc | MakefileDoc;

// ─── The project ─────────────────────────────────────────────────────────────

/** A compose service with its build resolved to files of the project. */
export interface ResolvedService {
  service: ComposeService;
  /** The compose file that defines it. */
  composeFile: string;
  /**
   * The compose files Compose loads together for the project it belongs to (a primary file and an
   * override, `include:`d files aside), in load order: services of one project run side by side.
   */
  composeProject: readonly string[];
  /** Repo-relative context directory (`''` for the root); `null` when unknown or remote. */
  contextDir: string | null;
  /** Repo-relative Dockerfile path; `null` when unknown or inline. */
  dockerfilePath: string | null;
  dockerfile: DockerfileDoc | null;
  /** The `.dockerignore` Docker would use for this build, or `null` when there is none. */
  dockerignore: DockerignoreDoc | null;
  /** The build's context as the rules see it; `null` without a build, or when it is unknown, remote or outside the project. */
  context: BuildContext | null;
  /**
   * The service's `command` as a command line: the list form as argv (with a `sh -c` script parsed),
   * the string form parsed as shell. Ranges point into the compose file; `null` when not set.
   */
  commandLine: CommandLine | null;
  /** The service's `entrypoint`, read like `commandLine`. */
  entrypointLine: CommandLine | null;
}

export type DockerfileRole = 'base' | 'service';

/** A local image that a Dockerfile of the project produces. */
export interface ImageProducer {
  /** Normalised `name:tag` (tag `latest` when omitted). */
  image: string;
  /**
   * It builds every tag of the repository (a `base-*` directory names a repository, as does an `images`
   * entry without a tag): `FROM base-ml:2024.06` is built from it when no producer builds that exact tag.
   */
  anyTag: boolean;
  dockerfile: DockerfileDoc;
  /** The stage built: the target, or the last stage. */
  stage: Stage;
  /** Why we know: a compose service's `image:`, a `base-*` directory name, or the config `images` map. */
  via: 'compose' | 'directory' | 'config';
}

/** What a `FROM` or `COPY --from` refers to. */
export type ImageSource =
  | { kind: 'stage'; dockerfile: DockerfileDoc; stage: Stage }
  /** `image`: the normalised name as referenced (`base-ml:2024.06`, built by a producer of every tag). */
  | { kind: 'local'; producer: ImageProducer; image: string }
  | { kind: 'external'; ref: ImageRef }
  | { kind: 'scratch' }
  /** A reference with unresolved variables: it cannot be judged. */
  | { kind: 'unresolved'; ref: ImageRef };

export interface ImageGraph {
  producers: ImageProducer[];
  role(dockerfile: DockerfileDoc): DockerfileRole;
  /** What a stage's FROM refers to. */
  parentOf(dockerfile: DockerfileDoc, stage: Stage): ImageSource;
  /** What a `--from` value (stage name, index or image) used in a stage refers to. */
  resolveFrom(dockerfile: DockerfileDoc, stage: Stage, from: string): ImageSource;
  /** The stage's parents, nearest first, ending at an external image, scratch or an unresolved ref. */
  ancestry(dockerfile: DockerfileDoc, stage: Stage): ImageSource[];
  /** Services that build this Dockerfile. */
  servicesBuilding(dockerfile: DockerfileDoc): ResolvedService[];
  /** The first producer of exactly this normalised image name (`name:tag`). */
  producerOf(image: string): ImageProducer | undefined;
  /** Whether the project builds this normalised image name: at that tag, or at every tag. Then nothing is pulled. */
  builds(image: string): boolean;
  /** The producers whose image a stage of this Dockerfile is. */
  producersOf(dockerfile: DockerfileDoc): readonly ImageProducer[];
}

export interface Project {
  /** Absolute path of the project root; only edges (CLI, fix) use it. */
  root: string;
  /** Is the root inside a git work tree. */
  inGitRepo: boolean;
  documents: Document[];
  dockerfiles: DockerfileDoc[];
  composeFiles: ComposeDoc[];
  dockerignores: DockerignoreDoc[];
  scripts: ScriptDoc[];
  envFiles: EnvDoc[];
  /** `Makefile`, `makefile`, `GNUmakefile` and `*.mk` files. */
  makefiles: MakefileDoc[];
  /** Services of all compose files, overrides merged, in a stable order. */
  services: ResolvedService[];
  /**
   * Every build context: each compose build's (inside the project), then each Dockerfile's own directory
   * (`docker build <dir>`), one per directory and ignore file.
   */
  contexts: readonly BuildContext[];
  /**
   * The contexts a Dockerfile is built with: those of the compose services that build it, else its own
   * directory's. Empty when compose builds it only from contexts that cannot be seen (remote, outside).
   */
  contextsOf(dockerfile: DockerfileDoc): readonly BuildContext[];
  /** The context of `docker build` run on the Dockerfile's own directory. */
  directoryContext(dockerfile: DockerfileDoc): BuildContext;
  graph: ImageGraph;
  /** Problems met while reading and parsing; reported by the built-in `parse-error` rule. */
  problems: ParseProblem[];
  settings: ProjectSettings;
  /** Does a repo-relative path exist (file or directory)? Answered from the discovery walk. */
  exists: (path: string) => boolean;
  /**
   * Repo-relative paths of the files and directories below a directory (recursive; `''` is the root),
   * from the discovery walk, sorted. Never the directory itself: a tree built from them has no cycle.
   */
  filesUnder: (dir: string) => string[];
  /** The document for a repo-relative path. */
  document: (path: string) => Document | undefined;
}

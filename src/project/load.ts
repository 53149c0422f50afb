/**
 * Builds the `Project`: discovers files, reads and parses each exactly once, links compose services to
 * their contexts, Dockerfiles and `.dockerignore` files, and builds the image graph.
 */
import { boundedContent, realPathInside, type BoundedRead } from '../files.js';
import { pathsUnder } from '../paths.js';
import path from 'node:path';
import type { ProjectSettings } from '../config/settings.js';
import { SourceFile, START_OF_FILE } from '../source.js';
import { composeCommandLine } from './compose-command.js';
import { parseCompose } from './compose.js';
import { composeFileGroups, mergeComposeServices, resolveIncludePath } from './compose-merge.js';
import { discover, MAX_ENTRIES, type DiscoveredFile, type UnsavedFile } from './discover.js';
import { DOCKERIGNORE_PROBLEMS, dockerignoreFor, parseDockerignore } from './dockerignore.js';
import { parseDockerfile } from './dockerfile/index.js';
import { ignoreDialect, parseVersion } from './docker-version.js';
import { envFileVariables, parseEnvFile } from './envfile.js';
import { diskFileSystem, type ProjectFileSystem } from './file-system.js';
import { buildImageGraph } from './graph.js';
import { parseMakefile } from './makefile.js';
import { BuildContexts } from './build-context.js';
import type {
  CommandLine,
  ComposeDoc,
  ComposeService,
  Document,
  DockerfileDoc,
  DockerignoreDoc,
  EnvDoc,
  MakefileDoc,
  ParseProblem,
  Project,
  ResolvedService,
  ScriptDoc,
} from './model.js';
import { initShellParser, parseShell, parseShellMapped } from './shell.js';
import { confirmShellErrors, dialectOf } from './shell-syntax.js';
import { shebangShellOptions } from './shebang.js';
import { append } from '../arrays.js';
import { contained, isStackOverflow, NESTED_TOO_DEEPLY, containedAsync, REPORT_REQUEST } from '../internal-error.js';

const REFUSED_EVERYWHERE = new Set<string>([
  DOCKERIGNORE_PROBLEMS.loneExclamation,
  DOCKERIGNORE_PROBLEMS.trailingBackslash,
  DOCKERIGNORE_PROBLEMS.unclosedClass,
  DOCKERIGNORE_PROBLEMS.malformedClass,
  DOCKERIGNORE_PROBLEMS.reversedRange,
]);
const REFUSED_BY_DOCKER_20_10 = new Set<string>([
  ...REFUSED_EVERYWHERE,
  DOCKERIGNORE_PROBLEMS.unknownEscape,
  DOCKERIGNORE_PROBLEMS.invalidRegExp,
]);

/** How far into a file to look for NUL bytes when deciding that it is binary. */
const BINARY_SNIFF_BYTES = 8000;

export interface LoadOptions {
  /** Absolute project root. */
  root: string;
  gitRoot: string | null;
  ignorePatterns: readonly string[];
  settings: ProjectSettings;
  /** A file whose text is given (an editor's buffer on stdin), linted instead of what is on disk. */
  unsaved?: UnsavedFile;
  /** Where the files are read from: the disk unless given (rule tests give files held in memory). */
  fileSystem?: ProjectFileSystem;
}

export async function loadProject(options: LoadOptions): Promise<Project> {
  const { root, settings } = options;
  const fs = options.fileSystem ?? diskFileSystem;
  const realRoot = fs.realpath(root);
  const engine = settings.dockerVersion === 'current' ? null : parseVersion(settings.dockerVersion);
  const unsaved = options.unsaved ?? null;
  const discovery = discover(root, options.gitRoot, options.ignorePatterns, MAX_ENTRIES, unsaved, fs);
  const problems: ParseProblem[] = discovery.problems.map((problem) => ({
    location: { file: problem.path, range: START_OF_FILE },
    message: problem.message,
  }));

  const sources = new Map<string, SourceFile>();
  const read = (rel: string): SourceFile | null => {
    const cached = sources.get(rel);
    if (cached) return cached;
    const result = rel === unsaved?.path ? textOf(boundedContent(unsaved.content, LINTED_FILE_LIMIT)) : readText(fs, realRoot, path.join(root, rel), !discovery.linkFree.has(rel));
    if (typeof result !== 'string') {
      problems.push({ location: { file: rel, range: START_OF_FILE }, message: result.problem });
      return null;
    }
    const source = new SourceFile(rel, result);
    sources.set(rel, source);
    return source;
  };
  // A parser that throws has a bug: the file gets a finding that says so, and the rest is still linted.
  const failedOn = (rel: string) => (message: string): null => {
    const why = isStackOverflow(message)
      ? NESTED_TOO_DEEPLY
      : `internal error while reading this file (${message}); it is not linted. ${REPORT_REQUEST}`;
    problems.push({ location: { file: rel, range: START_OF_FILE }, message: why });
    return null;
  };
  const parsed = <T>(rel: string, parse: (source: SourceFile) => T): T | null => {
    const source = read(rel);
    return source === null ? null : contained(() => parse(source), failedOn(rel));
  };

  const byKind = (kind: DiscoveredFile['kind']): string[] => discovery.files.filter((file) => file.kind === kind).map((file) => file.path);

  const envFiles: EnvDoc[] = [];
  for (const rel of byKind('env')) {
    const doc = parsed(rel, parseEnvFile);
    if (doc) envFiles.push(doc);
  }
  const envByDirectory = new Map<string, Map<string, string>>();
  for (const env of envFiles) {
    if (path.posix.basename(env.source.path) !== '.env') continue;
    envByDirectory.set(path.posix.dirname(env.source.path), envFileVariables(env));
  }
  const envFor = (file: string): ReadonlyMap<string, string> => envByDirectory.get(path.posix.dirname(file)) ?? new Map<string, string>();

  const dockerfilePaths = byKind('dockerfile');
  const scriptPaths = byKind('script');
  const makefilePaths = byKind('makefile');
  // The shell parser (tree-sitter's WebAssembly) costs a short run more than anything else: it is loaded
  // when a script, a Makefile's recipes or a Dockerfile's RUN, CMD or ENTRYPOINT needs it, not for
  // Dockerfiles without one.
  let shellLoaded = scriptPaths.length > 0 || makefilePaths.length > 0;
  if (shellLoaded) await initShellParser();

  const dockerfiles: DockerfileDoc[] = [];
  /** Shell text of RUN instructions in which tree-sitter found errors, for mvdan/sh to judge. */
  const doubtfulRuns: { source: SourceFile; text: string; offset: number; errors: ParseProblem[] }[] = [];
  for (const rel of dockerfilePaths) {
    const source = read(rel);
    if (source === null) continue;
    const parseWithShell = (): DockerfileDoc =>
      parseDockerfile(source, (text, offset, runsAtBuild, options) => {
        const shell = parseShell(text, source, offset, options);
        // BuildKit never parses the shell; a RUN's syntax error fails its step, CMD's only a container start.
        if (runsAtBuild && shell.errors.length > 0) doubtfulRuns.push({ source, text, offset, errors: shell.errors });
        return shell;
      }, { engine });
    let doc: DockerfileDoc | null;
    if (shellLoaded) doc = contained(parseWithShell, failedOn(rel));
    else {
      // Read without the shell parser first: a Dockerfile that asks for none is then read once and for all.
      const request = { asked: false };
      doc = contained(() => parseDockerfile(source, () => {
        request.asked = true;
        return { commands: [], assignments: [], errors: [], comments: [] };
      }, { engine }), failedOn(rel));
      if (request.asked) {
        await initShellParser();
        shellLoaded = true;
        doc = contained(parseWithShell, failedOn(rel));
      }
    }
    if (doc) dockerfiles.push(doc);
  }
  // The image's /bin/sh may be dash or BusyBox: bash, the most permissive, judges without false alarms.
  const runSyntaxErrors: ParseProblem[] = [];
  for (const run of doubtfulRuns) {
    const confirmed = await containedAsync(() => confirmShellErrors(run.text, run.source, run.offset, run.errors, 'bash'), failedOn(run.source.path));
    append(runSyntaxErrors, confirmed ?? []);
  }
  const scripts: ScriptDoc[] = [];
  for (const rel of scriptPaths) {
    const source = read(rel);
    if (!source) continue;
    const script = await containedAsync(async (): Promise<ScriptDoc> => {
      const tree = parseShell(source.text, source, 0, shebangShellOptions(source.text));
      // tree-sitter takes some valid bash for errors: mvdan/sh rules on them (shell-syntax.ts).
      const shell = tree.errors.length === 0 ? tree : { ...tree, errors: await confirmShellErrors(source.text, source, 0, tree.errors, dialectOf(source.text)) };
      return { kind: 'script', source, comments: shell.comments, shell };
    }, failedOn(rel));
    if (script) scripts.push(script);
  }
  const dockerignores: DockerignoreDoc[] = [];
  for (const rel of byKind('dockerignore')) {
    const doc = parsed(rel, (source) => parseDockerignore(source, ignoreDialect(engine)));
    if (doc) dockerignores.push(doc);
  }
  const composeFiles = new Map<string, ComposeDoc>();
  const loadCompose = (rel: string): ComposeDoc | null => {
    const existing = composeFiles.get(rel);
    if (existing) return existing;
    const doc = parsed(rel, (source) => parseCompose(source, envFor(rel)));
    if (doc) composeFiles.set(rel, doc);
    return doc;
  };
  const groups = composeFileGroups(byKind('compose'));
  const services: ResolvedService[] = [];
  const dockerfileByPath = new Map(dockerfiles.map((doc) => [doc.source.path, doc]));
  const dockerignoreByPath = new Map(dockerignores.map((doc) => [doc.source.path, doc]));
  const exists = (rel: string): boolean => rel === '' || discovery.seen.has(rel);
  let sortedPaths: string[] | null = null;
  const allPathsSorted = (): string[] => (sortedPaths ??= [...discovery.seen].sort());
  const contexts = new BuildContexts(allPathsSorted, exists, (rel) => dockerignoreByPath.get(rel) ?? null);

  const merged = groups.flatMap((group) => mergeComposeServices(withIncludes(group, loadCompose, (file) => exists(file))).map((service) => ({ service, group })));
  // Only services that set a command need the shell parser (a compose-only project may not have loaded it).
  if (merged.some(({ service }) => service.command !== null || service.entrypoint !== null)) await initShellParser();
  const commandLine = (value: ComposeService['command']): CommandLine | null => {
    const source = value === null ? undefined : sources.get(value.location.file);
    if (value === null || source === undefined) return null;
    return contained(() => composeCommandLine(value, source, (text, map, options) => parseShellMapped(text, source, map, options)), failedOn(source.path));
  };
  for (const { service, group } of merged) {
    const composeFile = service.location.file;
    const composeDir = path.posix.dirname(composeFile);
    const contextDir = resolveContext(root, composeDir, service.build?.context.resolved ?? null);
    const dockerfilePath = resolveDockerfilePath(root, contextDir, service.build);
    const ignorePath = service.build !== null && contextDir !== null ? dockerignoreFor(dockerfilePath, contextDir, exists) : null;
    const dockerignore = ignorePath === null ? null : (dockerignoreByPath.get(ignorePath) ?? null);
    const build = service.build;
    services.push({
      service,
      composeFile,
      composeProject: group,
      contextDir: service.build ? contextDir : null,
      dockerfilePath: service.build ? dockerfilePath : null,
      dockerfile: dockerfilePath === null ? null : (dockerfileByPath.get(dockerfilePath) ?? null),
      dockerignore,
      context: build === null ? null : contexts.ofComposeBuild({ contextDir, dockerignore, origin: build.context.location }),
      commandLine: commandLine(service.command),
      entrypointLine: commandLine(service.entrypoint),
    });
  }

  // Grouped once: filtering every service for each Dockerfile grew with services × Dockerfiles.
  const contextsByDockerfile = new Map<DockerfileDoc, ResolvedService['context'][]>();
  for (const resolved of services) {
    if (resolved.dockerfile === null) continue;
    const list = contextsByDockerfile.get(resolved.dockerfile);
    if (list === undefined) contextsByDockerfile.set(resolved.dockerfile, [resolved.context]);
    else list.push(resolved.context);
  }
  for (const dockerfile of dockerfiles) {
    contexts.ofDirectory(dockerfile);
    contexts.setBuiltWith(dockerfile, contextsByDockerfile.get(dockerfile) ?? []);
  }

  const makefiles: MakefileDoc[] = [];
  for (const rel of makefilePaths) {
    const doc = parsed(rel, (source) => parseMakefile(source, (text, map) => parseShellMapped(text, source, map)));
    if (doc) makefiles.push(doc);
  }

  const composeDocs = [...composeFiles.values()].sort((a, b) => compare(a.source.path, b.source.path));
  for (const doc of [...dockerfiles, ...composeDocs, ...scripts.map((script) => ({ problems: script.shell.errors }))]) {
    append(problems, doc.problems);
  }
  append(problems, runSyntaxErrors);
  for (const doc of envFiles) append(problems, doc.problems);
  // Docker refuses the whole build for a pattern it cannot compile. Docker 20.10 compiles every pattern's
  // regular expression up front (verified: `c++.txt`, `foo\q` fail its build); for current Docker only
  // what filepath.Match refuses is reported.
  const refused = ignoreDialect(engine) === 'docker-20.10' ? REFUSED_BY_DOCKER_20_10 : REFUSED_EVERYWHERE;
  for (const doc of dockerignores) {
    for (const pattern of doc.patterns) {
      if (pattern.invalid !== null && refused.has(pattern.invalid)) {
        problems.push({ location: pattern.location, message: `.dockerignore: ${pattern.invalid}; Docker refuses to build with it` });
      }
    }
  }

  const documents: Document[] = [...dockerfiles, ...composeDocs, ...dockerignores, ...scripts, ...envFiles, ...makefiles];
  const documentByPath = new Map(documents.map((doc) => [doc.source.path, doc]));

  return {
    root,
    inGitRepo: options.gitRoot !== null,
    documents,
    dockerfiles,
    composeFiles: composeDocs,
    dockerignores,
    scripts,
    envFiles,
    makefiles,
    services,
    contexts: contexts.all(),
    contextsOf: (dockerfile) => contexts.of(dockerfile),
    directoryContext: (dockerfile) => contexts.ofDirectory(dockerfile),
    graph: buildImageGraph(dockerfiles, services, settings),
    problems,
    settings,
    exists,
    filesUnder: (dir) => pathsUnder(allPathsSorted(), dir),
    document: (rel) => documentByPath.get(rel),
  };
}

/** The compose files of one project: the group, then what each `include:`s (recursively, once each). */
function withIncludes(group: readonly string[], load: (rel: string) => ComposeDoc | null, exists: (rel: string) => boolean): ComposeDoc[] {
  const docs: ComposeDoc[] = [];
  const queue = [...group];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const rel = queue.shift() ?? '';
    if (seen.has(rel) || !exists(rel)) continue;
    seen.add(rel);
    const doc = load(rel);
    if (!doc) continue;
    docs.push(doc);
    for (const include of doc.includes) {
      if (include.resolved !== null) queue.push(resolveIncludePath(rel, include.resolved));
    }
  }
  return docs;
}

const REMOTE_CONTEXT = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/)/i;

/** Repo-relative context directory (`''` for the root, `../x` outside it), or `null` when unknown or remote. */
function resolveContext(root: string, composeDir: string, context: string | null): string | null {
  if (context === null || REMOTE_CONTEXT.test(context)) return null;
  return repoRelative(root, composeDir === '.' ? '' : composeDir, context);
}

function resolveDockerfilePath(root: string, contextDir: string | null, build: ResolvedService['service']['build']): string | null {
  if (!build || contextDir === null || build.dockerfileInline !== null) return null;
  const dockerfile = build.dockerfile === null ? 'Dockerfile' : build.dockerfile.resolved;
  if (dockerfile === null) return null;
  return repoRelative(root, contextDir, dockerfile);
}

/** `target` (relative to the repo-relative `base`, or absolute) as a repo-relative path: `''` for the root, `../…` outside. */
function repoRelative(root: string, base: string, target: string): string {
  const joined = path.posix.isAbsolute(target)
    ? path.posix.relative(root.split(path.sep).join('/'), target)
    : path.posix.normalize(path.posix.join(base, target));
  return joined === '.' ? '' : joined.replace(/\/$/, '').replace(/^\.\//, '');
}

/**
 * The largest project file that is linted; a larger one gets a finding instead. Each line of a Dockerfile
 * or script and each item of a compose file becomes parsed nodes with their places, so this keeps one
 * file within about 5 s and 300 MB (README, "Time and memory bounds"): many times a real file's size.
 */
export const LINTED_FILE_LIMIT = 256 * 1024;

/**
 * Reads a project file as text, or says why it cannot be linted. `mayBeLinked`: the walk did not see the
 * whole path free of symbolic links, so where it really leads is checked first. Otherwise the file is
 * opened without following a link, in case it was replaced by one since the walk.
 */
function readText(fs: ProjectFileSystem, realRoot: string, file: string, mayBeLinked: boolean): string | { problem: string } {
  if (mayBeLinked && realPathInside(realRoot, file, fs.realpath) === null) return { problem: 'symbolic link to a place outside the project: not read' };
  return textOf(fs.read(file, LINTED_FILE_LIMIT, { followLinks: mayBeLinked }));
}

function textOf(read: BoundedRead): string | { problem: string } {
  if ('problem' in read) return read;
  if (read.buffer.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { problem: 'binary file: expected text' };
  return read.buffer.toString('utf8');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

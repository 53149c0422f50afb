/**
 * The public API: lint paths, get findings. Loads config and the project once per project root, runs
 * every enabled rule, applies inline suppressions and, with `fix`, applies fixes and lints again.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { findConfigFile, loadConfig, type ResolvedConfig } from './config/load.js';
import { applyFixes, planFixes, type PlannedFix, type SkippedFix } from './engine/fix.js';
import { findGitRoot } from './project/discover.js';
import { loadProject } from './project/load.js';
import { affectedFiles } from './project/affected.js';
import { changedSince, GitError } from './project/git.js';
import type { UnsavedFile } from './project/discover.js';
import type { Project } from './project/model.js';
import type { Fix } from './engine/rule.js';
import { addTiming, compareFindings, runRules } from './engine/run-rules.js';
import { rules as allRules } from './rules/index.js';
import { leavesDirectory } from './paths.js';
import { append } from './arrays.js';
import { errorSummary } from './internal-error.js';
import type { Finding, LintOptions, LintResult as PublicLintResult } from './findings.js';

export type { Finding, LintOptions, RelatedFinding } from './findings.js';

export interface LintedProject {
  root: string;
  configFile: string | null;
  project: Project;
  config: ResolvedConfig;
}

/** `lint()`'s result, with each project's model and config (for `--explain`, `verify` and `doctor`). */
export interface LintResult extends PublicLintResult {
  projects: LintedProject[];
}

/** A mistake of the user (bad path, bad config): reported without a stack trace, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A failure of dockerlint itself while linting the project at `root` (a bug: the input is never to blame). */
export class InternalError extends Error {
  override name = 'InternalError';
  constructor(
    readonly root: string,
    override readonly cause: unknown,
  ) {
    super(`internal error while linting ${root}: ${errorSummary(cause)}`, { cause });
  }
}
const MAX_FIX_PASSES = 10;
interface ProjectTarget {
  root: string;
  gitRoot: string | null;
  configFile: string | null;
  /** Repo-relative directories asked about (`''` is the whole project): their findings are reported. */
  directories: string[];
  /** Repo-relative files asked about: their findings are reported, and those of the files they affect (project/affected.ts). */
  files: string[];
  /** The file on stdin: its repo-relative path and text. */
  unsaved?: UnsavedFile;
}

export async function lint(options: LintOptions = {}): Promise<LintResult> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  if (options.stdin && options.changedSince !== undefined) throw new UsageError('--stdin and --changed-since exclude each other');
  const asked = options.stdin ? [stdinTarget(options, cwd)] : projectTargets(options.paths?.length ? options.paths : ['.'], cwd, options.configFile);
  const targets = options.changedSince === undefined ? asked : await changedTargets(asked, options.changedSince);
  const findings: Finding[] = [];
  const fixedFiles: string[] = [];
  const fixesSkipped: SkippedFix[] = [];
  const plannedFixes: PlannedFix[] = [];
  const projects: LintedProject[] = [];
  const timings = new Map<string, number>();
  const load = async (target: ProjectTarget, config: ResolvedConfig): Promise<Project> => {
    const started = performance.now();
    const project = await loadProject({
      root: target.root,
      gitRoot: target.gitRoot,
      ignorePatterns: config.ignorePatterns,
      settings: config.settings,
      ...(target.unsaved ? { unsaved: target.unsaved } : {}),
    });
    addTiming(timings, 'load', performance.now() - started);
    return project;
  };
  for (const target of targets) {
    const config = loadConfig(target.configFile, allRules, options.ruleSeverities, target.root);
    try {
      const lintProject = (project: Project): Finding[] => {
        const selected = selection(project, target);
        return runRules(project, config, options.reportUnusedDisableDirectives ?? false, timings).filter(selected);
      };
      let project = await load(target, config);
      let projectFindings = lintProject(project);
      if (options.fixDryRun) {
        const current = project;
        const plan = planFixes(target.root, fixesOf(projectFindings), (file) => lintedText(current, file));
        append(plannedFixes, underRoot(target.root, plan.planned));
        append(fixesSkipped, underRoot(target.root, plan.skipped));
      } else if (options.fix) {
        for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
          const fixes = fixesOf(projectFindings);
          if (fixes.length === 0) break;
          const current = project;
          const outcome = applyFixes(target.root, fixes, (file) => lintedText(current, file));
          append(fixesSkipped, underRoot(target.root, outcome.skipped));
          const changed = outcome.changed;
          if (changed.length === 0) break;
          append(fixedFiles, changed.map((file) => path.join(target.root, file)));
          project = await load(target, config);
          projectFindings = lintProject(project);
        }
      }
      append(findings, projectFindings.map((finding) => ({ ...finding, root: target.root })));
      projects.push({ root: target.root, configFile: target.configFile, project, config });
    } catch (error) {
      throw new InternalError(target.root, error);
    }
  }
  findings.sort(compareFindings);
  return { findings, fixedFiles: [...new Set(fixedFiles)].sort(), fixesSkipped: distinctSkips(fixesSkipped), plannedFixes, projects, timings };
}

/**
 * Which findings a target asks for: those below its directories, in its files and the files they affect,
 * those whose related places are in its files (a finding caused there), and those on the project root
 * ('.'), which concern every path. The file on stdin is asked about alone.
 */
function selection(project: Project, target: ProjectTarget): (finding: Finding) => boolean {
  const named = new Set(target.files);
  const affected = target.unsaved ? named : affectedFiles(project, target.files);
  const causedHere = (finding: Finding): boolean => !target.unsaved && finding.related.some((related) => named.has(related.file));
  return (finding) => finding.file === '.' || affected.has(finding.file) || isBelowAny(finding.file, target.directories) || causedHere(finding);
}

/** Is a repo-relative path one of `dirs` or below one (`''` is the root)? */
function isBelowAny(file: string, dirs: readonly string[]): boolean {
  return dirs.some((dir) => dir === '' || file === dir || file.startsWith(`${dir}/`));
}

/** Adds a file asked about to its target; the config file changes every finding, so naming it asks for the whole project. */
function askAbout(target: ProjectTarget, file: string): void {
  const configFile = target.configFile === null ? null : path.relative(target.root, target.configFile).split(path.sep).join('/');
  if (file === configFile) target.directories.push('');
  else target.files.push(file);
}

/** The projects under `paths`, read and parsed with their configs, and no rule run (for `verify`). */
export async function loadProjects(options: Pick<LintOptions, 'paths' | 'cwd' | 'configFile'> = {}): Promise<LintedProject[]> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const projects: LintedProject[] = [];
  for (const target of projectTargets(options.paths?.length ? options.paths : ['.'], cwd, options.configFile)) {
    const config = loadConfig(target.configFile, allRules);
    const project = await loadProject({ root: target.root, gitRoot: target.gitRoot, ignorePatterns: config.ignorePatterns, settings: config.settings });
    projects.push({ root: target.root, configFile: target.configFile, project, config });
  }
  return projects;
}

function fixesOf(findings: readonly Finding[]): Fix[] {
  return findings.flatMap((finding) => (finding.fix ? [finding.fix] : []));
}

/** Entries with a repo-relative `file`, made absolute under `root`. */
function underRoot<T extends { file: string }>(root: string, entries: readonly T[]): T[] {
  return entries.map((entry) => ({ ...entry, file: path.join(root, entry.file) }));
}

/** The text a project's fixes were computed from: the file as it was read, or `undefined` if it did not exist. */
export function lintedText(project: Project, file: string): string | undefined {
  return project.document(file)?.source.text;
}

function distinctSkips(skips: readonly SkippedFix[]): SkippedFix[] {
  const byFile = new Map(skips.map((skip) => [skip.file, skip]));
  return [...byFile.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

function projectTargets(paths: readonly string[], cwd: string, configFile: string | undefined): ProjectTarget[] {
  const targets = new Map<string, ProjectTarget>();
  const explicitConfig = explicitConfigFile(cwd, configFile);
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    if (!existsSync(absolute)) throw new UsageError(`no such file or directory: ${given}`);
    const isDirectory = statSync(absolute).isDirectory();
    const found = projectOf(given, absolute, isDirectory ? absolute : path.dirname(absolute), explicitConfig);
    const target = targets.get(found.key) ?? found.target;
    if (isDirectory) target.directories.push(found.scope);
    else askAbout(target, found.scope);
    targets.set(found.key, target);
  }
  return [...targets.values()];
}

/** The project of the file on stdin, which need not exist (an editor's new file): found from its nearest existing directory. */
function stdinTarget(options: LintOptions, cwd: string): ProjectTarget {
  const { filename, content } = options.stdin ?? { filename: '', content: Buffer.alloc(0) };
  if (options.fix) throw new UsageError('--fix cannot write text read from stdin; use --fix-dry-run to print the changes as a diff');
  if (options.paths?.length) throw new UsageError('--stdin lints the text on stdin as --stdin-filename: give no paths');
  const absolute = path.resolve(cwd, filename);
  if (filename === '' || (existsSync(absolute) && statSync(absolute).isDirectory())) {
    throw new UsageError(`--stdin-filename must name a file, not ${filename === '' ? 'nothing' : `the directory ${filename}`}`);
  }
  let dir = path.dirname(absolute);
  while (!existsSync(dir)) dir = path.dirname(dir);
  const { target, scope } = projectOf(filename, absolute, dir, explicitConfigFile(cwd, options.configFile));
  return { ...target, files: [scope], unsaved: { path: scope, content: Buffer.from(content.buffer, content.byteOffset, content.byteLength) } };
}

/**
 * The targets narrowed to the files changed since `ref` within what they ask about (each as a file
 * asked about, so what it affects is linted too); a target with no change is dropped.
 */
async function changedTargets(targets: readonly ProjectTarget[], ref: string): Promise<ProjectTarget[]> {
  const changedByGitRoot = new Map<string, string[]>();
  const narrowed: ProjectTarget[] = [];
  for (const target of targets) {
    const gitRoot = findGitRoot(target.root);
    if (gitRoot === null) throw new UsageError(`--changed-since needs a git repository, and ${target.root} is not in one`);
    let changed = changedByGitRoot.get(gitRoot);
    if (changed === undefined) {
      try {
        changed = await changedSince(gitRoot, ref);
      } catch (error) {
        if (error instanceof GitError) throw new UsageError(`--changed-since ${ref}: ${error.message}`);
        throw error;
      }
      changedByGitRoot.set(gitRoot, changed);
    }
    const files = changed
      .map((file) => path.relative(target.root, path.join(gitRoot, file)).split(path.sep).join('/'))
      .filter((file) => !leavesDirectory(file) && (target.files.includes(file) || isBelowAny(file, target.directories)));
    if (files.length === 0) continue;
    const changedTarget: ProjectTarget = { ...target, directories: [], files: [] };
    for (const file of files) askAbout(changedTarget, file);
    narrowed.push(changedTarget);
  }
  return narrowed;
}

function explicitConfigFile(cwd: string, configFile: string | undefined): string | null {
  const explicit = configFile === undefined ? null : path.resolve(cwd, configFile);
  if (explicit !== null && !existsSync(explicit)) throw new UsageError(`config file not found: ${configFile ?? ''}`);
  return explicit;
}

/** The project a path asked about belongs to (rooted at its config file, else the git root, else `dir`), and its path there. */
function projectOf(given: string, absolute: string, dir: string, explicitConfig: string | null): { key: string; target: ProjectTarget; scope: string } {
  const gitRoot = findGitRoot(dir);
  const found = explicitConfig ?? findConfigFile(dir, gitRoot);
  const root = explicitConfig === null && found !== null ? path.dirname(found) : (gitRoot ?? dir);
  const scope = path.relative(root, absolute).split(path.sep).join('/');
  if (leavesDirectory(scope)) throw new UsageError(`${given} is outside the project root ${root}`);
  const target = { root, gitRoot: gitRoot !== null && isInside(root, gitRoot) ? gitRoot : null, configFile: found, directories: [], files: [] };
  return { key: `${root}\0${found ?? ''}`, target, scope };
}

function isInside(child: string, parent: string): boolean {
  return !leavesDirectory(path.relative(parent, child));
}

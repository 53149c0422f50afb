/**
 * The public API: lint paths, get findings. Loads config and the project once per project root, runs
 * every enabled rule, applies inline suppressions and, with `fix`, applies fixes and lints again.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { findConfigFile, loadConfig, ruleConfigFor, type ResolvedConfig } from './config/load.js';
import { applyFixes, planFixes, type PlannedFix, type SkippedFix } from './fix.js';
import { escapeControlCharacters } from './text.js';
import { findGitRoot } from './project/discover.js';
import { loadProject } from './project/load.js';
import type { Project } from './project/model.js';
import { distinctReports, reportText, type Fix, type Report, type Rule, type Severity, type SeveritySetting } from './rule.js';
import { rules as allRules } from './rules/index.js';
import { parseDirectives, Suppressions } from './suppress.js';
import { leavesDirectory } from './paths.js';
import { START_OF_FILE } from './source.js';
import { append } from './arrays.js';
import { contained, errorSummary, REPORT_REQUEST } from './internal-error.js';
import { ruleDocsUrl } from './docs-url.js';

export interface LintOptions {
  /** Files or directories to lint; relative to `cwd`. Default: `['.']`. */
  paths?: string[];
  cwd?: string;
  /** Config file; by default the nearest `.dockerlintrc.json` up to the git root. */
  configFile?: string;
  /** Severity overrides by rule id (the CLI's `--rule id:severity`). */
  ruleSeverities?: ReadonlyMap<string, SeveritySetting>;
  fix?: boolean;
  /** Compute what `fix` would write in its first pass (`plannedFixes`), and write nothing. */
  fixDryRun?: boolean;
  reportUnusedDisableDirectives?: boolean;
}

export interface RelatedFinding {
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface Finding {
  /** Absolute path of the project root that `file` is relative to. */
  root: string;
  rule: string;
  severity: Severity;
  /** What is wrong: its first sentence at most 100 characters. */
  message: string;
  /** How to fix it. */
  help: string;
  /** The rule's docs page; `null` for findings that are not a rule's (unused disable directives). */
  docsUrl: string | null;
  /** Repo-relative, `/`-separated. */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  related: RelatedFinding[];
  fix?: Fix;
}

export interface LintedProject {
  root: string;
  configFile: string | null;
  project: Project;
  config: ResolvedConfig;
}

export interface LintResult {
  findings: Finding[];
  /** Absolute paths of the files changed by `fix`. */
  fixedFiles: string[];
  /** Fixes that `fix` did not write (absolute paths), with the reason. */
  fixesSkipped: SkippedFix[];
  /** With `fixDryRun`: each file `fix` would write (absolute paths), before and after. */
  plannedFixes: PlannedFix[];
  projects: LintedProject[];
  /** Milliseconds spent, summed over projects and fix passes: `load` (read and parse) and each rule by id. */
  timings: Map<string, number>;
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

/** The ids of findings that are not rules of their own. */
export const DIRECTIVE_RULE_ID = 'unused-disable-directive';
const MAX_FIX_PASSES = 10;
/** A report the engine makes for a rule that failed: its message is in `data.message`. */
const INTERNAL_ERROR_MESSAGE_ID = 'internal-error';
const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

interface ProjectTarget {
  root: string;
  gitRoot: string | null;
  configFile: string | null;
  /** Repo-relative paths asked about (`''` means the whole project). */
  scopes: string[];
}

export async function lint(options: LintOptions = {}): Promise<LintResult> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const targets = projectTargets(options.paths?.length ? options.paths : ['.'], cwd, options.configFile);
  const findings: Finding[] = [];
  const fixedFiles: string[] = [];
  const fixesSkipped: SkippedFix[] = [];
  const plannedFixes: PlannedFix[] = [];
  const projects: LintedProject[] = [];
  const timings = new Map<string, number>();
  const load = async (target: ProjectTarget, config: ResolvedConfig): Promise<Project> => {
    const started = performance.now();
    const project = await loadProject({ root: target.root, gitRoot: target.gitRoot, ignorePatterns: config.ignorePatterns, settings: config.settings });
    addTiming(timings, 'load', performance.now() - started);
    return project;
  };
  for (const target of targets) {
    const config = loadConfig(target.configFile, allRules, options.ruleSeverities);
    try {
      let project = await load(target, config);
      let projectFindings = runRules(project, config, options.reportUnusedDisableDirectives ?? false, timings);
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
          projectFindings = runRules(project, config, options.reportUnusedDisableDirectives ?? false, timings);
        }
      }
      // Findings on the project root ('.') concern every path asked about.
      const inScope = (file: string): boolean => file === '.' || target.scopes.some((scope) => scope === '' || file === scope || file.startsWith(`${scope}/`));
      append(findings, projectFindings.filter((finding) => inScope(finding.file)).map((finding) => ({ ...finding, root: target.root })));
      projects.push({ root: target.root, configFile: target.configFile, project, config });
    } catch (error) {
      throw new InternalError(target.root, error);
    }
  }
  findings.sort(compareFindings);
  return { findings, fixedFiles: [...new Set(fixedFiles)].sort(), fixesSkipped: distinctSkips(fixesSkipped), plannedFixes, projects, timings };
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
  return project.document(file)?.source.text ?? project.otherFiles.get(file)?.text;
}

function distinctSkips(skips: readonly SkippedFix[]): SkippedFix[] {
  const byFile = new Map(skips.map((skip) => [skip.file, skip]));
  return [...byFile.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

function addTiming(timings: Map<string, number>, key: string, ms: number): void {
  timings.set(key, (timings.get(key) ?? 0) + ms);
}

/** Runs every enabled rule on a project; returns findings with suppressions applied. Adds each rule's time to `timings`. */
export function runRules(
  project: Project,
  config: ResolvedConfig,
  reportUnusedDisableDirectives: boolean,
  timings = new Map<string, number>(),
): Finding[] {
  const suppressionsByFile = new Map<string, Suppressions>();
  if (!config.noInlineConfig) {
    for (const doc of project.documents) {
      const directives = parseDirectives(doc.source.path, doc.comments);
      if (directives.length > 0) suppressionsByFile.set(doc.source.path, new Suppressions(directives));
    }
  }
  const findings: Finding[] = [];
  for (const rule of allRules) {
    for (const { options, files } of optionSets(rule, config)) {
      const started = performance.now();
      // A rule that throws has a bug: its findings are lost, which one finding says; the other rules still run.
      const reports = contained(() => rule.check(project, options), (message): Report[] => [ruleFailure(rule, message)]);
      addTiming(timings, rule.id, performance.now() - started);
      for (const report of distinctReports(reports)) {
        const file = report.location.file;
        const effective = ruleConfigFor(config, rule, file);
        if (effective.severity === 'off' || !files(file)) continue;
        const severity = report.severity !== undefined && SEVERITY_RANK[report.severity] < SEVERITY_RANK[effective.severity] ? report.severity : effective.severity;
        if (suppressionsByFile.get(file)?.suppress(rule.id, report.location.range.start.line)) continue;
        const { start, end } = report.location.range;
        const text = report.messageId === INTERNAL_ERROR_MESSAGE_ID ? internalErrorText(report) : reportText(rule, report);
        findings.push({
          root: project.root,
          rule: rule.id,
          severity,
          // Messages quote repository content: escaped here, once, for every reporter and terminal.
          message: escapeControlCharacters(text.message),
          help: escapeControlCharacters(text.help),
          docsUrl: ruleDocsUrl(rule.id),
          file: escapeControlCharacters(file),
          line: start.line,
          column: start.column,
          endLine: end.line,
          endColumn: end.column,
          related: (report.related ?? []).map((related) => ({
            file: escapeControlCharacters(related.location.file),
            line: related.location.range.start.line,
            column: related.location.range.start.column,
            message: escapeControlCharacters(related.message),
          })),
          ...(report.fix && rule.fixable ? { fix: report.fix } : {}),
        });
      }
    }
  }
  if (reportUnusedDisableDirectives) {
    for (const suppressions of suppressionsByFile.values()) {
      for (const directive of suppressions.unused()) {
        const ids = directive.ruleIds.length > 0 ? ` for ${directive.ruleIds.join(', ')}` : '';
        findings.push({
          root: project.root,
          rule: DIRECTIVE_RULE_ID,
          severity: 'error',
          message: `Unused 'dockerlint-${directive.kind}' directive: no problem${ids} was reported here.`,
          help: 'Remove it.',
          docsUrl: null,
          file: directive.location.file,
          line: directive.location.range.start.line,
          column: directive.location.range.start.column,
          endLine: directive.location.range.end.line,
          endColumn: directive.location.range.end.column,
          related: [],
        });
      }
    }
  }
  return findings.sort(compareFindings);
}

function internalErrorText(report: Report): { message: string; help: string } {
  return { message: String(report.data?.message ?? ''), help: `The other rules ran. ${REPORT_REQUEST}` };
}

/** A rule's own failure, reported on the project root so that no file's findings seem complete. */
function ruleFailure(rule: Rule, message: string): Report {
  return {
    messageId: INTERNAL_ERROR_MESSAGE_ID,
    data: { message: `internal error in rule ${rule.id} (${message}): its findings are missing` },
    location: { file: '.', range: START_OF_FILE },
  };
}

/**
 * The distinct option sets a rule runs with: its base options, plus one per override that changes them.
 * Each run keeps only findings in files whose effective options are the run's.
 */
function optionSets(rule: Rule, config: ResolvedConfig): { options: Record<string, unknown>; files: (file: string) => boolean }[] {
  const base = config.rules.get(rule.id);
  if (!base) return [];
  const commandLine = config.commandLine.get(rule.id);
  const enabledSomewhere =
    commandLine !== undefined
      ? commandLine !== 'off'
      : base.severity !== 'off' || config.overrides.some((override) => (override.rules.get(rule.id)?.severity ?? 'off') !== 'off');
  if (!enabledSomewhere) return [];
  const sets = new Map<string, Record<string, unknown>>([[JSON.stringify(base.options), base.options]]);
  for (const override of config.overrides) {
    const patch = override.rules.get(rule.id);
    if (patch?.options) {
      const options = { ...base.options, ...patch.options };
      sets.set(JSON.stringify(options), options);
    }
  }
  if (sets.size === 1) return [{ options: base.options, files: () => true }];
  return [...sets].map(([key, options]) => ({
    options,
    files: (file: string) => JSON.stringify(ruleConfigFor(config, rule, file).options) === key,
  }));
}

function projectTargets(paths: readonly string[], cwd: string, configFile: string | undefined): ProjectTarget[] {
  const targets = new Map<string, ProjectTarget>();
  const explicitConfig = configFile === undefined ? null : path.resolve(cwd, configFile);
  if (explicitConfig !== null && !existsSync(explicitConfig)) throw new UsageError(`config file not found: ${configFile ?? ''}`);
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    if (!existsSync(absolute)) throw new UsageError(`no such file or directory: ${given}`);
    const dir = statSync(absolute).isDirectory() ? absolute : path.dirname(absolute);
    const gitRoot = findGitRoot(dir);
    const found = explicitConfig ?? findConfigFile(dir, gitRoot);
    const root = explicitConfig === null && found !== null ? path.dirname(found) : (gitRoot ?? dir);
    const key = `${root}\0${found ?? ''}`;
    const target = targets.get(key) ?? { root, gitRoot: gitRoot !== null && isInside(root, gitRoot) ? gitRoot : null, configFile: found, scopes: [] };
    const scope = path.relative(root, absolute).split(path.sep).join('/');
    if (leavesDirectory(scope)) throw new UsageError(`${given} is outside the project root ${root}`);
    target.scopes.push(scope);
    targets.set(key, target);
  }
  return [...targets.values()];
}

function isInside(child: string, parent: string): boolean {
  return !leavesDirectory(path.relative(parent, child));
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.root < b.root ? -1 : a.root > b.root ? 1 : 0) ||
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.line - b.line ||
    a.column - b.column ||
    (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

export { rules } from './rules/index.js';
export { configSchema } from './config/schema.js';
export { withRulesTable } from './rules-table.js';

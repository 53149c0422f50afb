/**
 * The package's public API (`import { lint } from 'dockerlint-policy'`): `lint()`, the types of its
 * options, result and findings, and the report formatters the CLI uses. Rules, the config schema and
 * the project model are internals: not exported, so they can change without breaking embedders.
 * Every signature here is written out, so that its declarations (dist/lint.d.ts) need no other file
 * than findings.ts's.
 */
import type { Finding, LintOptions, LintResult } from './findings.js';
import { lint as lintPaths } from './lint.js';
import { formatCheckstyle as checkstyle } from './report/checkstyle.js';
import { formatCompact as compact } from './report/compact.js';
import { formatGithub as github } from './report/github.js';
import { formatGitlab as gitlab } from './report/gitlab.js';
import { formatJson as json } from './report/json.js';
import { formatJunit as junit } from './report/junit.js';
import { formatSarif as sarif } from './report/sarif.js';
import { formatStylish as stylish } from './report/stylish.js';
import { rules } from './rules/index.js';

export type {
  Finding,
  Fix,
  LintedProjectSummary,
  LintOptions,
  LintResult,
  PlannedFix,
  RelatedFinding,
  Severity,
  SeveritySetting,
  SkippedFix,
  TextEdit,
} from './findings.js';

/** How a formatter shows paths: relative to `cwd`. */
export interface FormatOptions {
  cwd: string;
}

/**
 * Lints the projects under `options.paths` (default: the current directory) and returns the findings,
 * sorted by file, line, column and rule. Throws on a usage or configuration error (a bad path, an invalid
 * config file), never for a problem in the linted files: that is a `parse-error` finding.
 */
export async function lint(options: LintOptions = {}): Promise<LintResult> {
  return lintPaths(options);
}

/** The CLI's default report: findings grouped by file, each with its fix, and a summary. */
export function formatStylish(findings: readonly Finding[], options: FormatOptions & { color?: boolean }): string {
  return stylish(findings, { cwd: options.cwd, color: options.color ?? false });
}

/** `{ "version": 1, "findings": [...] }`. */
export function formatJson(findings: readonly Finding[]): string {
  return json(findings);
}

/** One line per finding: `file:line:col: severity message [rule]`. */
export function formatCompact(findings: readonly Finding[], options: FormatOptions): string {
  return compact(findings, options);
}

/** GitHub Actions workflow annotations. */
export function formatGithub(findings: readonly Finding[], options: FormatOptions): string {
  return github(findings, options);
}

/** A GitLab Code Quality report. */
export function formatGitlab(findings: readonly Finding[], options: FormatOptions): string {
  return gitlab(findings, options);
}

/** Checkstyle XML. */
export function formatCheckstyle(findings: readonly Finding[], options: FormatOptions): string {
  return checkstyle(findings, options);
}

/** JUnit XML: a failing test case per finding, one passing case when there is none. */
export function formatJunit(findings: readonly Finding[], options: FormatOptions): string {
  return junit(findings, options);
}

/** SARIF 2.1.0, every rule described with its docs page. */
export function formatSarif(findings: readonly Finding[], options: FormatOptions): string {
  return sarif(findings, rules, options);
}

/**
 * The package's public API (`import { lint } from 'dockerlint-policy'`): `lint()`, the types of its
 * options, result and findings, and the report formatters the CLI uses. Rules, the config schema and
 * the project model are internals: not exported, so they can change without breaking embedders.
 * Every signature here is written out, so that its declarations (dist/lint.d.ts) need no other file
 * than findings.ts's.
 */
import type { Finding, LintOptions, LintResult } from './findings.js';
export type { Finding, Fix, LintedProjectSummary, LintOptions, LintResult, PlannedFix, RelatedFinding, Severity, SeveritySetting, SkippedFix, TextEdit, } from './findings.js';
/** How a formatter shows paths: relative to `cwd`. */
export interface FormatOptions {
    cwd: string;
}
/**
 * Lints the projects under `options.paths` (default: the current directory) and returns the findings,
 * sorted by file, line, column and rule. Throws on a usage or configuration error (a bad path, an invalid
 * config file), never for a problem in the linted files: that is a `parse-error` finding.
 */
export declare function lint(options?: LintOptions): Promise<LintResult>;
/** The CLI's default report: findings grouped by file, each with its fix, and a summary. */
export declare function formatStylish(findings: readonly Finding[], options: FormatOptions & {
    color?: boolean;
}): string;
/** `{ "version": 1, "findings": [...] }`. */
export declare function formatJson(findings: readonly Finding[]): string;
/** One line per finding: `file:line:col: severity message [rule]`. */
export declare function formatCompact(findings: readonly Finding[], options: FormatOptions): string;
/** GitHub Actions workflow annotations. */
export declare function formatGithub(findings: readonly Finding[], options: FormatOptions): string;
/** A GitLab Code Quality report. */
export declare function formatGitlab(findings: readonly Finding[], options: FormatOptions): string;
/** Checkstyle XML. */
export declare function formatCheckstyle(findings: readonly Finding[], options: FormatOptions): string;
/** JUnit XML: a failing test case per finding, one passing case when there is none. */
export declare function formatJunit(findings: readonly Finding[], options: FormatOptions): string;
/** SARIF 2.1.0, every rule described with its docs page. */
export declare function formatSarif(findings: readonly Finding[], options: FormatOptions): string;

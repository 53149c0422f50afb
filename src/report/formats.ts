/**
 * The output formats of every command, by name: one registry per kind of report (the lint's findings,
 * the doctor's checklist), and one way to turn `--format NAME` into its writer or a usage error.
 */
import { UsageError, type Finding } from '../lint.js';
import { rules } from '../rules/index.js';
import { formatExplainStylish, type ProjectSummary } from './explain.js';
import { formatJson } from './json.js';
import { formatStylish } from './stylish.js';

/** A format's writer; one that a run rarely asks for is loaded when asked for, so a run pays for its own. */
export type Writer<Report, Context> = (report: Report, context: Context) => string | Promise<string>;

/** The writers of one kind of report, by format name; the first is the default. */
export type FormatRegistry<Report, Context> = Readonly<Record<string, Writer<Report, Context>>>;

/** What a lint report may show besides the findings. */
export interface LintReportContext {
  /** Paths are shown relative to it. */
  cwd: string;
  color: boolean;
  /** With `--explain`: what was understood of each project. */
  explained: readonly ProjectSummary[] | undefined;
}

export const LINT_FORMATS = {
  stylish: (findings, { cwd, color, explained }) => (explained ? formatExplainStylish(explained) : '') + formatStylish(findings, { cwd, color }),
  json: (findings, { explained }) => formatJson(findings, explained),
  github: async (findings, { cwd }) => (await import('./github.js')).formatGithub(findings, { cwd }),
  sarif: async (findings, { cwd }) => (await import('./sarif.js')).formatSarif(findings, rules, { cwd }),
  compact: async (findings, { cwd }) => (await import('./compact.js')).formatCompact(findings, { cwd }),
  gitlab: async (findings, { cwd }) => (await import('./gitlab.js')).formatGitlab(findings, { cwd }),
  checkstyle: async (findings, { cwd }) => (await import('./checkstyle.js')).formatCheckstyle(findings, { cwd }),
  junit: async (findings, { cwd }) => (await import('./junit.js')).formatJunit(findings, { cwd }),
} as const satisfies FormatRegistry<readonly Finding[], LintReportContext>;

/** The names of a registry's formats, for help texts. */
export function formatNames(formats: FormatRegistry<never, never>): string {
  return Object.keys(formats).join(', ');
}

/** The writer that `--format name` asks for, or a usage error that lists the formats there are. */
export function reporterFor<Report, Context>(formats: FormatRegistry<Report, Context>, name: string): Writer<Report, Context> {
  const reporter = Object.hasOwn(formats, name) ? formats[name] : undefined;
  if (reporter === undefined) throw new UsageError(`unknown format '${name}'; expected one of ${formatNames(formats)}`);
  return reporter;
}

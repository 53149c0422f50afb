/**
 * The output formats of every command, by name: one registry per kind of report (the lint's findings,
 * the doctor's checklist), and one way to turn `--format NAME` into its writer or a usage error.
 */
import { UsageError, type Finding } from '../lint.js';
import { rules } from '../rules/index.js';
import { formatCheckstyle } from './checkstyle.js';
import { formatCompact } from './compact.js';
import { formatExplainStylish, type ProjectSummary } from './explain.js';
import { formatGithub } from './github.js';
import { formatGitlab } from './gitlab.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatSarif } from './sarif.js';
import { formatStylish } from './stylish.js';

/** The writers of one kind of report, by format name; the first is the default. */
export type FormatRegistry<Report, Context> = Readonly<Record<string, (report: Report, context: Context) => string>>;

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
  github: (findings, { cwd }) => formatGithub(findings, { cwd }),
  sarif: (findings, { cwd }) => formatSarif(findings, rules, { cwd }),
  compact: (findings, { cwd }) => formatCompact(findings, { cwd }),
  gitlab: (findings, { cwd }) => formatGitlab(findings, { cwd }),
  checkstyle: (findings, { cwd }) => formatCheckstyle(findings, { cwd }),
  junit: (findings, { cwd }) => formatJunit(findings, { cwd }),
} as const satisfies FormatRegistry<readonly Finding[], LintReportContext>;

/** The names of a registry's formats, for help texts. */
export function formatNames(formats: FormatRegistry<never, never>): string {
  return Object.keys(formats).join(', ');
}

/** The writer that `--format name` asks for, or a usage error that lists the formats there are. */
export function reporterFor<Report, Context>(formats: FormatRegistry<Report, Context>, name: string): (report: Report, context: Context) => string {
  const reporter = Object.hasOwn(formats, name) ? formats[name] : undefined;
  if (reporter === undefined) throw new UsageError(`unknown format '${name}'; expected one of ${formatNames(formats)}`);
  return reporter;
}

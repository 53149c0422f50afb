/**
 * The engine's loop: runs each enabled rule on a project with its options, turns reports into findings
 * (severity, suppressions, BuildKit's and hadolint's annotations) and reports unused disable directives.
 */
import { ruleConfigFor, type ResolvedConfig } from '../config/load.js';
import { escapeControlCharacters } from '../text.js';
import type { Project } from '../project/model.js';
import { distinctReports, reportText, type Report, type Rule, type Severity } from './rule.js';
import { rules as allRules } from '../rules/index.js';
import { parseDirectives, Suppressions } from './suppress.js';
import { foreignAnnotations } from './foreign-directives.js';
import { START_OF_FILE } from '../source.js';
import { append } from '../arrays.js';
import { contained, REPORT_REQUEST } from '../internal-error.js';
import { ruleDocsUrl } from '../docs-url.js';
import type { Finding } from '../findings.js';

/** The ids of findings that are not rules of their own. */
export const DIRECTIVE_RULE_ID = 'unused-disable-directive';
/** A report the engine makes for a rule that failed: its message is in `data.message`. */
const INTERNAL_ERROR_MESSAGE_ID = 'internal-error';
const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export function addTiming(timings: Map<string, number>, key: string, ms: number): void {
  timings.set(key, (timings.get(key) ?? 0) + ms);
}

/**
 * Runs every enabled rule (of `rules`, by default all) on a project; returns findings with suppressions
 * applied. Adds each rule's time to `timings`.
 */
export function runRules(
  project: Project,
  config: ResolvedConfig,
  reportUnusedDisableDirectives: boolean,
  timings = new Map<string, number>(),
  rules: readonly Rule[] = allRules,
): Finding[] {
  const suppressionsByFile = new Map<string, Suppressions>();
  /** Per file, the rules that `# check=error=true` makes errors. */
  const errorRulesByFile = new Map<string, ReadonlySet<string>>();
  if (!config.noInlineConfig) {
    for (const doc of project.documents) {
      const directives = parseDirectives(doc.source.path, doc.comments);
      if (doc.kind === 'dockerfile') {
        const foreign = foreignAnnotations(doc, rules, { hadolintPragmas: config.hadolint?.disableIgnorePragma !== true });
        append(directives, foreign.directives);
        if (foreign.errorRuleIds.size > 0) errorRulesByFile.set(doc.source.path, foreign.errorRuleIds);
      }
      if (directives.length > 0) suppressionsByFile.set(doc.source.path, new Suppressions(directives));
    }
  }
  const findings: Finding[] = [];
  for (const rule of rules) {
    for (const { options, files } of optionSets(rule, config)) {
      const started = performance.now();
      // A rule that throws has a bug: its findings are lost, which one finding says; the other rules still run.
      const reports = contained(() => rule.check(project, options), (message): Report[] => [ruleFailure(rule, message)]);
      addTiming(timings, rule.id, performance.now() - started);
      for (const report of distinctReports(reports)) {
        const file = report.location.file;
        const effective = ruleConfigFor(config, rule, file);
        if (effective.severity === 'off' || !files(file)) continue;
        const severity =
          errorRulesByFile.get(file)?.has(rule.id) === true
            ? 'error'
            : report.severity !== undefined && SEVERITY_RANK[report.severity] < SEVERITY_RANK[effective.severity]
              ? report.severity
              : effective.severity;
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


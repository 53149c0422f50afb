/**
 * What a rule is. A rule is a pure function of the parsed project: it never reads files, spawns
 * processes or prints. Messages live in one table per rule so tests assert ids and data, not prose.
 */
import { Type, type Static, type TObject } from '@sinclair/typebox';
import type { Location, RelatedLocation } from '../source.js';
import type { DocumentKind, Project } from '../project/model.js';

export type { Fix, Severity, SeveritySetting, TextEdit } from '../findings.js';
import type { Fix, Severity, SeveritySetting } from '../findings.js';

export type { RelatedLocation } from '../source.js';

/** What a rule reports; the engine adds the rule id, severity and formatted message. */
export interface Report {
  messageId: string;
  data?: Record<string, string | number>;
  location: Location;
  related?: RelatedLocation[];
  fix?: Fix;
  /** At most this severity: a rule may report a milder kind of problem than its configured severity. */
  severity?: Severity;
}

/**
 * What a finding says: `message` is what is wrong, its first sentence at most 100 characters (further
 * sentences may add detail); `help` is how to fix it. Both may hold `{{name}}` placeholders.
 */
export interface MessageTemplate {
  message: string;
  help: string;
}

export interface RuleMeta<Options extends TObject> {
  /** kebab-case, equal to the file name under `src/rules/`. */
  id: string;
  /** One line, shown by `--list-rules` and in the README table. */
  description: string;
  /**
   * `policy`: a rule of the build-caching policy (the reference "before" fixture must trigger each one);
   * `general`: a Dockerfile or compose best practice of the kind hadolint and BuildKit's checks enforce.
   */
  kind: 'policy' | 'general';
  /**
   * The same or overlapping checks of other linters, for `docs/compat.md` and for reading their inline
   * suppressions (`# hadolint ignore=DL3003`, `# check=skip=JSONArgsRecommended`) as ours; `dclint`
   * (compose rules) is named in the docs only.
   */
  equivalents?: { hadolint?: readonly string[]; shellcheck?: readonly string[]; buildkit?: readonly string[]; dclint?: readonly string[] };
  /** The document kinds it reports on (and may be suppressed in). */
  documents: readonly DocumentKind[];
  defaultSeverity: SeveritySetting;
  /** Severity and options in the `dockerlint:strict` preset, where they differ. */
  strict?: { severity?: SeveritySetting; options?: Partial<Static<Options>> };
  fixable: boolean;
  /** TypeBox object schema of the options; every property has a `default`. */
  options: Options;
  /** Message templates by id; `{{name}}` is replaced by `data.name`. */
  messages: Record<string, MessageTemplate>;
}

export interface Rule<Options extends TObject = TObject> extends RuleMeta<Options> {
  check(project: Project, options: Static<Options>): Report[];
}

/**
 * One report per message, place and data: the same service can be read through several compose file
 * groups (a base file with each of its overrides), and a rule need not track what it already said.
 */
export function distinctReports(reports: readonly Report[]): Report[] {
  const byKey = new Map<string, Report>();
  for (const report of reports) {
    const { file, range } = report.location;
    const key = `${report.messageId}\0${file}:${range.start.line}:${range.start.column}\0${JSON.stringify(report.data ?? {})}`;
    if (!byKey.has(key)) byKey.set(key, report);
  }
  return [...byKey.values()];
}

const NO_OPTIONS = Type.Object({}, { additionalProperties: false });

/** A rule as written: without `options` it takes none, and without `fixable` it has no fixes. */
export type RuleDefinition<Options extends TObject> = Omit<Rule<Options>, 'fixable' | 'options'> & { fixable?: boolean; options?: Options };

/** Declares a rule with its option types inferred from the schema. */
export function defineRule<Options extends TObject = typeof NO_OPTIONS>(rule: RuleDefinition<Options>): Rule<Options> {
  // Without `options`, `Options` is its default, the empty object schema.
  return { ...rule, fixable: rule.fixable ?? false, options: rule.options ?? (NO_OPTIONS as TObject as Options) };
}

/** A report's message and help, their placeholders filled from its data. */
export function reportText(rule: Pick<RuleMeta<TObject>, 'messages'>, report: Pick<Report, 'messageId' | 'data'>): MessageTemplate {
  const template = rule.messages[report.messageId];
  if (template === undefined) return { message: report.messageId, help: '' };
  return { message: formatMessage(template.message, report.data), help: formatMessage(template.help, report.data) };
}

/** Fills `{{name}}` placeholders. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) =>
    key in data ? String(data[key]) : whole,
  );
}

/**
 * The JSON report: a stable, versioned shape for other tools. Positions are 1-based; `file` is
 * relative to the project root and `/`-separated. Documented in docs/json-format.md.
 */
import type { Finding } from '../lint.js';
import type { ProjectSummary } from './explain.js';
import { summarize } from './summary.js';

export const JSON_FORMAT_VERSION = 1;

export function formatJson(findings: readonly Finding[], projects?: readonly ProjectSummary[]): string {
  const report = {
    version: JSON_FORMAT_VERSION,
    findings: findings.map((finding) => ({
      rule: finding.rule,
      severity: finding.severity,
      message: finding.message,
      help: finding.help,
      docsUrl: finding.docsUrl,
      file: finding.file,
      line: finding.line,
      column: finding.column,
      endLine: finding.endLine,
      endColumn: finding.endColumn,
      related: finding.related,
      ...(finding.fix ? { fix: finding.fix } : {}),
    })),
    summary: summarize(findings),
    ...(projects === undefined ? {} : { projects }),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

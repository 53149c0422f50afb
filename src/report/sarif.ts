/**
 * SARIF 2.1.0, for code-scanning dashboards. Columns are UTF-16 code units, SARIF's default
 * `columnKind`, as ours are. Paths are relative to the project root (`%SRCROOT%`).
 */
import type { Finding } from '../lint.js';
import type { Rule } from '../rule.js';
import { version } from '../version.js';
import { ruleDocsUrl } from '../docs-url.js';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

export function formatSarif(findings: readonly Finding[], rules: readonly Rule[]): string {
  const ruleIds = [...rules.map((rule) => rule.id), ...new Set(findings.map((finding) => finding.rule).filter((id) => !rules.some((rule) => rule.id === id)))];
  const describe = (id: string): string => rules.find((rule) => rule.id === id)?.description ?? 'dockerlint-disable directive that suppresses nothing';
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'dockerlint',
            version,
            rules: ruleIds.map((id) => {
              const known = rules.some((rule) => rule.id === id);
              return { id, shortDescription: { text: describe(id) }, ...(known ? { helpUri: ruleDocsUrl(id) } : {}) };
            }),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: findings.map((finding) => ({
          ruleId: finding.rule,
          ruleIndex: ruleIds.indexOf(finding.rule),
          level: LEVEL[finding.severity],
          message: { text: `${finding.message} ${finding.help}` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: finding.file, uriBaseId: '%SRCROOT%' },
                region: { startLine: finding.line, startColumn: finding.column, endLine: finding.endLine, endColumn: finding.endColumn },
              },
            },
          ],
          relatedLocations: finding.related.map((related, index) => ({
            id: index,
            message: { text: related.message },
            physicalLocation: {
              artifactLocation: { uri: related.file, uriBaseId: '%SRCROOT%' },
              region: { startLine: related.line, startColumn: related.column },
            },
          })),
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

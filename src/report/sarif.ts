/**
 * SARIF 2.1.0, for code-scanning dashboards (GitHub code scanning among them, whose extra rules it meets:
 * every rule has a full description and help, every result a stable fingerprint). Columns are UTF-16
 * code units, SARIF's default `columnKind`, as ours are. Paths are relative to the directory dockerlint
 * ran in (`%SRCROOT%`: in CI, the checkout) and percent-encoded, as URIs must be.
 */
import { DIRECTIVE_RULE_ID } from '../engine/run-rules.js';
import type { Finding } from '../findings.js';
import type { Rule, SeveritySetting } from '../engine/rule.js';
import { version } from '../version.js';
import { packageDocsUrl, readRuleDocs, ruleDocsUrl } from '../docs-url.js';
import { fingerprintsOf } from './fingerprint.js';
import { findingPath } from './paths.js';

const LEVEL = { error: 'error', warning: 'warning', info: 'note', off: 'none' } as const satisfies Record<SeveritySetting, string>;
const SRCROOT = '%SRCROOT%';
/** The key of our fingerprint in `partialFingerprints`; a new version when its recipe changes. */
const FINGERPRINT_KEY = 'dockerlint/v1';

interface RuleDescriptor {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri: string;
  defaultConfiguration: { level: string };
}

export function formatSarif(findings: readonly Finding[], rules: readonly Rule[], options: { cwd: string }): string {
  const descriptors = rules.map(describeRule);
  if (findings.some((finding) => finding.rule === DIRECTIVE_RULE_ID)) descriptors.push(DIRECTIVE_DESCRIPTOR);
  const ruleIndex = new Map(descriptors.map((descriptor, index) => [descriptor.id, index]));
  const uri = (finding: { root: string; file: string }): string => {
    const relative = findingPath(finding, options.cwd);
    return relative.split('/').map(encodeURIComponent).join('/');
  };
  const fingerprints = fingerprintsOf(findings);
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'dockerlint',
            version,
            semanticVersion: version,
            informationUri: packageDocsUrl('README.md'),
            rules: descriptors,
          },
        },
        originalUriBaseIds: { [SRCROOT]: { description: { text: 'The directory dockerlint ran in.' } } },
        columnKind: 'utf16CodeUnits',
        results: findings.map((finding, index) => ({
          ruleId: finding.rule,
          ruleIndex: ruleIndex.get(finding.rule),
          level: LEVEL[finding.severity],
          message: { text: `${finding.message} ${finding.help}` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: uri(finding), uriBaseId: SRCROOT },
                region: { startLine: finding.line, startColumn: finding.column, endLine: finding.endLine, endColumn: finding.endColumn },
              },
            },
          ],
          partialFingerprints: { [FINGERPRINT_KEY]: fingerprints[index] },
          ...(finding.related.length > 0
            ? {
                relatedLocations: finding.related.map((related, relatedIndex) => ({
                  id: relatedIndex,
                  message: { text: related.message },
                  physicalLocation: {
                    artifactLocation: { uri: uri({ root: finding.root, file: related.file }), uriBaseId: SRCROOT },
                    region: { startLine: related.line, startColumn: related.column },
                  },
                })),
              }
            : {}),
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function describeRule(rule: Rule): RuleDescriptor {
  const page = readRuleDocs(rule.id);
  // The page without its title (the rule id) and the markers of its generated header; the first
  // paragraph says what the rule checks.
  const body = page === null ? rule.description : page.replace(/^# .*\n+/, '').replace(/^<!-- header:(?:start|end)\b.*-->$\n?/gm, '').trim();
  const firstParagraph = body.split(/\n\s*\n/)[0]?.replace(/\s+/g, ' ').trim() ?? rule.description;
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.description },
    fullDescription: { text: firstParagraph },
    help: { text: body, markdown: body },
    helpUri: ruleDocsUrl(rule.id),
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
  };
}

const DIRECTIVE_DESCRIPTOR: RuleDescriptor = {
  id: DIRECTIVE_RULE_ID,
  name: pascalCase(DIRECTIVE_RULE_ID),
  shortDescription: { text: 'dockerlint-disable directive that suppresses nothing' },
  fullDescription: { text: 'A dockerlint-disable comment that suppresses no finding (reported with --report-unused-disable-directives).' },
  help: { text: 'Remove the directive, or name the rule it is meant for.', markdown: 'Remove the directive, or name the rule it is meant for. See "Inline suppression" in the README.' },
  helpUri: packageDocsUrl('README.md'),
  defaultConfiguration: { level: 'error' },
};

function pascalCase(id: string): string {
  return id
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

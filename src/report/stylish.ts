/** The terminal report: findings grouped by file, with counts and a hint about `--fix`. */
import { createColors } from 'picocolors';
import type { Finding } from '../lint.js';
import type { Severity } from '../engine/rule.js';
import { summarize } from './summary.js';
import { counted } from '../text.js';
import { findingsByFile } from './paths.js';


export function formatStylish(findings: readonly Finding[], options: { cwd: string; color: boolean }): string {
  const c = createColors(options.color);
  const paint: Record<Severity, (text: string) => string> = { error: c.red, warning: c.yellow, info: c.blue };
  const lines: string[] = [];
  for (const [shown, group] of findingsByFile(findings, options.cwd)) {
    lines.push('', c.underline(shown || (group[0]?.file ?? '')));
    const positions = group.map((finding) => `${finding.line}:${finding.column}`);
    const width = Math.max(...positions.map((position) => position.length));
    const severityWidth = Math.max(...group.map((finding) => finding.severity.length));
    group.forEach((finding, index) => {
      const position = (positions[index] ?? '').padEnd(width);
      const indent = `  ${' '.repeat(width + severityWidth + 4)}`;
      lines.push(`  ${c.dim(position)}  ${paint[finding.severity](finding.severity.padEnd(severityWidth))}  ${finding.message}  ${c.dim(finding.rule)}`);
      if (finding.help !== '') lines.push(`${indent}${c.green('fix:')} ${finding.help}`);
      for (const related of finding.related) {
        lines.push(`${indent}${c.dim(`↳ ${related.file}:${related.line}:${related.column} ${related.message}`)}`);
      }
    });
  }
  const summary = summarize(findings);
  const total = summary.errors + summary.warnings + summary.infos;
  if (total === 0) return '';
  const mark = summary.errors > 0 ? c.red('✖') : c.yellow('⚠');
  const counts = [counted(summary.errors, 'error'), counted(summary.warnings, 'warning')];
  if (summary.infos > 0) counts.push(counted(summary.infos, 'info'));
  lines.push('', c.bold(`${mark} ${counted(total, 'problem')} (${counts.join(', ')})`));
  if (summary.fixable > 0) lines.push(c.dim(`  ${counted(summary.fixable, 'problem')} potentially fixable with the \`--fix\` option.`));
  // Each rule's docs page once, not once per finding.
  const docs = new Map(findings.flatMap((finding) => (finding.docsUrl === null ? [] : [[finding.rule, finding.docsUrl] as const])));
  if (docs.size > 0) {
    const idWidth = Math.max(...[...docs.keys()].map((id) => id.length));
    lines.push('', 'Rule docs (why, and bad and good examples):', ...[...docs].sort(([a], [b]) => a.localeCompare(b)).map(([id, url]) => `  ${id.padEnd(idWidth)}  ${c.dim(url)}`));
  }
  return `${lines.join('\n')}\n`;
}

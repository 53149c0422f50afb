/** Fingerprints of findings, for the dashboards that track an alert across commits (SARIF, GitLab). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '../lint.js';

/**
 * A fingerprint per finding that survives unrelated edits: the rule, the file and the trimmed text of the
 * flagged line, not its number, so lines added above it change nothing; with the occurrence among the
 * findings of that rule on equal lines of that file, so two equal lines stay two alerts.
 */
export function fingerprintsOf(findings: readonly Finding[]): string[] {
  const linesByFile = new Map<string, readonly string[]>();
  const linesOf = (file: string): readonly string[] => {
    let lines = linesByFile.get(file);
    if (lines === undefined) {
      lines = readLines(file);
      linesByFile.set(file, lines);
    }
    return lines;
  };
  const occurrences = new Map<string, number>();
  // Loaded here, not at start-up: only SARIF and GitLab reports fingerprint.
  const { createHash } = process.getBuiltinModule('node:crypto');
  return findings.map((finding) => {
    const file = path.join(finding.root, finding.file);
    const key = [finding.rule, finding.file, linesOf(file)[finding.line - 1]?.trim() ?? ''].join('\0');
    const occurrence = occurrences.get(key) ?? 0;
    occurrences.set(key, occurrence + 1);
    return createHash('sha256').update(`${key}\0${String(occurrence)}`).digest('hex');
  });
}

/** The file's lines; none when it cannot be read (a finding may be about a file that is missing). */
function readLines(file: string): readonly string[] {
  try {
    return readFileSync(file, 'utf8').split(/\r?\n/);
  } catch {
    return [];
  }
}

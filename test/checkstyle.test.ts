import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { reportOf, type JsonFinding } from './helpers/cli.js';
import { tempTree } from './helpers/tmp.js';

const repoRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

describe('checkstyle format', () => {
  it.each([
    ['the "before" fixture', () => path.join(repoRoot, 'fixtures/snowboarding-before')],
    // Quotes, ampersands and angle brackets in a path and in the messages that quote it.
    ['a path with XML characters', () => tempTree({ 'a&b <"x\'>/Dockerfile': 'FROM python:3.12\nRUN pip install flask\n' })],
  ])('is XML that reads back as the findings: %s', async (_name, project) => {
    const cwd = project();
    const xml = await reportOf(cwd, 'checkstyle');
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'file' || name === 'error' }).parse(xml) as {
      checkstyle: { file?: { name: string; error: { line: string; column: string; severity: string; message: string; source: string }[] }[] };
    };
    const read = (parsed.checkstyle.file ?? []).flatMap((file) =>
      file.error.map((error) => ({ file: file.name, line: Number(error.line), column: Number(error.column), severity: error.severity, message: error.message, source: error.source })),
    );
    const { findings } = JSON.parse(await reportOf(cwd, 'json')) as { findings: JsonFinding[] };
    expect(findings.length).toBeGreaterThan(0);
    expect(read).toEqual(
      findings.map((finding) => ({ file: finding.file, line: finding.line, column: finding.column, severity: finding.severity, message: `${finding.message} ${finding.help}`, source: `dockerlint.${finding.rule}` })),
    );
  });
});

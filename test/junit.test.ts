import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { reportOf } from './helpers/cli.js';
import { tempTree } from './helpers/tmp.js';

const repoRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

interface Suite {
  name: string;
  tests: string;
  failures: string;
  testcase: { name: string; classname: string; failure?: { message: string; type: string; '#text': string } }[];
}

function parse(xml: string): { testsuites: { tests: string; failures: string; testsuite: Suite[] } } {
  return new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testsuite' || name === 'testcase' }).parse(xml) as {
    testsuites: { tests: string; failures: string; testsuite: Suite[] };
  };
}

describe('junit format', () => {
  it.each([
    ['the "before" fixture', () => path.join(repoRoot, 'fixtures/snowboarding-before')],
    ['a path with XML characters', () => tempTree({ 'a&b <"x\'>/Dockerfile': 'FROM python:3.12\nRUN pip install flask\n' })],
  ])('is JUnit XML with a failing test case per finding: %s', async (_name, project) => {
    const cwd = project();
    const { testsuites } = parse(await reportOf(cwd, 'junit'));
    const { findings } = JSON.parse(await reportOf(cwd, 'json')) as { findings: { rule: string; severity: string; file: string; line: number; column: number; message: string; help: string }[] };
    expect(findings.length).toBeGreaterThan(0);
    expect(Number(testsuites.failures)).toBe(findings.length);
    const read = testsuites.testsuite.flatMap((suite) => {
      expect(Number(suite.tests)).toBe(suite.testcase.length);
      expect(Number(suite.failures)).toBe(suite.testcase.length);
      return suite.testcase.map((testcase) => ({ file: testcase.classname, name: testcase.name, type: testcase.failure?.type, message: testcase.failure?.message, text: testcase.failure?.['#text'] }));
    });
    expect(read).toEqual(
      findings.map((finding) => {
        const where = `${finding.file}:${String(finding.line)}:${String(finding.column)}`;
        return { file: finding.file, name: `${where} ${finding.rule}`, type: finding.severity, message: finding.message, text: `${where} ${finding.severity} ${finding.message}\n${finding.help}` };
      }),
    );
  });

  it('a clean project is one passing test case, so a dashboard shows that the check ran', async () => {
    const cwd = tempTree({ 'README.md': '# nothing to lint\n' });
    const { testsuites } = parse(await reportOf(cwd, 'junit'));
    expect(testsuites).toMatchObject({ tests: '1', failures: '0', testsuite: [{ name: 'dockerlint', tests: '1', failures: '0', testcase: [{ name: 'dockerlint', classname: 'dockerlint' }] }] });
  });
});

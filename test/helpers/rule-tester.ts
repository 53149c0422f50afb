/**
 * Table-shaped rule tests in the style of ESLint's RuleTester: each case is a small repository (inline
 * files or a directory under fixtures/) and the exact findings one rule reports on it. Inline files are
 * loaded from memory, through the loader's own walk and reads; fixtures are copied to a temporary
 * directory, and so are the files of a case whose fixes are applied (fixes write files).
 */
import { cpSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/config/defaults.js';
import type { ProjectSettings } from '../../src/config/schema.js';
import { applyFixes } from '../../src/engine/fix.js';
import { lintedText } from '../../src/lint.js';
import { memoryFileSystem } from '../../src/project/file-system.js';
import { loadProject } from '../../src/project/load.js';
import type { Project } from '../../src/project/model.js';
import type { Fix, Report, Rule } from '../../src/engine/rule.js';
import { distinctReports, reportText } from '../../src/engine/rule.js';
import { tempTree } from './tmp.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');

interface CaseBase {
  name: string;
  /** Inline files (path → content), or a fixture directory relative to the repository root. */
  files?: Record<string, string | Buffer>;
  fixture?: string;
  options?: Record<string, unknown>;
  settings?: Partial<ProjectSettings>;
}

export type ValidCase = CaseBase;

export interface ExpectedFinding {
  messageId: string;
  data?: Record<string, string | number>;
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  related?: { file: string; line: number; column?: number }[];
}

export interface InvalidCase extends CaseBase {
  errors: ExpectedFinding[];
  /** Files after `--fix` (path → full content); the fixed tree must then be clean. */
  output?: Record<string, string>;
}

/** Where files held in memory are said to be; nothing is ever read or written there. */
const MEMORY_ROOT = path.join(tmpdir(), 'dockerlint-in-memory');

/** A fixture's copy, so that fixes never touch the committed files; or inline files written out. */
function materialize(testCase: CaseBase): string {
  if (testCase.fixture === undefined) return tempTree(testCase.files ?? {});
  const root = tempTree();
  cpSync(path.join(repoRoot, testCase.fixture), root, { recursive: true });
  return root;
}

/** The case's project: inline files from memory, a fixture from its copy on disk. `root` is where fixes are applied. */
async function loadTestCase(testCase: CaseBase): Promise<{ project: Project; root: string }> {
  if (testCase.fixture !== undefined) {
    const root = materialize(testCase);
    return { project: await loadCase(root, testCase.settings), root };
  }
  return { project: await loadFiles(testCase.files ?? {}, testCase.settings), root: MEMORY_ROOT };
}

export async function loadCase(root: string, settings: Partial<ProjectSettings> = {}): Promise<Project> {
  return loadProject({ root, gitRoot: null, ignorePatterns: [], settings: { ...DEFAULT_SETTINGS, ...settings } });
}

/** A project of files held in memory (path → content), loaded as from disk. */
export async function loadFiles(files: Readonly<Record<string, string | Buffer>>, settings: Partial<ProjectSettings> = {}): Promise<Project> {
  const fileSystem = memoryFileSystem(MEMORY_ROOT, files);
  return loadProject({ root: MEMORY_ROOT, gitRoot: null, ignorePatterns: [], settings: { ...DEFAULT_SETTINGS, ...settings }, fileSystem });
}

export function runRule(rule: Rule, project: Project, options: Record<string, unknown> = {}): Report[] {
  const complete = Value.Default(rule.options, structuredClone(options)) as Record<string, unknown>;
  expect(Value.Check(rule.options, complete), `options ${JSON.stringify(options)} must be valid for ${rule.id}`).toBe(true);
  return distinctReports(rule.check(project, complete));
}

function comparable(report: Report, expected: ExpectedFinding): ExpectedFinding {
  const { start, end } = report.location.range;
  return {
    messageId: report.messageId,
    ...(expected.data === undefined ? {} : { data: report.data ?? {} }),
    file: report.location.file,
    line: start.line,
    column: start.column,
    ...(expected.endLine === undefined ? {} : { endLine: end.line }),
    ...(expected.endColumn === undefined ? {} : { endColumn: end.column }),
    ...(expected.related === undefined
      ? {}
      : {
          related: (report.related ?? []).map((related, index) => ({
            file: related.location.file,
            line: related.location.range.start.line,
            ...(expected.related?.[index]?.column === undefined ? {} : { column: related.location.range.start.column }),
          })),
        }),
  };
}

const order = (a: Report, b: Report): number =>
  a.location.file.localeCompare(b.location.file) ||
  a.location.range.start.line - b.location.range.start.line ||
  a.location.range.start.column - b.location.range.start.column ||
  a.messageId.localeCompare(b.messageId);

const expectedOrder = (a: ExpectedFinding, b: ExpectedFinding): number =>
  a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.messageId.localeCompare(b.messageId);

/** The first sentence of a message: up to a full stop that a new sentence follows (`COPY . .` is not one). */
export function firstSentence(message: string): string {
  const end = /[.!?](?=\s+[A-Z`'"])/.exec(message);
  return end === null ? message : message.slice(0, end.index + 1);
}

/** A finding a person can act on: what is wrong in a first sentence of at most 100 characters, and how to fix it. */
export function expectActionable(message: string, help: string): void {
  expect(firstSentence(message).length, `first sentence of "${message}"`).toBeLessThanOrEqual(100);
  expect(help.trim(), `help for "${message}"`).not.toBe('');
}

/** Declares vitest cases for a rule: valid cases report nothing, invalid ones exactly `errors`. */
export function ruleTests(rule: Rule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(rule.id, () => {
    for (const testCase of cases.valid) {
      it(`valid: ${testCase.name}`, async () => {
        const { project } = await loadTestCase(testCase);
        const messages = runRule(rule, project, testCase.options).map((report) => `${report.location.file}:${report.location.range.start.line} ${reportText(rule, report).message}`);
        expect(messages).toEqual([]);
      });
    }
    for (const testCase of cases.invalid) {
      it(`invalid: ${testCase.name}`, async () => {
        const { project, root } = await loadTestCase(testCase);
        const reports = runRule(rule, project, testCase.options).sort(order);
        const expected = [...testCase.errors].sort(expectedOrder);
        expect(reports.map((report, index) => comparable(report, expected[index] ?? expected[0] ?? ({} as ExpectedFinding)))).toEqual(expected);
        for (const report of reports) {
          expect(rule.messages[report.messageId], `message id '${report.messageId}' of ${rule.id}`).toBeDefined();
          const { message, help } = reportText(rule, report);
          expect(`${message} ${help}`, 'every placeholder is filled').not.toMatch(/\{\{/);
          expectActionable(message, help);
        }
        if (testCase.output) await expectFixed(rule, root, project, reports, testCase);
      });
    }
  });
}

async function expectFixed(rule: Rule, loadedRoot: string, project: Project, reports: Report[], testCase: InvalidCase): Promise<void> {
  expect(rule.fixable, `${rule.id} declares fixable`).toBe(true);
  // Files loaded from memory are written out as they were read, for the fixes to write to.
  const root = loadedRoot === MEMORY_ROOT ? materialize(testCase) : loadedRoot;
  const fixes = reports.flatMap((report): Fix[] => (report.fix ? [report.fix] : []));
  expect(applyFixes(root, fixes, (file) => lintedText(project, file)).skipped).toEqual([]);
  for (const [file, content] of Object.entries(testCase.output ?? {})) {
    expect(readFileSync(path.join(root, file), 'utf8'), `${file} after --fix`).toBe(content);
  }
  const again = runRule(rule, await loadCase(root, testCase.settings), testCase.options);
  expect(again.filter((report) => report.fix !== undefined), 'a second --fix has nothing left to do').toEqual([]);
}

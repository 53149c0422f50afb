/**
 * The inline annotations of hadolint and of BuildKit's build checks, read as dockerlint suppressions so
 * that a Dockerfile annotated for them needs no new comments. Which of our rules a code stands for comes
 * from rule metadata alone (`equivalents`): a new rule needs nothing here.
 *
 *   # hadolint ignore=DL3003,SC2086        the next instruction (a trailing `# reason` is allowed)
 *   # hadolint global ignore=DL3003        the whole file
 *   # hadolint stage ignore=DL3003         from the next line to the next stage
 *   # check=skip=JSONArgsRecommended;error=true   a parser directive at the top: the whole file;
 *                                          `error=true` makes the findings of BuildKit's checks errors
 *   # check=skip=JSONArgsRecommended       above an instruction (BuildKit 1.21): that instruction, or the
 *                                          stage when above a FROM
 *
 * A code that no rule of ours names is ignored: an annotation never silences more than it names.
 */
import { type CheckOptions, parseCheckOptions } from '../project/check-directive.js';
import type { DockerfileDoc, Instruction } from '../project/model.js';
import type { Rule } from './rule.js';
import type { Comment } from '../source.js';
import type { Directive } from './suppress.js';

export interface ForeignAnnotations {
  directives: Directive[];
  /** Rules whose findings in this file are errors: `# check=error=true` fails the build on BuildKit's checks. */
  errorRuleIds: Set<string>;
}

/** hadolint's pragma grammar: `hadolint [global|stage] ignore = CODE[, CODE…] [# comment]`. */
const HADOLINT_PRAGMA = /^[ \t]*hadolint[ \t]+(?:(global|stage)[ \t]+)?ignore[ \t]*=[ \t]*([DLSC0-9]+(?:[ \t]*,[ \t]*[DLSC0-9]+)*)[ \t]*(?:#.*)?$/;
/** A parser directive line, as BuildKit reads one (`# key = value`). */
const PARSER_DIRECTIVE = /^\s*([A-Za-z][A-Za-z0-9]*)\s*=\s*(.+?)\s*$/;
/** Parser directives BuildKit knows; an unknown one ends the directives. */
const KNOWN_DIRECTIVES = new Set(['syntax', 'escape', 'check']);
/** A `# check=…` comment above an instruction: its value ends at the first space (a reason may follow). */
const INSTRUCTION_CHECK = /^\s*check\s*=\s*(\S+)/i;
const TO_END = Number.MAX_SAFE_INTEGER;

/** Our rule ids by the codes of one linter that name them. */
function ruleIdsByCode(rules: readonly Rule[], linters: readonly ('hadolint' | 'shellcheck' | 'buildkit')[]): Map<string, string[]> {
  const byCode = new Map<string, string[]>();
  for (const rule of rules) {
    for (const linter of linters) {
      for (const code of rule.equivalents?.[linter] ?? []) byCode.set(code, [...(byCode.get(code) ?? []), rule.id]);
    }
  }
  return byCode;
}

interface CodeTables {
  hadolintCodes: ReadonlyMap<string, readonly string[]>;
  buildkitCodes: ReadonlyMap<string, readonly string[]>;
  allBuildkit: readonly string[];
}

/** The code tables of a rule list, made once per list (a run lints every Dockerfile with the same one). */
const codeTablesByRules = new WeakMap<readonly Rule[], CodeTables>();

function codeTables(rules: readonly Rule[]): CodeTables {
  let tables = codeTablesByRules.get(rules);
  if (tables === undefined) {
    const buildkitCodes = ruleIdsByCode(rules, ['buildkit']);
    tables = { hadolintCodes: ruleIdsByCode(rules, ['hadolint', 'shellcheck']), buildkitCodes, allBuildkit: [...new Set([...buildkitCodes.values()].flat())] };
    codeTablesByRules.set(rules, tables);
  }
  return tables;
}

const mapped = (codes: readonly string[], byCode: ReadonlyMap<string, readonly string[]>): string[] => [...new Set(codes.flatMap((code) => byCode.get(code) ?? []))];

/** The hadolint and BuildKit annotations of a Dockerfile, as directives on our rules. */
export function foreignAnnotations(doc: DockerfileDoc, rules: readonly Rule[], options: { hadolintPragmas: boolean }): ForeignAnnotations {
  const { hadolintCodes, buildkitCodes, allBuildkit } = codeTables(rules);
  const file = doc.source.path;
  const directives: Directive[] = [];
  const add = (comment: Comment, foreign: 'hadolint' | 'buildkit', ruleIds: readonly string[], lines: { from: number; to: number } | null): void => {
    if (ruleIds.length === 0) return;
    const location = { file, range: comment.range };
    directives.push(
      lines === null
        ? { kind: 'disable-file', ruleIds, location, line: comment.line, foreign }
        : { kind: 'disable-lines', ruleIds, location, line: comment.line, lines, foreign },
    );
  };
  const startingAt = new Map<number, Instruction>();
  for (const instruction of doc.instructions) startingAt.set(instruction.range.start.line, instruction);
  const fromLines = doc.stages.map((stage) => stage.from.range.start.line);
  /** Lines of the instruction, or of the whole stage when it is a FROM. */
  const coveredBy = (instruction: Instruction): { from: number; to: number } => {
    const from = instruction.range.start.line;
    if (instruction.keyword !== 'FROM') return { from, to: instruction.range.end.line };
    const next = fromLines.find((line) => line > from);
    return { from, to: next === undefined ? TO_END : next - 1 };
  };

  if (options.hadolintPragmas) {
    for (const comment of doc.comments) {
      const match = HADOLINT_PRAGMA.exec(comment.text);
      if (match === null) continue;
      const ruleIds = mapped((match[2] ?? '').split(',').map((code) => code.trim()), hadolintCodes);
      if (match[1] === 'global') add(comment, 'hadolint', ruleIds, null);
      else if (match[1] === 'stage') {
        const next = fromLines.find((line) => line > comment.line + 1);
        add(comment, 'hadolint', ruleIds, { from: comment.line + 1, to: next === undefined ? TO_END : next - 1 });
      } else {
        const instruction = startingAt.get(comment.line + 1);
        // Only an instruction on the very next line, as hadolint reads it; a FROM means that line only.
        if (instruction !== undefined) add(comment, 'hadolint', ruleIds, { from: instruction.range.start.line, to: instruction.range.end.line });
      }
    }
  }

  const fileOptions = topCheckDirective(doc.comments);
  const skipped = fileOptions === null ? [] : fileOptions.options.skip === 'all' ? allBuildkit : mapped(fileOptions.options.skip, buildkitCodes);
  if (fileOptions !== null) add(fileOptions.comment, 'buildkit', skipped, null);
  const errorRuleIds = new Set(fileOptions?.options.error === true ? allBuildkit.filter((id) => !skipped.includes(id)) : []);

  for (const [instruction, comment] of checkCommentsAbove(doc)) {
    const options = parseCheckOptions(INSTRUCTION_CHECK.exec(comment.text)?.[1] ?? '');
    if (options === null) continue;
    add(comment, 'buildkit', options.skip === 'all' ? allBuildkit : mapped(options.skip, buildkitCodes), coveredBy(instruction));
  }
  return { directives, errorRuleIds };
}

/** The `# check=` parser directive among those that open the file, with its options. */
function topCheckDirective(comments: readonly Comment[]): { comment: Comment; options: CheckOptions } | null {
  let line = 1;
  for (const comment of comments) {
    if (comment.line !== line) break;
    const match = PARSER_DIRECTIVE.exec(comment.text);
    const name = match?.[1]?.toLowerCase();
    if (name === undefined || !KNOWN_DIRECTIVES.has(name)) break;
    if (name === 'check') {
      const options = parseCheckOptions(match?.[2] ?? '');
      return options === null ? null : { comment, options };
    }
    line++;
  }
  return null;
}

/**
 * Each `# check=` comment in the comment lines that lead to an instruction, as BuildKit collects them:
 * since the previous instruction, blank lines included, an empty `#` line starting afresh.
 */
function checkCommentsAbove(doc: DockerfileDoc): [Instruction, Comment][] {
  const found: [Instruction, Comment][] = [];
  let next = 0;
  let previousEnd = 0;
  for (const instruction of doc.instructions) {
    const start = instruction.range.start.line;
    let block: Comment[] = [];
    while (next < doc.comments.length && (doc.comments[next]?.line ?? 0) < start) {
      const comment = doc.comments[next];
      next++;
      if (comment === undefined || comment.line <= previousEnd) continue;
      if (comment.text.trim() === '') block = [];
      else block.push(comment);
    }
    for (const comment of block) if (INSTRUCTION_CHECK.test(comment.text)) found.push([instruction, comment]);
    previousEnd = instruction.range.end.line;
  }
  return found;
}

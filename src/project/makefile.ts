/**
 * Makefiles read line by line the way GNU make reads them, for what rules ask: variable assignments,
 * rules with their targets and prerequisites, and recipes, each command line parsed as shell. Both
 * branches of a conditional are read (which one make takes depends on its environment); `include`d
 * files are not followed (each is linted as a file of its own).
 *
 * No maintained package reads this well enough: tree-sitter-make misreads `:::=`, a comment after a
 * value and `target: export NAME = value`, and its error recovery takes the lines after them along.
 */
import { append } from '../arrays.js';
import type { Comment, Range, SourceFile } from '../source.js';
import type { MappedShellParser } from './compose-command.js';
import type { MakeAssignmentOperator, MakefileDoc, MakeRecipeLine, MakeRule, MakeVariable, ShellScript, ShellWord } from './model.js';

const CONDITIONAL = /^(?:ifeq|ifneq|ifdef|ifndef|else|endif)(?=[\s(]|$)/;
/** Directives that are not assignments or rules; a line starting with one ends the rule above it. */
const DIRECTIVE = /^(?:-?include|sinclude|-?load|vpath|undefine|unexport)(?=\s|$)/;
const MODIFIERS = new Set(['export', 'override', 'private']);
/** Longest first: `:::=` before `::=` before `:=`. */
const OPERATORS: readonly MakeAssignmentOperator[] = [':::=', '::=', ':=', '?=', '+=', '!=', '='];
/** What a make reference (`$(VAR)`, `${VAR}`, `$@`) becomes in a recipe's shell text: an expansion whose value is unknown. */
const OPAQUE = '${_}';

interface Span {
  start: number;
  end: number;
}

export function parseMakefile(source: SourceFile, parseShell: MappedShellParser): MakefileDoc {
  return new MakefileReader(source, parseShell).read();
}

class MakefileReader {
  readonly #source: SourceFile;
  readonly #text: string;
  readonly #parseShell: MappedShellParser;
  readonly #lines: Span[];
  #recipePrefix = '\t';
  readonly variables: MakeVariable[] = [];
  readonly rules: MakeRule[] = [];
  readonly comments: Comment[] = [];

  constructor(source: SourceFile, parseShell: MappedShellParser) {
    this.#source = source;
    this.#text = source.text;
    this.#parseShell = parseShell;
    this.#lines = physicalLines(this.#text);
  }

  read(): MakefileDoc {
    let rule: MakeRule | null = null;
    for (let index = 0; index < this.#lines.length; ) {
      const { line, next } = this.#logicalLine(index);
      index = next;
      if (rule !== null && this.#text[line.start] === this.#recipePrefix) {
        rule.recipe.push(this.#recipeLine(line.start + 1, line.end));
        continue;
      }
      const codeEnd = this.#commentStart(line);
      const code = trimmed(this.#text, line.start, codeEnd);
      const first = this.#text.slice(code.start, code.end);
      if (code.start === code.end || CONDITIONAL.test(first)) {
        // Blank lines, comments and conditionals do not end a recipe.
        this.#addComment(codeEnd, line.end);
        continue;
      }
      rule = null;
      const define = /^((?:(?:export|override|private)\s+)*)define(?=\s|$)/.exec(first);
      if (define !== null) {
        index = this.#define(code, define[0].length, index);
        continue;
      }
      const ruleLine = this.#assignmentOrRule(code, line.end);
      // A recipe after `;` holds no make comment: `#` there is the shell's.
      if (ruleLine === null || ruleLine.recipe.length === 0) this.#addComment(codeEnd, line.end);
      rule = ruleLine;
    }
    const comments = [...this.comments, ...this.rules.flatMap((rule) => rule.recipe.flatMap((line) => line.shell.comments))];
    comments.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column);
    const recipeLines = [...this.rules.flatMap((rule) => rule.recipe), ...this.variables.flatMap((variable) => variable.cannedRecipe ?? [])];
    recipeLines.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column);
    return { kind: 'makefile', source: this.#source, comments, variables: this.variables, rules: this.rules, recipeLines };
  }

  /** The physical lines from `index` that make joins into one: each but the last ends in an odd number of backslashes. */
  #logicalLine(index: number): { line: Span; next: number } {
    let last = index;
    while (last + 1 < this.#lines.length && endsInContinuation(this.#text, this.#line(last))) last++;
    return { line: { start: this.#line(index).start, end: this.#line(last).end }, next: last + 1 };
  }

  /** The physical line at `index`; past the last, the empty line at the end of the text. */
  #line(index: number): Span {
    return this.#lines[index] ?? { start: this.#text.length, end: this.#text.length };
  }

  /** Where the comment starts (the first `#` not escaped by a backslash), or the end of the line. */
  #commentStart(line: Span): number {
    for (let at = line.start; at < line.end; at++) {
      if (this.#text[at] === '#' && backslashesBefore(this.#text, at) % 2 === 0) return at;
    }
    return line.end;
  }

  #addComment(hashAt: number, end: number): void {
    if (hashAt >= end) return;
    const range = this.#source.range(hashAt, end);
    this.comments.push({ line: range.start.line, text: this.#text.slice(hashAt + 1, end), range });
  }

  /**
   * `[modifiers] define NAME [operator]` up to the matching `endef` (nested defines counted); returns the
   * index of the line after it. The body is the value, and is read as a canned recipe as well.
   */
  #define(code: Span, keywordEnd: number, index: number): number {
    const words = this.#text.slice(code.start, code.start + keywordEnd).split(/\s+/).filter((word) => word !== '' && word !== 'define');
    const head = this.#text.slice(code.start + keywordEnd, code.end).trim();
    const operator = OPERATORS.find((candidate) => head.endsWith(candidate)) ?? '=';
    const name = (head.endsWith(operator) ? head.slice(0, -operator.length) : head).trim();
    let depth = 1;
    let end = index;
    while (end < this.#lines.length) {
      const line = this.#line(end);
      const first = this.#text.slice(line.start, line.end).trim();
      if (/^(?:(?:export|override|private)\s+)*define(?=\s|$)/.test(first)) depth++;
      if (/^endef(?=\s|#|$)/.test(first) && --depth === 0) break;
      end++;
    }
    const bodyStart = this.#line(index).start;
    const bodyEnd = end > index ? this.#line(end - 1).end : bodyStart;
    const cannedRecipe: MakeRecipeLine[] = [];
    for (let at = index; at < end; ) {
      const { line, next } = this.#logicalLine(at);
      at = Math.min(next, end);
      if (trimmed(this.#text, line.start, line.end).start < line.end) cannedRecipe.push(this.#recipeLine(line.start, Math.min(line.end, bodyEnd)));
    }
    if (name !== '' && !/\s/.test(name)) {
      this.variables.push({
        name,
        operator,
        modifiers: words,
        value: this.#text.slice(bodyStart, bodyEnd),
        valueRange: this.#source.range(bodyStart, bodyEnd),
        range: this.#source.range(code.start, bodyEnd),
        targets: null,
        cannedRecipe,
      });
    }
    return end + 1;
  }

  /** An assignment or a rule line (`code` is the line without its comment; `lineEnd` ends it with the comment). */
  #assignmentOrRule(code: Span, lineEnd: number): MakeRule | null {
    const text = this.#text;
    const separator = findTopLevel(text, code.start, code.end, ':=');
    if (separator === -1) return null;
    const operator = operatorAt(text, separator, code.start);
    if (operator !== null) {
      if (!DIRECTIVE.test(text.slice(code.start, code.end)) || /^\S+\s*$/.test(text.slice(code.start, operator.start))) {
        this.#variable(code.start, operator, code.end, null);
      }
      return null;
    }
    if (DIRECTIVE.test(text.slice(code.start, code.end))) return null;
    // A rule: `targets : prerequisites [; recipe]` or `targets : [modifiers] NAME = value`.
    const colonEnd = text.startsWith('::', separator) ? separator + 2 : separator + 1;
    const targets = topLevelWords(text, code.start, separator);
    const assignment = findTopLevel(text, colonEnd, code.end, '=;');
    if (assignment !== -1 && text[assignment] === '=') {
      const targetOperator = operatorAt(text, assignment, colonEnd);
      if (targetOperator !== null) this.#variable(colonEnd, targetOperator, code.end, targets);
      return null;
    }
    const semicolon = assignment;
    const rule: MakeRule = {
      targets,
      prerequisites: topLevelWords(text, colonEnd, semicolon === -1 ? code.end : semicolon),
      range: this.#source.range(code.start, semicolon === -1 ? code.end : lineEnd),
      recipe: semicolon === -1 ? [] : [this.#recipeLine(semicolon + 1, lineEnd)],
    };
    this.rules.push(rule);
    return rule;
  }

  #variable(start: number, operator: { start: number; operator: MakeAssignmentOperator }, end: number, targets: string[] | null): void {
    const words = this.#text.slice(start, operator.start).trim().split(/\s+/);
    const modifiers: string[] = [];
    while (words.length > 1 && MODIFIERS.has(words[0] ?? '')) modifiers.push(words.shift() ?? '');
    const name = words.join(' ');
    if (name === '' || words.length > 1) return;
    const valueStart = operator.start + operator.operator.length;
    const written = trimmed(this.#text, valueStart, end);
    const value = this.#text
      .slice(written.start, written.end)
      .replace(/[ \t]*\\\r?\n[ \t]*/g, ' ')
      .replace(/\\#/g, '#');
    const first = trimmed(this.#text, start, end).start;
    const valueRange = written.start === written.end ? this.#source.range(valueStart, valueStart) : this.#source.range(written.start, written.end);
    this.variables.push({ name, operator: operator.operator, modifiers, value, valueRange, range: this.#source.range(first, written.end), targets, cannedRecipe: null });
    if (name === '.RECIPEPREFIX' && targets === null) this.#recipePrefix = value === '' ? '\t' : value.charAt(0);
  }

  /**
   * One command line of a recipe, from after the recipe prefix to the end of its logical line: the
   * leading `@`, `-` and `+` (and blanks) are make's; the rest goes to the shell with each continuation
   * line's recipe prefix removed, `$$` read as `$` and every make reference as an expansion of unknown value.
   */
  #recipeLine(from: number, to: number): MakeRecipeLine {
    const text = this.#text;
    let start = from;
    let prefix = '';
    while (start < to && /[@+\- \t]/.test(text[start] ?? '')) {
      const char = text.charAt(start);
      if (char !== ' ' && char !== '\t') prefix += char;
      start++;
    }
    let shell = '';
    /** The source offset of each character of `shell`, and of its end. */
    const offsets: number[] = [];
    const references: Span[] = [];
    const emit = (chars: string, at: number): void => {
      shell += chars;
      append(offsets, Array<number>(chars.length).fill(at));
    };
    for (let at = start; at < to; ) {
      const char = text[at] ?? '';
      if (char === '\r' && text[at + 1] === '\n') {
        at++;
      } else if (char === '\n') {
        emit('\n', at);
        at += text[at + 1] === this.#recipePrefix ? 2 : 1;
      } else if (char === '$' && text[at + 1] === '$') {
        emit('$', at);
        at += 2;
      } else if (char === '$' && at + 1 < to && text[at + 1] !== '\n') {
        const end = referenceEnd(text, at, to);
        references.push({ start: at, end });
        emit(OPAQUE, at);
        at = end;
      } else {
        emit(char, at);
        at++;
      }
    }
    offsets.push(to);
    const map = (from: number, until: number): Range => this.#source.range(offsets[from] ?? to, offsets[until] ?? to);
    const parsed = this.#parseShell(shell, map);
    return { prefix, range: this.#source.range(start, to), shell: this.#asWritten(parsed, references) };
  }

  /**
   * The words as written in the Makefile (`$$HOME`, `$(VERSION)`, not the shell text they were read as);
   * words and assignment values that hold a make reference are unknown, even in single quotes (make
   * expands them first).
   */
  #asWritten(script: ShellScript, references: readonly Span[]): ShellScript {
    const span = (range: Range): Span => ({ start: this.#source.offsetAt(range.start), end: this.#source.offsetAt(range.end) });
    const holdsReference = ({ start, end }: Span): boolean => references.some((reference) => reference.start < end && start < reference.end);
    const word = (shellWord: ShellWord): ShellWord => {
      const written = span(shellWord.range);
      return { ...shellWord, raw: this.#text.slice(written.start, written.end), value: holdsReference(written) ? null : shellWord.value };
    };
    return {
      ...script,
      commands: script.commands.map((command) => ({ ...command, args: command.args.map(word) })),
      assignments: script.assignments.map((assignment) => (holdsReference(span(assignment.valueRange)) ? { ...assignment, value: null } : assignment)),
    };
  }
}

function physicalLines(text: string): Span[] {
  const lines: Span[] = [];
  let start = 0;
  while (start <= text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    lines.push({ start, end: text[end - 1] === '\r' ? end - 1 : end });
    if (newline === -1) break;
    start = newline + 1;
  }
  return lines;
}

function backslashesBefore(text: string, at: number): number {
  let count = 0;
  while (text[at - 1 - count] === '\\') count++;
  return count;
}

function endsInContinuation(text: string, line: Span): boolean {
  return backslashesBefore(text, line.end) % 2 === 1;
}

function trimmed(text: string, start: number, end: number): Span {
  let from = start;
  let to = end;
  while (from < to && /\s/.test(text[from] ?? '')) from++;
  while (to > from && /\s/.test(text[to - 1] ?? '')) to--;
  return { start: from, end: to };
}

/** The end of the make reference at `at` (`$(…)` and `${…}` with nesting, else `$` and one character). */
function referenceEnd(text: string, at: number, to: number): number {
  const open = text[at + 1];
  if (open !== '(' && open !== '{') return at + 2;
  const close = open === '(' ? ')' : '}';
  let depth = 0;
  for (let index = at + 1; index < to; index++) {
    if (text[index] === open) depth++;
    if (text[index] === close && --depth === 0) return index + 1;
  }
  return to;
}

/** The first of `chars` in `text[from, to)` outside make references, or -1. */
function findTopLevel(text: string, from: number, to: number, chars: string): number {
  for (let at = from; at < to; at++) {
    const char = text[at] ?? '';
    if (char === '$') at = referenceEnd(text, at, to) - 1;
    else if (chars.includes(char)) return at;
  }
  return -1;
}

/** The assignment operator that `:` or `=` at `at` belongs to, or `null` when a `:` is a rule's. */
function operatorAt(text: string, at: number, lineStart: number): { start: number; operator: MakeAssignmentOperator } | null {
  if (text[at] === ':') {
    const colons = /^:{1,3}=/.exec(text.slice(at, at + 4));
    return colons === null ? null : { start: at, operator: colons[0] as MakeAssignmentOperator };
  }
  const before = at > lineStart ? text[at - 1] : undefined;
  if (before === '?' || before === '+' || before === '!') return { start: at - 1, operator: `${before}=` };
  return { start: at, operator: '=' };
}

/** Whitespace-separated words, a make reference (which may hold spaces) kept within its word. */
function topLevelWords(text: string, from: number, to: number): string[] {
  const words: string[] = [];
  let word = '';
  for (let at = from; at < to; at++) {
    const char = text[at] ?? '';
    if (char === '$') {
      const end = referenceEnd(text, at, to);
      word += text.slice(at, end);
      at = end - 1;
    } else if (/\s/.test(char)) {
      if (word !== '') words.push(word);
      word = '';
    } else {
      word += char;
    }
  }
  if (word !== '') words.push(word);
  return words;
}

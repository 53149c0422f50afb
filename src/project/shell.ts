/**
 * Shell parsing for RUN/CMD/ENTRYPOINT and shell scripts: tree-sitter-bash (WASM) turned into the
 * flat list of simple commands of `ShellScript`, with wrappers, pipelines, functions, nested
 * `sh -c` strings and shell-fed heredocs resolved.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import type { Edit, Node, Parser, Point, Tree } from 'web-tree-sitter';
import { SourceFile, type Comment, type Range } from '../source.js';
import type { ParseProblem, ShellAssignment, ShellCommand, ShellExpansion, ShellScript, ShellWord } from './model.js';
import { decodeAnsiC, neutraliseUnsupported, unescapeDoubleQuoted, unescapeWord } from './shell-text.js';
import { basename, readsScriptFromStdin, SHELL_HEREDOC_WRAPPER, shellInvocation, type Token, type Unwrapped, unwrapCommand } from './shell-wrappers.js';
import { append } from '../arrays.js';

// ─── Loading ─────────────────────────────────────────────────────────────────

export interface ShellWasmFiles {
  /** The web-tree-sitter runtime (`web-tree-sitter.wasm`). */
  runtime: string;
  /** The bash grammar (`tree-sitter-bash.wasm`). */
  grammar: string;
  /** mvdan/sh, the syntax checker (`sh-syntax.wasm`, see shell-syntax.ts). */
  syntaxChecker: string;
}

const WASM_FILES = [
  { key: 'runtime', file: 'web-tree-sitter.wasm', packageFile: 'web-tree-sitter/web-tree-sitter.wasm' },
  { key: 'grammar', file: 'tree-sitter-bash.wasm', packageFile: 'tree-sitter-bash/tree-sitter-bash.wasm' },
  { key: 'syntaxChecker', file: 'sh-syntax.wasm', packageFile: 'sh-syntax/main.wasm' },
] as const;

/**
 * Where the wasm files are: next to the module at `moduleUrl` (the build copies them beside the
 * bundle), else in the installed packages. Throws when one cannot be found.
 */
export function findShellWasm(
  moduleUrl: string,
  fileExists: (path: string) => boolean = existsSync,
  resolvePackageFile: (specifier: string) => string = createRequire(moduleUrl).resolve,
): ShellWasmFiles {
  const found: Partial<Record<keyof ShellWasmFiles, string>> = {};
  for (const { key, file, packageFile } of WASM_FILES) {
    const beside = fileURLToPath(new URL(`./${file}`, moduleUrl));
    if (fileExists(beside)) {
      found[key] = beside;
      continue;
    }
    try {
      found[key] = resolvePackageFile(packageFile);
    } catch {
      throw new Error(
        `cannot load the shell parser: ${file} is neither next to ${fileURLToPath(new URL('.', moduleUrl))} ` +
          `nor resolvable as ${packageFile}; reinstall dockerlint-policy (from source: run npm ci, or npm run build)`,
      );
    }
  }
  const { runtime, grammar, syntaxChecker } = found;
  if (runtime === undefined || grammar === undefined || syntaxChecker === undefined) throw new Error('unreachable: wasm lookup incomplete');
  return { runtime, grammar, syntaxChecker };
}


interface LoadedParser {
  parser: Parser;
  Edit: typeof Edit;
}

let loaded: LoadedParser | null = null;
let loading: Promise<void> | null = null;

async function loadParser(): Promise<void> {
  const files = findShellWasm(import.meta.url);
  // Without Liftoff-only, V8's background optimising compile of the grammar delays process exit by ~300 ms.
  v8.setFlagsFromString('--liftoff-only');
  const treeSitter = await import('web-tree-sitter');
  await treeSitter.Parser.init({
    locateFile: (name: string, scriptDirectory: string) =>
      name === 'web-tree-sitter.wasm' ? files.runtime : scriptDirectory + name,
  });
  const language = await treeSitter.Language.load(files.grammar);
  const parser = new treeSitter.Parser();
  parser.setLanguage(language);
  loaded = { parser, Edit: treeSitter.Edit };
}

/** Loads web-tree-sitter and the bash grammar, once. `parseShell` needs it to have resolved. */
export function initShellParser(): Promise<void> {
  loading ??= loadParser().catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

// ─── Parsing ─────────────────────────────────────────────────────────────────

/** Maps offsets of a parsed text to ranges of the source file. */
type RangeMap = (start: number, end: number) => Range;

interface Scope {
  inFunction: string | null;
  /** Wrappers of the command that runs this script (`sh -c` nesting). */
  wrappers: readonly string[];
  /** Options the shells running this script were started with (`bash -o pipefail -c`). */
  options: readonly string[];
}

interface ParseContext {
  source: SourceFile;
  commands: ShellCommand[];
  assignments: ShellAssignment[];
  errors: ParseProblem[];
  /** `#` comments of the top-level text (not of `sh -c` strings). */
  comments: Comment[];
  nextPipelineId: number;
}

type PipelinePosition = NonNullable<ShellCommand['pipeline']>;

/** Nested `sh -c` strings deeper than this are left unparsed (only pathological input gets there). */
const MAX_NESTING = 8;

const RESERVED_AS_COMMAND = new Set(['then', 'else', 'elif', 'fi', 'do', 'done', 'esac', '}']);

const LOOP_KEYWORDS = new Set(['for', 'while', 'until', 'select']);

/** Nodes that are one word of a `[ … ]` test, not an expression to take apart. */
const TEST_WORDS = new Set([
  'word',
  'number',
  'string',
  'raw_string',
  'ansi_c_string',
  'translated_string',
  'concatenation',
  'simple_expansion',
  'expansion',
  'command_substitution',
  'arithmetic_expansion',
  'test_operator',
  'regex',
  'extglob_pattern',
]);

/** Node types that cannot hold a command, so the walk need not enter them. */
const NO_COMMANDS_INSIDE = new Set([
  'word',
  'number',
  'raw_string',
  'string_content',
  'ansi_c_string',
  'variable_name',
  'special_variable_name',
  'simple_expansion',
  'heredoc_start',
  'heredoc_end',
  'file_descriptor',
  'test_operator',
  'regex',
  'extglob_pattern',
  'comment',
]);

/**
 * Parses shell text. `text` is a slice of `source.text` starting at `baseOffset` (characters may have
 * been blanked with spaces, keeping the length); ranges map into `source`.
 */
export function parseShell(text: string, source: SourceFile, baseOffset: number, options: readonly string[] = []): ShellScript {
  return parseShellMapped(text, source, (start, end) => source.range(baseOffset + start, baseOffset + end), options);
}

/**
 * Parses shell text that is not a verbatim slice of `source` (a compose value written with YAML
 * escapes, a list joined into a command line): `map` turns offsets of `text` into ranges of `source`.
 */
export function parseShellMapped(
  text: string,
  source: SourceFile,
  map: (start: number, end: number) => Range,
  options: readonly string[] = [],
): ShellScript {
  const context: ParseContext = { source, commands: [], assignments: [], errors: [], comments: [], nextPipelineId: 0 };
  parseInto(context, text, map, { inFunction: null, wrappers: [], options }, 0);
  // Wrapper assignments (`env A=1 cmd`) are met before the command's own prefix assignments.
  const assignments = context.assignments.sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column,
  );
  return { commands: context.commands, assignments, errors: context.errors, comments: context.comments };
}

function requireParser(): LoadedParser {
  if (loaded === null) throw new Error('parseShell() was called before initShellParser() resolved');
  return loaded;
}

function parseTree(text: string, previous?: Tree): Tree {
  const tree = requireParser().parser.parse(text, previous ?? null);
  if (tree === null) throw new Error('tree-sitter returned no tree for a shell script');
  return tree;
}

/** A parse of one variant of the text, walked into its own context. */
interface Attempt {
  /** The text tree-sitter parsed: the input, or a same-length repair of it. */
  variant: string;
  tree: Tree;
  result: ParseContext;
}

/** The walk is recursive: a tree deeper than this (`$(…)` nested hundreds of times) is not read further. */
const MAX_TREE_DEPTH = 400;

/** Passes of the newline repair; each pass fixes every glued newline it sees. */
const MAX_REPAIR_PASSES = 4;

function parseInto(context: ParseContext, text: string, map: RangeMap, scope: Scope, depth: number): void {
  let best = attempt(context, text, text, null, map, scope, depth);
  try {
    if (best.result.errors.length > 0) {
      const neutral = neutraliseUnsupported(best.variant);
      if (neutral !== null) {
        const retry = attempt(context, text, neutral, best, map, scope, depth);
        if (retry.result.errors.length < best.result.errors.length) {
          best.tree.delete();
          best = retry;
        } else {
          retry.tree.delete();
        }
      }
    }
    if (depth === 0) {
      for (const node of best.tree.rootNode.descendantsOfType('comment')) {
        const range = map(node.startIndex, node.endIndex);
        context.comments.push({ line: range.start.line, text: text.slice(node.startIndex + 1, node.endIndex), range });
      }
    }
  } finally {
    best.tree.delete();
  }
  append(context.commands, best.result.commands);
  append(context.assignments, best.result.assignments);
  append(context.errors, best.result.errors);
  context.nextPipelineId = best.result.nextPipelineId;
}

/**
 * Parses `variant` (incrementally from `base` when given) and walks it. When the walk finds
 * newlines that tree-sitter-bash read as blanks inside one command (after a pipeline of three or
 * more stages, before a later redirection: tree-sitter-bash#347, #316), they become `;` (which
 * keeps every offset) and the text is parsed and walked again. Words are always read from `text`.
 */
function attempt(
  context: ParseContext,
  text: string,
  variant: string,
  base: Attempt | null,
  map: RangeMap,
  scope: Scope,
  depth: number,
): Attempt {
  let tree = base === null ? parseTree(variant) : reparse(base.tree, base.variant, variant);
  for (let pass = 0; ; pass++) {
    const result: ParseContext = {
      source: context.source,
      commands: [],
      assignments: [],
      errors: [],
      comments: [],
      nextPipelineId: context.nextPipelineId,
    };
    const walker = new ScriptWalker(result, text, map, depth);
    walker.walk(tree.rootNode, scope);
    if (walker.gluedNewlines.length === 0 || pass === MAX_REPAIR_PASSES) return { variant, tree, result };
    const chars = variant.split('');
    for (const offset of walker.gluedNewlines) chars[offset] = ';';
    const repaired = chars.join('');
    const next = reparse(tree, variant, repaired);
    tree.delete();
    tree = next;
    variant = repaired;
  }
}

/** Incremental parse of `newText`, a same-length variant of the text `tree` was parsed from. */
function reparse(tree: Tree, oldText: string, newText: string): Tree {
  const edited = tree.copy();
  try {
    // tree-sitter's points are 0-based rows and columns.
    const old = new SourceFile('', oldText);
    const pointAt = (offset: number): Point => {
      const { line, column } = old.positionAt(offset);
      return { row: line - 1, column: column - 1 };
    };
    // Edits from last to first, so the text before each edit is still the old text.
    for (const [start, end] of changedRanges(oldText, newText).reverse()) {
      const startPosition = pointAt(start);
      let newEndPosition = startPosition;
      for (let i = start; i < end; i++) {
        newEndPosition =
          newText.charCodeAt(i) === 10
            ? { row: newEndPosition.row + 1, column: 0 }
            : { row: newEndPosition.row, column: newEndPosition.column + 1 };
      }
      edited.edit(
        new (requireParser().Edit)({
          startIndex: start,
          oldEndIndex: end,
          newEndIndex: end,
          startPosition,
          oldEndPosition: pointAt(end),
          newEndPosition,
        }),
      );
    }
    return parseTree(newText, edited);
  } finally {
    edited.delete();
  }
}

/** Maximal `[start, end)` ranges where two texts of equal length differ. */
function changedRanges(oldText: string, newText: string): [number, number][] {
  const ranges: [number, number][] = [];
  for (let i = 0; i < newText.length; i++) {
    if (oldText.charCodeAt(i) === newText.charCodeAt(i)) continue;
    const start = i;
    while (i < newText.length && oldText.charCodeAt(i) !== newText.charCodeAt(i)) i++;
    ranges.push([start, i]);
  }
  return ranges;
}

function isLineContinuation(text: string, newline: number): boolean {
  const previous = text[newline - 1] === '\r' ? newline - 2 : newline - 1;
  return text[previous] === '\\';
}

function isLiteralString(node: Node): boolean {
  return node.namedChildren.every((child) => child.type === 'string_content');
}

/**
 * Turns one tree into commands and errors: a pre-order walk (so commands come in source order)
 * that unwraps each simple command and parses nested scripts in place.
 */
class ScriptWalker {
  readonly #pipelineOf = new Map<number, PipelinePosition>();
  /** Pipelines and heredoc statements already grouped into an enclosing pipeline. */
  readonly #grouped = new Set<number>();
  /** How each command node was unwrapped, for heredoc receivers. */
  readonly #unwrapped = new Map<number, Unwrapped>();
  /** Command node id → the redirected statement whose redirections apply to it. */
  readonly #redirectedBy = new Map<number, Node>();
  /** Word node id → the node, for the expansions of a word made from a token. */
  readonly #wordNodes = new Map<number, Node>();
  /** Unescaped newlines tree-sitter took for blanks inside one command; the caller repairs and reparses. */
  readonly gluedNewlines: number[] = [];
  /** How deep the walk is in the tree, against `MAX_TREE_DEPTH`. */
  #treeDepth = 0;
  #reportedTooDeep = false;

  constructor(
    private readonly context: ParseContext,
    private readonly text: string,
    private readonly map: RangeMap,
    private readonly depth: number,
  ) {}

  /** Walks `node` unless the tree is nested past `MAX_TREE_DEPTH`, which is reported once instead. */
  walk(node: Node, scope: Scope): void {
    if (this.#treeDepth >= MAX_TREE_DEPTH) {
      if (!this.#reportedTooDeep) this.addError(node.startIndex, node.endIndex, `nested more than ${MAX_TREE_DEPTH} levels deep (dockerlint's limit): not read further`);
      this.#reportedTooDeep = true;
      return;
    }
    this.#treeDepth++;
    try {
      this.walkNode(node, scope);
    } finally {
      this.#treeDepth--;
    }
  }

  private walkNode(node: Node, scope: Scope): void {
    switch (node.type) {
      case 'command':
        this.command(node, scope);
        return;
      case 'declaration_command':
      case 'unset_command':
        this.declaration(node, scope);
        return;
      case 'test_command':
        this.testCommand(node, scope);
        return;
      case 'function_definition': {
        const name = node.childForFieldName('name');
        const inner = name === null ? scope : { ...scope, inFunction: this.slice(name) };
        for (const child of node.namedChildren) this.walk(child, inner);
        return;
      }
      case 'pipeline':
        if (!this.#grouped.has(node.id)) this.groupPipeline(node);
        break;
      case 'redirected_statement':
        this.redirectedStatement(node, scope);
        return;
      case 'variable_assignment':
        this.assignment(node);
        break;
      case 'file_redirect':
        this.checkGlue(node.childrenForFieldName('destination'));
        break;
      case 'ERROR':
        this.reportError(node);
        break;
      default:
        if (NO_COMMANDS_INSIDE.has(node.type)) return;
    }
    this.walkChildren(node, scope);
  }

  /** Visits the named children, reporting MISSING tokens on the way (only error-bearing nodes have them). */
  private walkChildren(
    node: Node,
    scope: Scope,
    visit = (child: Node): void => {
      this.walk(child, scope);
    },
  ): void {
    if (!node.hasError) {
      for (const child of node.namedChildren) visit(child);
      return;
    }
    for (const child of node.children) {
      if (child.isMissing) this.reportMissing(child);
      else if (child.isNamed) visit(child);
    }
  }

  private slice(node: Node): string {
    return this.text.slice(node.startIndex, node.endIndex);
  }

  // ─── Commands ──────────────────────────────────────────────────────────────

  private command(node: Node, scope: Scope): void {
    const nameNode = node.childForFieldName('name');
    const nameWord = nameNode?.firstNamedChild ?? nameNode;
    if (nameNode === null || nameWord === null || nameNode.isMissing || nameWord.isMissing || nameNode.startIndex === nameNode.endIndex) {
      this.walkChildren(node, scope);
      return;
    }
    if (nameWord.type === 'word' && RESERVED_AS_COMMAND.has(this.slice(nameWord))) {
      this.addError(nameWord.startIndex, nameWord.endIndex, `shell syntax error: unexpected \`${this.slice(nameWord)}\``);
      this.walkChildren(node, scope);
      return;
    }
    this.checkGlue([nameNode, ...node.childrenForFieldName('argument')]);
    const words = [this.token(nameWord), ...this.argumentTokens(node), ...this.trailingArguments(node)];
    const unwrapped = unwrapCommand(words);
    this.#unwrapped.set(node.id, unwrapped);
    this.wrapperAssignments(words, unwrapped);

    const script = unwrapped.kind === 'script' ? this.scriptText(unwrapped.script) : null;
    if (unwrapped.kind === 'command' || script === null) {
      this.emit(node, words, unwrapped.words, [...scope.wrappers, ...unwrapped.wrappers], scope);
      this.walkChildren(node, scope);
      return;
    }
    // The script string is parsed in place of walking its node, so its commands come in source order.
    const nested: Scope = {
      ...scope,
      wrappers: [...scope.wrappers, ...unwrapped.wrappers, unwrapped.label],
      // A new shell process: it has its own flags only (options are not inherited).
      options: unwrapped.label === 'sh -c' ? shellInvocation(unwrapped.words).options : [],
    };
    const parseScript = (): void => {
      this.parseNested(script.text, script.offset, unwrapped.script.start, unwrapped.script.end, nested);
    };
    const scriptId = unwrapped.script.nodeId;
    const scriptIsChild = node.childrenForFieldName('argument').some((arg) => arg.id === scriptId);
    this.walkChildren(node, scope, (child) => {
      if (child.id === scriptId) parseScript();
      else this.walk(child, scope);
    });
    if (!scriptIsChild) parseScript();
  }

  /**
   * Records the first unescaped newline between two words of one command, or inside a plain word
   * (`unset A` + newline + `\\pip x` reads as one word `\n\\pip`): a newline ends a command in bash.
   */
  private checkGlue(words: readonly Node[]): void {
    const firstNewline = (start: number, end: number): void => {
      for (let offset = start; offset < end; offset++) {
        if (this.text.charCodeAt(offset) === 10 && !isLineContinuation(this.text, offset)) {
          this.gluedNewlines.push(offset);
          return;
        }
      }
    };
    words.forEach((word, i) => {
      if (word.type === 'word') firstNewline(word.startIndex, word.endIndex);
      const previous = words[i - 1];
      if (previous !== undefined) firstNewline(previous.endIndex, word.startIndex);
    });
  }

  private argumentTokens(command: Node): Token[] {
    const tokens: Token[] = [];
    const args = command.childrenForFieldName('argument');
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      const next = args[i + 1];
      if (arg === undefined) continue;
      // tree-sitter splits `$"…"` (a locale-translated string) into `$` and a string.
      if (arg.type === '$' && next?.type === 'string' && next.startIndex === arg.endIndex) {
        tokens.push({ ...this.token(next), start: arg.startIndex, type: 'translated_string' });
        i++;
      } else {
        tokens.push(this.token(arg));
      }
    }
    return tokens;
  }

  /** `export A=1 B`, `local x=$(y)`, `unset X`: builtins with their own node type. */
  private declaration(node: Node, scope: Scope): void {
    this.checkGlue(node.namedChildren);
    const keyword = node.firstChild;
    if (keyword !== null) {
      const words: Token[] = [
        { value: this.slice(keyword), start: keyword.startIndex, end: keyword.endIndex, type: 'word', nodeId: keyword.id },
      ];
      for (const child of node.namedChildren) {
        if (child.type !== 'comment') words.push(this.token(child));
      }
      this.emit(node, words, words, [...scope.wrappers], scope);
    }
    this.walkChildren(node, scope);
  }

  /**
   * `[ … ]` is the command `[`, its words the operands and operators up to `]` (tree-sitter reads them as an
   * expression). `[[ … ]]` is shell syntax, whose words are not split: no command.
   */
  private testCommand(node: Node, scope: Scope): void {
    const open = node.firstChild;
    if (open?.type === '[') {
      const words: Token[] = [];
      // Depth-first over the expression, in source order; a stack, as `-a`/`-o` chains nest as deep as they are long.
      const pending: Node[] = node.children.slice(1).reverse();
      for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
        if (next.type === ']' || next.type === 'comment' || next.isMissing) continue;
        if (TEST_WORDS.has(next.type)) words.push(this.token(next));
        else if (next.childCount === 0) words.push({ value: this.slice(next), start: next.startIndex, end: next.endIndex, type: 'word', nodeId: null });
        else pending.push(...next.children.slice().reverse());
      }
      const name: Token = { value: '[', start: open.startIndex, end: open.endIndex, type: 'word', nodeId: null };
      this.emit(node, [name, ...words], [name, ...words], [...scope.wrappers], scope);
    }
    this.walkChildren(node, scope);
  }

  /** `NAME=value` as a statement, a command prefix or in a declaration. */
  private assignment(node: Node): void {
    const name = node.childForFieldName('name');
    if (name === null) return;
    const value = node.childForFieldName('value');
    const parent = node.parent;
    const via =
      parent?.type === 'command' ? 'command' : parent?.type === 'declaration_command' && parent.firstChild !== null ? this.slice(parent.firstChild) : null;
    this.context.assignments.push({
      name: this.slice(name),
      value: value === null ? '' : this.literal(value),
      range: this.map(node.startIndex, node.endIndex),
      valueRange: value === null ? this.map(node.endIndex, node.endIndex) : this.map(value.startIndex, value.endIndex),
      via,
    });
  }

  /** `env NAME=value cmd`, `sudo NAME=value cmd`: assignments a wrapper passes to the command it runs. */
  private wrapperAssignments(words: readonly Token[], unwrapped: Unwrapped): void {
    let wrapper: string | null = null;
    for (const token of words.slice(0, words.length - unwrapped.words.length)) {
      if (token.value === null) continue;
      const program = basename(token.value);
      if (program === 'env' || program === 'sudo') {
        wrapper = program;
        continue;
      }
      const name = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(token.value)?.[1];
      if (wrapper === null || name === undefined) continue;
      // The value as written when the name is written plainly (`A="x y"`), else the whole word (`"A=x"`).
      const plainName = this.text.startsWith(`${name}=`, token.start);
      this.context.assignments.push({
        name,
        value: token.value.slice(name.length + 1),
        range: this.map(token.start, token.end),
        valueRange: plainName ? this.map(token.start + name.length + 1, token.end) : this.map(token.start, token.end),
        via: wrapper,
      });
    }
  }

  /**
   * Words tree-sitter attaches to a following redirect although bash gives them to the command:
   * `cmd >f b` (extra destinations) and a lone `-` right before a heredoc (`python3 - <<EOF`).
   */
  private trailingArguments(command: Node): Token[] {
    const statement = this.#redirectedBy.get(command.id);
    if (statement === undefined) return [];
    const extra: Token[] = [];
    let gapStart = command.endIndex;
    for (const redirect of statement.namedChildren) {
      if (redirect.endIndex <= command.endIndex) continue;
      if (redirect.type === 'heredoc_redirect' || redirect.type === 'herestring_redirect') {
        extra.push(...this.plainWordsBetween(gapStart, redirect.startIndex));
      }
      if (redirect.type === 'file_redirect') {
        for (const destination of redirect.childrenForFieldName('destination').slice(1)) extra.push(this.token(destination));
      }
      gapStart = redirect.endIndex;
    }
    return extra;
  }

  private plainWordsBetween(start: number, end: number): Token[] {
    const tokens: Token[] = [];
    for (const match of this.text.slice(start, end).matchAll(/[^\s'"`$\\<>|&;()#]+/g)) {
      tokens.push({ value: match[0], start: start + match.index, end: start + match.index + match[0].length, type: 'word', nodeId: null });
    }
    return tokens;
  }

  /** A command of `allWords` as written, running `words` (the name first) once wrappers are seen through. */
  private emit(node: Node, allWords: readonly Token[], words: readonly Token[], wrappers: string[], scope: Scope): void {
    const [name, ...args] = words;
    if (name === undefined) return;
    // The arguments are among all the words (the same tokens): each is built once.
    const built = new Map(allWords.map((token) => [token, this.word(token)]));
    this.context.commands.push({
      name: name.value,
      program: name.value === null ? null : basename(name.value),
      args: args.map((arg) => built.get(arg) ?? this.word(arg)),
      wrappers,
      range: this.map(node.startIndex, node.endIndex),
      pipeline: this.#pipelineOf.get(node.id) ?? null,
      inFunction: scope.inFunction,
      words: allWords.map((token) => built.get(token) ?? this.word(token)),
      tested: isTested(node),
      shellOptions: [...scope.options],
    });
  }

  private word(token: Token): ShellWord {
    const node = token.nodeId === null ? undefined : this.#wordNodes.get(token.nodeId);
    const expansions: ShellExpansion[] = [];
    if (node !== undefined && node.type !== 'variable_assignment') this.expansions(node, token.type === 'translated_string', expansions);
    return { value: token.value, raw: this.text.slice(token.start, token.end), range: this.map(token.start, token.end), expansions };
  }

  /** The expansions of a word node, in order; `quoted` inside double quotes. Substitutions are not entered. */
  private expansions(node: Node, quoted: boolean, out: ShellExpansion[]): void {
    switch (node.type) {
      case 'simple_expansion':
      case 'expansion':
      case 'command_substitution':
      case 'arithmetic_expansion':
        out.push({ parameter: this.parameter(node), quoted, raw: this.slice(node), range: this.map(node.startIndex, node.endIndex) });
        return;
      case 'string':
      case 'concatenation':
        for (const child of node.namedChildren) this.expansions(child, quoted || node.type === 'string', out);
        return;
      default:
    }
  }

  /** `x` of `$x` and `${x%.*}`, `@`, `a[@]`, `!a[@]`; `null` for substitutions, `${#x}` and `${x:+word}`. */
  private parameter(node: Node): string | null {
    const raw = this.slice(node);
    if (node.type === 'simple_expansion') return raw.slice(1);
    if (node.type !== 'expansion') return null;
    const inner = raw.slice(2, -1);
    const name = node.namedChildren.find((child) => child.type === 'variable_name' || child.type === 'special_variable_name' || child.type === 'subscript');
    if (name === undefined || (inner.startsWith('#') && inner.length > 1)) return null;
    // `${x+word}`, `${x:+word}`: the result is the word, not x's value (`${a[@]+"${a[@]}"}` for `set -u`).
    const operator = name.nextSibling?.type;
    if (operator === '+' || operator === ':+') return null;
    return (inner.startsWith('!') && inner.length > 1 ? '!' : '') + this.slice(name);
  }

  private token(node: Node): Token {
    this.#wordNodes.set(node.id, node);
    return { value: this.literal(node), start: node.startIndex, end: node.endIndex, type: node.type, nodeId: node.id };
  }

  /** The literal value of a word node, or `null` when it involves an expansion. */
  private literal(node: Node): string | null {
    const raw = this.slice(node);
    switch (node.type) {
      case 'word':
      case 'number':
      case 'extglob_pattern':
      case 'variable_name':
      case 'test_operator':
        return unescapeWord(raw);
      case 'raw_string':
        return raw.slice(1, -1);
      case 'string':
        return isLiteralString(node) ? unescapeDoubleQuoted(raw.slice(1, -1)) : null;
      case 'ansi_c_string':
        return decodeAnsiC(raw.slice(2, -1));
      case 'translated_string': {
        const inner = node.namedChild(0);
        return inner === null ? null : this.literal(inner);
      }
      case 'concatenation': {
        let value = '';
        for (const child of node.children) {
          const part = this.literal(child);
          if (part === null) return null;
          value += part;
        }
        return value;
      }
      case 'variable_assignment': {
        const name = node.childForFieldName('name');
        const value = node.childForFieldName('value');
        if (name === null) return null;
        const valueText = value === null ? '' : this.literal(value);
        return valueText === null ? null : `${this.slice(name)}=${valueText}`;
      }
      default:
        return null;
    }
  }

  // ─── Nested scripts ────────────────────────────────────────────────────────

  /**
   * The script of `sh -c "…"` / `su -c "…"` and where it starts in this text: exact when quotes are
   * the only difference (`offset`), else `null` (positions then map to the whole string).
   */
  private scriptText(script: Token): { text: string; offset: number | null } | null {
    const raw = this.text.slice(script.start, script.end);
    switch (script.type) {
      case 'raw_string':
        return { text: raw.slice(1, -1), offset: script.start + 1 };
      case 'string': {
        // Expansions stay in the text: the inner parse sees them as the same expansions.
        const content = raw.slice(1, -1);
        const text = unescapeDoubleQuoted(content);
        return { text, offset: text === content ? script.start + 1 : null };
      }
      case 'word': {
        const text = unescapeWord(raw);
        return { text, offset: text === raw ? script.start : null };
      }
      default:
        return script.value === null ? null : { text: script.value, offset: null };
    }
  }

  private parseNested(inner: string, offset: number | null, start: number, end: number, scope: Scope): void {
    if (this.depth >= MAX_NESTING) return;
    const whole = this.map(start, end);
    const map: RangeMap =
      offset === null ? () => whole : (innerStart, innerEnd) => this.map(offset + innerStart, offset + innerEnd);
    parseInto(this.context, inner, map, scope, this.depth + 1);
  }

  // ─── Pipelines and heredocs ────────────────────────────────────────────────

  private groupPipeline(node: Node): void {
    const elements: Node[] = [];
    this.pipelineElements(node, elements);
    const id = this.context.nextPipelineId++;
    elements.forEach((element, index) => {
      const command = pipelineCommand(element);
      if (command !== null) this.#pipelineOf.set(command.id, { id, index, length: elements.length });
    });
  }

  /**
   * Flattens tree-sitter's pipeline shapes: nested pipelines, `a | b | c && d` read as
   * `a | (b | c && d)` (only the list's leftmost operand belongs to the pipeline), and
   * `cat <<X | sh` where the `| sh` part sits inside the heredoc redirect.
   */
  private pipelineElements(node: Node, out: Node[]): void {
    switch (node.type) {
      case 'pipeline':
        this.#grouped.add(node.id);
        for (const child of node.namedChildren) {
          if (child.type !== 'comment') this.pipelineElements(child, out);
        }
        return;
      case 'list': {
        const left = node.firstNamedChild;
        if (left !== null) this.pipelineElements(left, out);
        return;
      }
      case 'redirected_statement': {
        this.#grouped.add(node.id);
        const body = node.childForFieldName('body');
        if (body?.type === 'pipeline') this.pipelineElements(body, out);
        else out.push(node);
        for (const heredocPipeline of heredocPipelines(node)) this.pipelineElements(heredocPipeline, out);
        return;
      }
      default:
        out.push(node);
    }
  }

  private redirectedStatement(node: Node, scope: Scope): void {
    if (!this.#grouped.has(node.id) && heredocPipelines(node).length > 0) this.groupPipeline(node);
    const body = node.childForFieldName('body');
    const receiver = body === null ? null : redirectReceiver(body);
    if (receiver !== null) this.#redirectedBy.set(receiver.id, node);
    this.walkChildren(node, scope, (child) => {
      if (child.type === 'heredoc_redirect' && body !== null) this.heredoc(child, body, scope);
      else this.walk(child, scope);
    });
  }

  private heredoc(redirect: Node, statementBody: Node, scope: Scope): void {
    const bodyNode = redirect.namedChildren.find((child) => child.type === 'heredoc_body');
    this.walkChildren(redirect, scope, (child) => {
      if (child.type !== 'heredoc_body') this.walk(child, scope);
    });
    if (bodyNode === undefined) return;
    const shell = this.heredocShell(redirect, statementBody);
    if (shell === null) {
      // Data, but an unquoted heredoc still runs its `$(…)` substitutions.
      this.walk(bodyNode, scope);
      return;
    }
    const wrappers = [...scope.wrappers, ...shell.wrappers, SHELL_HEREDOC_WRAPPER];
    this.parseNested(this.slice(bodyNode), bodyNode.startIndex, bodyNode.startIndex, bodyNode.endIndex, {
      ...scope,
      wrappers,
      options: shellInvocation(shell.words).options,
    });
  }

  /**
   * The shell that reads a heredoc as its script: the receiving command itself (`bash <<EOF`,
   * `sudo sh -s <<EOF`), or the shell that a bare `cat <<EOF` pipes into (`cat <<EOF | sh`).
   */
  private heredocShell(redirect: Node, statementBody: Node): Unwrapped | null {
    const receiver = this.unwrappedOf(statementBody);
    if (receiver?.kind !== 'command') return null;
    if (readsScriptFromStdin(receiver.words)) return receiver;
    const receiverProgram = receiver.words[0]?.value;
    const catOperands = receiver.words.slice(1).filter((word) => word.value !== '-');
    if (receiverProgram === null || receiverProgram === undefined || basename(receiverProgram) !== 'cat' || catOperands.length > 0) {
      return null;
    }
    const piped = redirect.namedChildren.find((child) => child.type === 'pipeline');
    const next = this.unwrappedOf(piped?.namedChildren.find((child) => child.type !== 'comment') ?? null);
    return next?.kind === 'command' && readsScriptFromStdin(next.words) ? next : null;
  }

  private unwrappedOf(element: Node | null): Unwrapped | null {
    const command = element === null ? null : redirectReceiver(element);
    return command === null ? null : (this.#unwrapped.get(command.id) ?? null);
  }

  // ─── Errors ────────────────────────────────────────────────────────────────

  private addError(start: number, end: number, message: string): void {
    this.context.errors.push({ location: { file: this.context.source.path, range: this.map(start, end) }, message });
  }

  private reportMissing(node: Node): void {
    if (hasErrorAncestor(node)) return;
    if (node.isNamed) {
      const previous = previousLeaf(node);
      const after = previous === null ? '' : ` after \`${firstLine(this.slice(previous))}\``;
      const at = previous ?? node;
      this.addError(at.startIndex, at.endIndex, `shell syntax error: missing command${after}`);
    } else {
      this.addError(node.startIndex, node.endIndex, `shell syntax error: missing \`${node.type}\``);
    }
  }

  /** One problem per outermost ERROR node, phrased from its first token. */
  private reportError(node: Node): void {
    if (hasErrorAncestor(node)) return;
    const first = firstLeaf(node);
    const firstText = this.slice(first);
    const childTypes = new Set(node.children.map((child) => child.type));
    const span = (message: string): void => {
      this.addError(first.startIndex, first.endIndex, `shell syntax error: ${message}`);
    };
    if (LOOP_KEYWORDS.has(first.type)) span(childTypes.has('do') || childTypes.has('do_group') ? 'missing `done`' : 'missing `do`');
    else if (first.type === 'if') span(childTypes.has('then') ? 'missing `fi`' : 'missing `then`');
    else if (first.type === 'case') span('missing `esac`');
    else if (first.type === '"' || firstText.startsWith('"')) span('missing closing `"`');
    else if (firstText.startsWith("'") || firstText.startsWith("$'")) span("missing closing `'`");
    else if (node.childCount > 1 && (first.type === '{' || first.type === '(' || first.type === '$(')) {
      span(`missing \`${first.type === '{' ? '}' : ')'}\``);
    } else span(`unexpected \`${firstLine(firstText)}\``);
  }
}

/**
 * Is the command's exit status tested, as ShellCheck reads a condition: (inside) the left side of `&&`
 * or `||`, or the last command of an `if`/`elif`/`while`/`until` condition, at any level above it.
 */
function isTested(command: Node): boolean {
  for (let child = command, parent = command.parent; parent !== null; child = parent, parent = parent.parent) {
    if (parent.type === 'list' && parent.namedChildren.find((node) => node.type !== 'comment')?.id === child.id) return true;
    if (conditionOf(parent).at(-1)?.id === child.id) return true;
  }
  return false;
}

/** The statements of an `if`, `elif`, `while` or `until` condition (tree-sitter names no field in `elif`). */
function conditionOf(node: Node): Node[] {
  if (node.type === 'if_statement' || node.type === 'while_statement') return node.childrenForFieldName('condition').filter((child) => child.isNamed);
  if (node.type !== 'elif_clause') return [];
  const then = node.children.findIndex((child) => child.type === 'then');
  return node.children.slice(0, then < 0 ? 0 : then).filter((child) => child.isNamed && child.type !== 'comment');
}

/** The command node a pipeline element runs (through redirections and `!`), if it is a simple command. */
function pipelineCommand(element: Node): Node | null {
  switch (element.type) {
    case 'command':
      return element;
    case 'redirected_statement': {
      const body = element.childForFieldName('body');
      return body === null ? null : pipelineCommand(body);
    }
    case 'negated_command': {
      const inner = element.firstNamedChild;
      return inner === null ? null : pipelineCommand(inner);
    }
    default:
      return null;
  }
}

/**
 * The simple command that the redirections of a statement with this body apply to. tree-sitter
 * hangs them on the whole list or pipeline (`cd x && python3 - <<EOF`); bash gives them to the last
 * command.
 */
function redirectReceiver(body: Node): Node | null {
  if (body.type !== 'pipeline' && body.type !== 'list') return pipelineCommand(body);
  const last = body.namedChildren.filter((child) => child.type !== 'comment').at(-1);
  return last === undefined ? null : redirectReceiver(last);
}

function heredocPipelines(statement: Node): Node[] {
  return statement.namedChildren
    .filter((child) => child.type === 'heredoc_redirect')
    .flatMap((redirect) => redirect.namedChildren.filter((child) => child.type === 'pipeline'));
}

function hasErrorAncestor(node: Node): boolean {
  for (let parent = node.parent; parent !== null; parent = parent.parent) {
    if (parent.isError) return true;
  }
  return false;
}

function firstLeaf(node: Node): Node {
  let current = node;
  while (current.childCount > 0 && !isLeafLike(current)) {
    const child = current.firstChild;
    if (child === null) break;
    current = child;
  }
  return current;
}

/** Word-like nodes are reported whole rather than by their first character. */
function isLeafLike(node: Node): boolean {
  return node.type === 'word' || node.type === 'raw_string' || node.type === 'string_content';
}

function previousLeaf(node: Node): Node | null {
  for (let current: Node | null = node; current !== null; current = current.parent) {
    const sibling = current.previousSibling;
    if (sibling !== null) {
      let leaf = sibling;
      while (leaf.lastChild !== null) leaf = leaf.lastChild;
      return leaf;
    }
  }
  return null;
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 30 ? `${line.slice(0, 30)}…` : line;
}

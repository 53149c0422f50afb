/**
 * Inline suppression with `#` comments, the same in every file type:
 *   # dockerlint-disable-next-line <ids> -- reason
 *   # dockerlint-disable-line <ids>            (a trailing comment on the reported line)
 *   # dockerlint-disable <ids>  …  # dockerlint-enable <ids>
 *   # dockerlint-disable-file <ids>
 * No ids means every rule. Other linters' annotations (foreign-directives.ts) become directives too, with
 * the lines they cover.
 */
import type { Comment, Location } from '../source.js';

export type DirectiveKind = 'disable-next-line' | 'disable-line' | 'disable' | 'enable' | 'disable-file' | 'disable-lines';

export interface Directive {
  kind: DirectiveKind;
  /** Rule ids; empty means all rules. */
  ruleIds: readonly string[];
  location: Location;
  /** 1-based line the directive is on. */
  line: number;
  /** `disable-lines`: the lines it covers, first and last. */
  lines?: { from: number; to: number };
  /** Another linter's annotation read as ours: never reported as unused, since it serves that linter too. */
  foreign?: 'hadolint' | 'buildkit';
}

const DIRECTIVE = /^\s*dockerlint-(disable-next-line|disable-line|disable-file|disable|enable)(?=\s|$)(.*)$/;

export function parseDirectives(file: string, comments: readonly Comment[]): Directive[] {
  const directives: Directive[] = [];
  for (const comment of comments) {
    const match = DIRECTIVE.exec(comment.text);
    if (!match) continue;
    const [, kind = '', rest = ''] = match;
    const ids = (rest.split(/\s--\s|\s--$/)[0] ?? '').split(/[\s,]+/).filter((id) => id !== '');
    directives.push({ kind: kind as DirectiveKind, ruleIds: ids, location: { file, range: comment.range }, line: comment.line });
  }
  return directives;
}

const covers = (directive: Directive, ruleId: string): boolean =>
  directive.ruleIds.length === 0 || directive.ruleIds.includes(ruleId);

/** Decides, per finding, whether a directive suppresses it, and remembers which directives were used. */
export class Suppressions {
  readonly #directives: Directive[];
  readonly #used = new Set<Directive>();

  constructor(directives: Directive[]) {
    // By line: the block scan below stops at the first directive after the finding.
    this.#directives = [...directives].sort((a, b) => a.line - b.line);
  }

  /** The directive that suppresses `ruleId` at `line`, or `null`. Marks it used. */
  suppress(ruleId: string, line: number): Directive | null {
    const found = this.#find(ruleId, line);
    if (found) this.#used.add(found);
    return found;
  }

  #find(ruleId: string, line: number): Directive | null {
    for (const directive of this.#directives) {
      if (!covers(directive, ruleId)) continue;
      if (directive.kind === 'disable-file') return directive;
      if (directive.kind === 'disable-next-line' && directive.line + 1 === line) return directive;
      if (directive.kind === 'disable-line' && directive.line === line) return directive;
      if (directive.kind === 'disable-lines' && directive.lines !== undefined && directive.lines.from <= line && line <= directive.lines.to) return directive;
    }
    // Blocks: the last disable/enable for this rule before the line decides.
    let open: Directive | null = null;
    for (const directive of this.#directives) {
      if (directive.line > line) break;
      if (directive.kind === 'disable' && covers(directive, ruleId)) open = directive;
      if (directive.kind === 'enable' && covers(directive, ruleId)) open = null;
    }
    return open;
  }

  /** Directives that suppressed nothing (`enable` directives are never reported). */
  unused(): Directive[] {
    return this.#directives.filter((directive) => directive.kind !== 'enable' && directive.foreign === undefined && !this.#used.has(directive));
  }
}

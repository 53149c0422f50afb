/**
 * Step 2 of reading a Dockerfile: what BuildKit refuses in an instruction before it builds anything —
 * an unknown keyword, an instruction before the first FROM, flags and arguments it does not accept, and
 * heredocs it would read differently. Each is a parse problem on the file; the rest is still read.
 */
import { closest, shortWordTypos } from '../../text.js';
import { isKeyword, KEYWORDS } from '../model.js';
import type { Keyword } from '../model.js';
import { checkArguments } from './arguments.js';
import type { DockerfileScan, ScannedInstruction } from './scan.js';
import { fileOffsetOf } from './text.js';

export type Validated = { keyword: Keyword; refused: boolean } | null;

/**
 * Reports what BuildKit refuses in `item`. Returns its keyword and whether its arguments were refused
 * (their pairs are then unknown, not half-read), or `null` for an unknown keyword: no instruction.
 */
export function validateInstruction(scan: DockerfileScan, item: ScannedInstruction, beforeFirstFrom: boolean): Validated {
  const { problems } = scan;
  const { keyword } = item;
  if (!isKeyword(keyword)) {
    const suggestion = closest(keyword, KEYWORDS, shortWordTypos(keyword));
    const hint = suggestion === null ? '' : `; did you mean ${suggestion}?`;
    problems.add(item.start, item.keywordEnd, `unknown instruction ${JSON.stringify(keyword)}${hint}`);
    reportHeredocProblems(scan, item);
    return null;
  }
  if (beforeFirstFrom && keyword !== 'ARG' && keyword !== 'FROM') {
    problems.add(item.start, item.keywordEnd, `${keyword} before the first FROM: only ARG may come before it`);
  }
  const refusals = checkArguments(keyword, item.logical.text, item.builder, { escapeChar: scan.escapeChar, labs: scan.labs });
  for (const { span, message } of refusals) problems.addIn(item, span, message);
  reportHeredocProblems(scan, item);
  return { keyword, refused: refusals.length > 0 };
}

function reportHeredocProblems({ problems }: DockerfileScan, item: ScannedInstruction): void {
  for (const body of item.heredocs) {
    const start = fileOffsetOf(item.logical, body.operator.start);
    const end = fileOffsetOf(item.logical, body.operator.end - 1) + 1;
    if (body.operator.spaced) {
      const { name, stripTabs } = body.operator;
      const operator = stripTabs ? '<<-' : '<<';
      const reader = stripTabs ? 'Docker' : 'This Dockerfile frontend (before 1.16, built into Docker Engine 28.2)';
      problems.add(
        start,
        end,
        `${reader} does not read "${operator} ${name}" (space after ${operator}) as a heredoc, so the lines up to ` +
          `${name} would become instructions: write ${operator}${name}`,
      );
    }
    if (!body.terminated) problems.add(start, end, `unterminated heredoc: no line ${body.operator.name} ends it`);
  }
}

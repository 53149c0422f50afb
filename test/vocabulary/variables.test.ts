import { describe, expect, it } from 'vitest';
import { variableReferences } from '../../src/vocabulary/variables.js';

const names = (text: string): string[] => variableReferences(text).map((reference) => reference.name);

describe('variableReferences', () => {
  it('reads plain and braced references, the words after operators, and skips escapes and single quotes', () => {
    expect(names('$A ${B} ${C:-$D} ${E:+${F}x} \\$G \'$H\' $1 $@ ${_I}')).toEqual(['A', 'B', 'C', 'D', 'E', 'F', '_I']);
    expect(variableReferences('x${A:-$B}y')).toEqual([
      { name: 'A', start: 1, end: 9 },
      { name: 'B', start: 6, end: 8 },
    ]);
    expect(variableReferences('${A:-${B}')).toEqual([
      { name: 'A', start: 0, end: 9 },
      { name: 'B', start: 5, end: 9 },
    ]);
  });

  it('closes a reference at its own brace: escaped braces and braces of other references do not count', () => {
    expect(variableReferences('${A:-\\}x} ${B:-{y}} }{ ${C}')).toEqual([
      { name: 'A', start: 0, end: 9 },
      { name: 'B', start: 10, end: 19 },
      { name: 'C', start: 23, end: 27 },
    ]);
    // Unclosed: the reference runs to the end of its enclosing text.
    expect(variableReferences('${A:-${B} {')).toEqual([
      { name: 'A', start: 0, end: 11 },
      { name: 'B', start: 5, end: 9 },
    ]);
  });

  it('takes the escape character of the Dockerfile', () => {
    expect(names('`$A $B')).toEqual(['A', 'B']);
    expect(variableReferences('`$A $B', '`').map((reference) => reference.name)).toEqual(['B']);
  });

  it('reads references nested thousands deep without running out of stack', () => {
    const depth = 20_000;
    const text = `${'${A:-'.repeat(depth)}x${'}'.repeat(depth)}`;
    const references = variableReferences(text);
    expect(references).toHaveLength(depth);
    expect(references.at(-1)).toEqual({ name: 'A', start: (depth - 1) * 5, end: (depth - 1) * 5 + '${A:-x}'.length });
  });
});

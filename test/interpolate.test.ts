import { describe, expect, it } from 'vitest';
import {
  interpolate,
  interpolationSyntaxError,
  MAX_INTERPOLATED_LENGTH,
  MAX_INTERPOLATION_DEPTH,
  referencedVariables,
} from '../src/project/interpolate.js';

const env = new Map([
  ['FOO', 'first'],
  ['EMPTY', ''],
  ['CTX', './services/api'],
  ['TAG', '1.4'],
]);

describe('interpolate', () => {
  it.each([
    // no references
    ['plain text', 'plain text'],
    ['', ''],
    // simple references
    ['$FOO', 'first'],
    ['${FOO}', 'first'],
    ['a-$FOO-b', 'a-first-b'],
    ['$FOO-bar', 'first-bar'],
    ['${FOO}${TAG}', 'first1.4'],
    ['$EMPTY|', '|'],
    // escapes and lone dollars
    ['$$FOO', '$FOO'],
    ['$${FOO}', '${FOO}'],
    ['cost: 5$', 'cost: 5$'],
    ['a $ b', 'a $ b'],
    ['^x$', '^x$'],
    ['$}', '$}'],
    ['echo $1', 'echo $1'],
    // :- and -
    ['${UNSET:-./app}', './app'],
    ['${EMPTY:-dflt}', 'dflt'],
    ['${FOO:-dflt}', 'first'],
    ['${UNSET-dflt}', 'dflt'],
    ['${EMPTY-dflt}', ''],
    ['${UNSET:-}', ''],
    ['${UNSET:-/non:-alpha}', '/non:-alpha'],
    ['${UNSET-a?b}', 'a?b'],
    // :+ and +
    ['${FOO:+alt}', 'alt'],
    ['${EMPTY:+alt}', ''],
    ['${UNSET:+alt}', ''],
    ['${EMPTY+alt}', 'alt'],
    ['${UNSET+alt}', ''],
    // :? and ? with the variable set
    ['${FOO:?need FOO}', 'first'],
    ['${FOO?need FOO}', 'first'],
    ['${EMPTY?need}', ''],
    // nesting
    ['${A:-${B:-x}}', 'x'],
    ['${UNSET:-${CTX}}', './services/api'],
    ['${UNSET:-$FOO}', 'first'],
    ['${UNSET-${FOO} ${FOO}}', 'first first'],
    ['${EMPTY+$FOO ${FOO:+second}}', 'first second'],
    ['${FOO:-${UNSET}}', 'first'],
    ['x${UNSET:-{a}}y', 'x{a}y'],
    ['img:${TAG:-latest}-${UNSET:-slim}', 'img:1.4-slim'],
  ])('%j → %j', (template, expected) => {
    expect(interpolate(template, env)).toBe(expected);
  });

  it.each([
    ['$UNSET'],
    ['${UNSET}'],
    ['prefix/${UNSET}/suffix'],
    ['${UNSET:?set UNSET}'],
    ['${EMPTY:?set EMPTY}'],
    ['${UNSET?set UNSET}'],
    ['${A:-${B}}'],
    ['${FOO:+${UNSET}}'],
    // invalid templates are unknown too
    ['${'],
    ['${}'],
    ['${FOO'],
    ['${FOO%.*}'],
  ])('%j is unknown (null)', (template) => {
    expect(interpolate(template, env)).toBeNull();
  });
});

describe('interpolationSyntaxError', () => {
  it.each([
    ['${', 0, '${'],
    ['${}', 0, '${}'],
    ['${ }', 0, '${ }'],
    ['${ foo}', 0, '${ foo}'],
    ['${foo }', 0, '${foo }'],
    ['${foo!}', 0, '${foo!}'],
    ['echo ${NAME%.*}', 5, '${NAME%.*}'],
    ['${1}', 0, '${1}'],
    ['ok ${A:-${B!}}', 8, '${B!}'],
    ['${A:-x', 0, '${A:-x'],
  ])('%j is invalid at %i', (template, offset, shown) => {
    expect(interpolationSyntaxError(template)).toEqual({
      message: `invalid interpolation "${shown}"`,
      offset,
    });
  });

  it.each([['$1'], ['a $ b'], ['$$'], ['${A:-${B:-x}}'], ['${A:?}'], ['no dollars']])(
    '%j is valid',
    (template) => {
      expect(interpolationSyntaxError(template)).toBeNull();
    },
  );
});

describe('referencedVariables', () => {
  it('lists each name once, nested defaults included, escapes excluded', () => {
    expect(referencedVariables('$A ${B:-${C}} $$D ${A}')).toEqual(['A', 'B', 'C']);
    expect(referencedVariables('${broken')).toEqual([]);
  });
});

describe('interpolation limits', () => {
  it('refuses nesting deeper than the limit as a syntax error instead of recursing without end', () => {
    const nested = (depth: number): string => (depth === 0 ? 'x' : `\${V:-${nested(depth - 1)}}`);
    expect(interpolate(nested(MAX_INTERPOLATION_DEPTH), new Map())).toBe('x');
    expect(interpolationSyntaxError(nested(5000))).toEqual({ message: `interpolation nested more than ${MAX_INTERPOLATION_DEPTH} levels deep (dockerlint's limit)`, offset: MAX_INTERPOLATION_DEPTH * 5 });
  });

  it('gives up (unknown) on a result longer than the limit, and says so', () => {
    const env = new Map([['A', 'a'.repeat(MAX_INTERPOLATED_LENGTH / 2 + 1)]]);
    let told = false;
    expect(interpolate('${A}${A}', env, () => { told = true; })).toBeNull();
    expect(told).toBe(true);
    expect(interpolate('${A}', env)).toHaveLength(MAX_INTERPOLATED_LENGTH / 2 + 1);
  });
});

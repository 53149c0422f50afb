import { describe, expect, it } from 'vitest';
import { SourceFile, type Comment } from '../src/source.js';
import { parseDirectives, Suppressions } from '../src/engine/suppress.js';
import { lint } from '../src/lint.js';
import { tempTree } from './helpers/tmp.js';

/** `#` comments of a text, the way every parser reports them. */
function commentsOf(source: SourceFile): Comment[] {
  const comments: Comment[] = [];
  source.text.split('\n').forEach((line, index) => {
    const at = line.indexOf('#');
    if (at < 0) return;
    const start = source.offsetAt({ line: index + 1, column: at + 1 });
    comments.push({ line: index + 1, text: line.slice(at + 1), range: source.range(start, start + line.length - at) });
  });
  return comments;
}

function suppressionsFor(text: string): Suppressions {
  const source = new SourceFile('Dockerfile', text);
  return new Suppressions(parseDirectives(source.path, commentsOf(source)));
}

describe('inline suppression directives', () => {
  it('parses kinds, rule ids (comma or space separated) and ignores the -- reason', () => {
    const source = new SourceFile('x', '# dockerlint-disable-next-line a-rule, b-rule -- the reason, with words\n#dockerlint-disable\n# dockerlint-disabled x\n');
    expect(parseDirectives('x', commentsOf(source)).map(({ kind, ruleIds, line }) => ({ kind, ruleIds, line }))).toEqual([
      { kind: 'disable-next-line', ruleIds: ['a-rule', 'b-rule'], line: 1 },
      { kind: 'disable', ruleIds: [], line: 2 },
    ]);
  });

  it('disable-next-line covers exactly the next line and the named rules', () => {
    const suppressions = suppressionsFor('# dockerlint-disable-next-line rule-a\nRUN x\nRUN y\n');
    expect(suppressions.suppress('rule-a', 2)).not.toBeNull();
    expect(suppressions.suppress('rule-a', 3)).toBeNull();
    expect(suppressions.suppress('rule-b', 2)).toBeNull();
  });

  it('disable-line covers its own line; disable-file covers the whole file', () => {
    expect(suppressionsFor('RUN x # dockerlint-disable-line rule-a\n').suppress('rule-a', 1)).not.toBeNull();
    const file = suppressionsFor('FROM a\n# dockerlint-disable-file rule-b\n');
    expect(file.suppress('rule-b', 1)).not.toBeNull();
    expect(file.suppress('rule-a', 1)).toBeNull();
  });

  it('disable … enable blocks, per rule and for all rules', () => {
    const suppressions = suppressionsFor('# dockerlint-disable\nA\n# dockerlint-enable rule-b\nB\n# dockerlint-enable\nC\n');
    expect(suppressions.suppress('rule-a', 2)).not.toBeNull();
    expect(suppressions.suppress('rule-b', 2)).not.toBeNull();
    expect(suppressions.suppress('rule-a', 4)).not.toBeNull();
    expect(suppressions.suppress('rule-b', 4)).toBeNull();
    expect(suppressions.suppress('rule-a', 6)).toBeNull();
  });

  it('reports directives that suppressed nothing', () => {
    const suppressions = suppressionsFor('# dockerlint-disable-next-line rule-a\nA\n# dockerlint-disable-next-line rule-b\nB\n');
    suppressions.suppress('rule-a', 2);
    expect(suppressions.unused().map((directive) => directive.line)).toEqual([3]);
  });
});

describe('inline suppression in a Makefile', () => {
  it('a make comment and a recipe\'s shell comment suppress findings on the lines they name', async () => {
    const root = tempTree({
      Makefile: [
        '# dockerlint-disable-next-line legacy-builder -- the old CI runner has no BuildKit',
        'export DOCKER_BUILDKIT := 0',
        'build:',
        '\t# dockerlint-disable-next-line legacy-builder',
        '\tDOCKER_BUILDKIT=0 docker build .',
        '\tCOMPOSE_DOCKER_CLI_BUILD=0 docker-compose build',
        '',
      ].join('\n'),
    });
    const { findings } = await lint({ cwd: root });
    expect(findings.map((finding) => `${finding.rule} ${finding.file}:${finding.line}`)).toEqual(['legacy-builder Makefile:6']);
  });
});

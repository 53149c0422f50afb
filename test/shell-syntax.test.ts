import { beforeAll, describe, expect, it } from 'vitest';
import { initShellParser, parseShell } from '../src/project/shell.js';
import { confirmShellErrors, dialectOf } from '../src/project/shell-syntax.js';
import { SourceFile } from '../src/source.js';
import { loadCase } from './helpers/rule-tester.js';
import { tempTree } from './helpers/tmp.js';

describe('dialectOf', () => {
  it.each([
    ['#!/bin/bash\n', 'bash'],
    ['#!/usr/bin/env bash\n', 'bash'],
    ['#!/bin/sh\n', 'bash'],
    ['#!/bin/zsh\n', 'zsh'],
    ['#!/usr/bin/env -S zsh -f\n', 'zsh'],
    ['#!/bin/ksh\n', 'mksh'],
    ['#!/usr/bin/mksh\n', 'mksh'],
    ['echo no shebang\n', 'bash'],
  ])('%j → %s', (text, dialect) => {
    expect(dialectOf(text)).toBe(dialect);
  });
});

/** Valid bash (bash -n accepts each) that tree-sitter-bash 0.25 parses with errors. */
const MISREAD_BY_TREE_SITTER = [
  ['a substring expansion with a variable offset', 'while option="${arg:$index:1}"; do\n  [ -n "$option" ] || break\n  index=$((index + 1))\ndone\n'],
  ['a test of a command substitution and "$@"', 'is_mac() {\n  [ "${UNAME_S:=$(uname -s)}" = "Darwin" ] || return 1\n  [ $# -eq 0 ] || [ "$(osx_version)" "$@" ]\n}\n'],
];

/** What tree-sitter said; confirmShellErrors replaces it with mvdan/sh's verdict. */
const TREE_SITTER_ERROR = { location: { file: 'x.sh', range: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } } }, message: 'shell syntax error: unexpected `x`' };

/** A whole script, in the dialect of its shebang. */
const confirmWhole = (source: SourceFile) => confirmShellErrors(source.text, source, 0, [TREE_SITTER_ERROR], dialectOf(source.text));

describe('confirmShellErrors', () => {
  beforeAll(async () => {
    await initShellParser();
  });

  it.each(MISREAD_BY_TREE_SITTER)('clears the errors tree-sitter reports for %s', async (_name, text) => {
    const source = new SourceFile('hooks.sh', `#!/usr/bin/env bash\n${text}`);
    expect(parseShell(source.text, source, 0).errors).not.toEqual([]);
    expect(await confirmShellErrors(source.text, source, 0, parseShell(source.text, source, 0).errors, 'bash')).toEqual([]);
  });

  it.each([
    ['a second fi', 'if true; then\n  echo yes\nfi fi\n', 'statements must be separated by &, ; or a newline', 3, 4],
    ['an unclosed loop', 'for f in *; do\n  echo "$f"\n', '`for` statement must end with `done`', 1, 1],
    ['a stray then after wide characters', 'echo "äöü €" ; then\n', '`then` can only be used in an `if`', 1, 16],
  ])('reports %s once, with mvdan/sh’s message, at its place', async (_name, text, message, line, column) => {
    const source = new SourceFile('setup.sh', text);
    const [problem, ...more] = await confirmShellErrors(source.text, source, 0, [TREE_SITTER_ERROR], 'bash');
    expect(more).toEqual([]);
    expect(problem?.message).toBe(`shell syntax error: ${message}`);
    expect(problem?.location.range.start).toEqual({ line, column });
  });

  it('reads a zsh script as zsh', async () => {
    const script = 'typeset -A ports\nports=(api 8080 web 3000)\nprint -r -- ${(k)ports}\n';
    expect(await confirmWhole(new SourceFile('ports.zsh', `#!/usr/bin/env zsh\n${script}`))).toEqual([]);
    const asBash = await confirmWhole(new SourceFile('ports.sh', `#!/bin/bash\n${script}`));
    expect(asBash.map((problem) => problem.message)).toEqual(['shell syntax error: parameter expansion flags are a zsh feature; tried parsing as bash']);
    expect(asBash[0]?.location.range.start).toEqual({ line: 4, column: 13 });
  });
});

describe('loadProject: syntax errors of scripts', () => {
  it('keeps only the errors mvdan/sh confirms', async () => {
    const project = await loadCase(
      tempTree({
        'scripts/hooks.sh': `#!/usr/bin/env bash\n${MISREAD_BY_TREE_SITTER.map(([, text]) => text).join('')}`,
        'scripts/broken.sh': '#!/bin/sh\nif true; then\n  echo yes\nfi fi\n',
      }),
    );
    expect(project.problems.map((problem) => [problem.location.file, problem.location.range.start.line, problem.message])).toEqual([
      ['scripts/broken.sh', 4, 'shell syntax error: statements must be separated by &, ; or a newline'],
    ]);
  });

  it('judges the shell of RUN instructions too, at their place in the Dockerfile', async () => {
    const project = await loadCase(
      tempTree({
        'app/Dockerfile': [
          'FROM alpine:3.20',
          'RUN if [ -f /etc/os-release ]; then \\',
          '      echo yes; \\',
          '    fi fi',
          'RUN while o="${arg:$i:1}"; do echo "$o"; done',
          'RUN for f in a b; do \\',
          '      echo "$f" \\',
          '    # a comment line inside the continuation',
          '    ; done',
          'RUN ["sh", "-c", "echo a && && echo b"]',
          'RUN echo "unterminated',
          '',
        ].join('\n'),
      }),
    );
    expect(project.problems.map((problem) => [problem.location.range.start.line, problem.location.range.start.column, problem.message])).toEqual([
      [4, 8, 'shell syntax error: statements must be separated by &, ; or a newline'],
      [10, 26, 'shell syntax error: `&&` must be followed by a statement'],
      [11, 10, 'shell syntax error: reached EOF without closing quote `"`'],
    ]);
  });
});

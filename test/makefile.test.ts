import { beforeAll, describe, expect, it } from 'vitest';
import { parseMakefile } from '../src/project/makefile.js';
import type { MakefileDoc, MakeRecipeLine } from '../src/project/model.js';
import { initShellParser, parseShellMapped } from '../src/project/shell.js';
import { SourceFile, type Range } from '../src/source.js';

beforeAll(() => initShellParser());

function read(text: string): { doc: MakefileDoc; source: SourceFile } {
  const source = new SourceFile('Makefile', text);
  return { doc: parseMakefile(source, (shell, map) => parseShellMapped(shell, source, map)), source };
}

const written = (source: SourceFile, range: Range): string => source.text.slice(source.offsetAt(range.start), source.offsetAt(range.end));

function commands(line: MakeRecipeLine | undefined): string[] {
  return (line?.shell.commands ?? []).map((command) => [command.name ?? '<?>', ...command.args.map((arg) => arg.value ?? '<?>')].join(' '));
}

describe('parseMakefile: variables', () => {
  it('reads every operator, the modifiers, and the value without its comment', () => {
    const { doc, source } = read(
      [
        'A = 1',
        'export B := two words # why',
        'override C ::= 3',
        'D :::= 4',
        'private E ?= 5',
        'F += 6',
        'G != git rev-parse HEAD',
        'H=7',
        'export override I=',
        'J = a\\#b',
        'SRC = a.c \\',
        '      b.c',
        '',
      ].join('\n'),
    );
    expect(doc.variables.map(({ name, operator, modifiers, value }) => ({ name, operator, modifiers, value }))).toEqual([
      { name: 'A', operator: '=', modifiers: [], value: '1' },
      { name: 'B', operator: ':=', modifiers: ['export'], value: 'two words' },
      { name: 'C', operator: '::=', modifiers: ['override'], value: '3' },
      { name: 'D', operator: ':::=', modifiers: [], value: '4' },
      { name: 'E', operator: '?=', modifiers: ['private'], value: '5' },
      { name: 'F', operator: '+=', modifiers: [], value: '6' },
      { name: 'G', operator: '!=', modifiers: [], value: 'git rev-parse HEAD' },
      { name: 'H', operator: '=', modifiers: [], value: '7' },
      { name: 'I', operator: '=', modifiers: ['export', 'override'], value: '' },
      { name: 'J', operator: '=', modifiers: [], value: 'a#b' },
      { name: 'SRC', operator: '=', modifiers: [], value: 'a.c b.c' },
    ]);
    const b = doc.variables[1];
    expect(b && written(source, b.valueRange)).toBe('two words');
    expect(b && written(source, b.range)).toBe('export B := two words');
    const empty = doc.variables[8]?.valueRange;
    expect(empty).toEqual({ start: { line: 9, column: 19 }, end: { line: 9, column: 19 } });
    expect(doc.comments.map((comment) => comment.text)).toEqual([' why']);
  });

  it('reads target-specific variables and define bodies, and skips directives', () => {
    const { doc, source } = read(
      [
        'include common.mk',
        '-include $(wildcard local.mk)',
        'export PATH',
        'unexport CDPATH',
        'vpath %.c src',
        'build push: export DOCKER_BUILDKIT = 0',
        'define BUILD_IMAGE :=',
        '\t@DOCKER_BUILDKIT=0 docker build \\',
        '\t  -t $(1) .',
        'endef',
        'ifeq ($(CI),true)',
        'QUIET = @',
        'else',
        'QUIET =',
        'endif',
        '',
      ].join('\n'),
    );
    expect(doc.variables.map(({ name, operator, targets, modifiers }) => ({ name, operator, targets, modifiers }))).toEqual([
      { name: 'DOCKER_BUILDKIT', operator: '=', targets: ['build', 'push'], modifiers: ['export'] },
      { name: 'BUILD_IMAGE', operator: ':=', targets: null, modifiers: [] },
      { name: 'QUIET', operator: '=', targets: null, modifiers: [] },
      { name: 'QUIET', operator: '=', targets: null, modifiers: [] },
    ]);
    expect(doc.rules).toEqual([]);
    expect(doc.recipeLines).toEqual(doc.variables[1]?.cannedRecipe);
    const define = doc.variables[1];
    expect(define?.value).toBe('\t@DOCKER_BUILDKIT=0 docker build \\\n\t  -t $(1) .');
    expect(define && written(source, define.valueRange)).toBe(define?.value);
    expect(define?.cannedRecipe?.map((line) => line.prefix)).toEqual(['@']);
    expect(commands(define?.cannedRecipe?.[0])).toEqual(['docker build -t <?> .']);
    expect(define?.cannedRecipe?.[0]?.shell.assignments.map((assignment) => [assignment.name, assignment.value])).toEqual([['DOCKER_BUILDKIT', '0']]);
  });
});

describe('parseMakefile: rules and recipes', () => {
  it('reads targets, prerequisites and recipe lines as shell, with exact positions', () => {
    const { doc, source } = read(
      [
        '.PHONY: build images', // 1
        'build: images | out ; @echo start # the shell comments this',
        '\t@TAG=dev DOCKER_BUILDKIT=0 docker build -t app:$$TAG \\',
        '\t    --build-arg V=$(VERSION) .',
        '# a make comment does not end the recipe', // 5
        '',
        'ifdef CI',
        '\t-cd web && export COMPOSE_DOCKER_CLI_BUILD=0; $(MAKE) -C sub',
        'endif',
        '\t+pip install -r requirements.txt', // 10
        'images:',
        "\techo '$(shell date)' \"$$HOME\" ${HOME} $@",
        'X = 1',
        '\techo not a recipe, the assignment ended the rule',
        '',
      ].join('\n'),
    );
    expect(doc.rules.map(({ targets, prerequisites, recipe }) => ({ targets, prerequisites, prefixes: recipe.map((line) => line.prefix) }))).toEqual([
      { targets: ['.PHONY'], prerequisites: ['build', 'images'], prefixes: [] },
      { targets: ['build'], prerequisites: ['images', '|', 'out'], prefixes: ['@', '@', '-', '+'] },
      { targets: ['images'], prerequisites: [], prefixes: [''] },
    ]);
    const [inline, docker, cd, pip] = doc.rules[1]?.recipe ?? [];
    expect(commands(inline)).toEqual(['echo start']);
    expect(commands(docker)).toEqual(['docker build -t <?> --build-arg <?> .']);
    expect(docker?.shell.assignments.map((assignment) => [assignment.name, assignment.value, written(source, assignment.valueRange)])).toEqual([
      ['TAG', 'dev', 'dev'],
      ['DOCKER_BUILDKIT', '0', '0'],
    ]);
    expect(docker && written(source, docker.range)).toBe('TAG=dev DOCKER_BUILDKIT=0 docker build -t app:$$TAG \\\n\t    --build-arg V=$(VERSION) .');
    const tag = docker?.shell.commands[0]?.args[2];
    expect(tag && written(source, tag.range)).toBe('app:$$TAG');
    expect(docker?.shell.commands[0]?.args.map((arg) => arg.raw)).toEqual(['build', '-t', 'app:$$TAG', '--build-arg', 'V=$(VERSION)', '.']);
    expect(commands(cd)).toEqual(['cd web', 'export COMPOSE_DOCKER_CLI_BUILD=0', '<?> -C sub']);
    expect(cd?.shell.assignments.map((assignment) => [assignment.name, assignment.value, assignment.via, assignment.valueRange.start])).toEqual([
      ['COMPOSE_DOCKER_CLI_BUILD', '0', 'export', { line: 8, column: 45 }],
    ]);
    expect(commands(pip)).toEqual(['pip install -r requirements.txt']);
    expect(commands(doc.rules[2]?.recipe[0])).toEqual(['echo <?> <?> <?> <?>']);
    expect(doc.variables.map((variable) => variable.name)).toEqual(['X']);
    expect(doc.recipeLines.map((line) => line.range.start.line)).toEqual([2, 3, 8, 10, 12]);
    // Make comments and the shell comments of recipes, for suppression directives.
    expect(doc.comments.map((comment) => [comment.line, comment.text])).toEqual([
      [2, ' the shell comments this'],
      [5, ' a make comment does not end the recipe'],
    ]);
  });

  it('follows .RECIPEPREFIX, reads CRLF line ends, and a tab line outside a rule as make syntax', () => {
    const { doc } = read(['\tA = 1', '.RECIPEPREFIX = >', 'all:', '> echo one \\', '> two', '\techo three', ''].join('\r\n'));
    expect(doc.variables.map((variable) => [variable.name, variable.value])).toEqual([
      ['A', '1'],
      ['.RECIPEPREFIX', '>'],
    ]);
    expect(doc.rules[0]?.recipe.map(commands)).toEqual([['echo one two']]);
  });

  it('never throws on broken input: an unclosed reference, a missing endef, a lone colon', () => {
    const { doc } = read('all:\n\techo $(unclosed\n: x\ndefine OPEN\n\tDOCKER_BUILDKIT=0\n');
    expect(doc.rules.map((rule) => rule.targets)).toEqual([['all'], []]);
    expect(commands(doc.rules[0]?.recipe[0])).toEqual(['echo <?>']);
    expect(doc.variables.map((variable) => [variable.name, variable.value])).toEqual([['OPEN', '\tDOCKER_BUILDKIT=0\n']]);
  });
});

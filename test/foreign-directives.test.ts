/**
 * hadolint's and BuildKit's annotations suppress the dockerlint rules whose metadata names their codes,
 * and nothing else. The rules here are test-only, so the mapping is shown to come from metadata alone.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load.js';
import { parseCheckOptions } from '../src/project/check-directive.js';
import { runRules } from '../src/engine/run-rules.js';
import { lint } from '../src/lint.js';
import type { DockerfileDoc } from '../src/project/model.js';
import { defineRule, type Rule } from '../src/engine/rule.js';
import { rules as allRules } from '../src/rules/index.js';
import { loadCase } from './helpers/rule-tester.js';
import { tempTree } from './helpers/tmp.js';

/** A test rule that reports every instruction with one of `keywords`, at the instruction's keyword. */
function everyInstruction(id: string, keywords: readonly string[], equivalents: Rule['equivalents']): Rule {
  return defineRule({
    id,
    description: 'test rule: reports every instruction of some kinds',
    kind: 'general',
    ...(equivalents === undefined ? {} : { equivalents }),
    documents: ['dockerfile'],
    defaultSeverity: 'warning',
    fixable: false,
    options: Type.Object({}, { additionalProperties: false }),
    messages: { found: { message: 'Found {{keyword}}.', help: 'Test.' } },
    check: (project) =>
      project.dockerfiles.flatMap((doc: DockerfileDoc) =>
        doc.instructions
          .filter((instruction) => keywords.includes(instruction.keyword))
          .map((instruction) => ({ messageId: 'found', data: { keyword: instruction.keyword }, location: { file: doc.source.path, range: instruction.keywordRange } })),
      ),
  });
}

const cdInRun = everyInstruction('test-cd-in-run', ['RUN'], { hadolint: ['DL3003'], shellcheck: ['SC2164'] });
const shellForm = everyInstruction('test-shell-form', ['CMD'], { hadolint: ['DL3025'], buildkit: ['JSONArgsRecommended'] });
const stageCase = everyInstruction('test-stage-case', ['FROM'], { buildkit: ['StageNameCasing'] });
const unmapped = everyInstruction('test-unmapped', ['RUN', 'CMD'], undefined);
const testRules = [cdInRun, shellForm, stageCase, unmapped];

/** `rule@line severity` of what the test rules report on a Dockerfile. */
async function findings(dockerfile: string, files: Record<string, string> = {}): Promise<string[]> {
  const root = tempTree({ Dockerfile: dockerfile, ...files });
  const project = await loadCase(root);
  const config = loadConfig(null, testRules, new Map(), root);
  return runRules(project, config, true, new Map(), testRules).map((finding) => `${finding.rule}@${finding.line} ${finding.severity}`);
}

describe('hadolint pragmas', () => {
  it('`# hadolint ignore=` covers the next instruction, all of its lines, for the rules naming a listed code', async () => {
    const dockerfile = ['FROM alpine:3.20', '# hadolint ignore=DL3003', 'RUN cd /tmp \\', '  && make', 'RUN cd /src', ''].join('\n');
    expect(await findings(dockerfile)).toEqual(['test-stage-case@1 warning', 'test-unmapped@3 warning', 'test-cd-in-run@5 warning', 'test-unmapped@5 warning']);
  });

  it('accepts SC codes, spaces around `=` and `,`, and a trailing `# reason`; one code suppresses a rule that names several', async () => {
    const dockerfile = ['FROM alpine:3.20', '#hadolint ignore = SC2164 , DL3025   # legacy scripts', 'RUN cd /tmp', 'CMD run', ''].join('\n');
    expect(await findings(dockerfile)).toEqual(['test-stage-case@1 warning', 'test-unmapped@3 warning', 'test-shell-form@4 warning', 'test-unmapped@4 warning']);
  });

  it('does nothing across a blank line, inside a continued RUN, or when malformed', async () => {
    const dockerfile = [
      'FROM alpine:3.20',
      '# hadolint ignore=DL3003',
      '',
      'RUN cd /a',
      'RUN echo \\',
      '# hadolint ignore=DL3003',
      '  && cd /b',
      '# hadolint ignore=DL3003 because',
      'RUN cd /c',
      '# hadolint ignore=dl3003',
      'RUN cd /d',
      '',
    ].join('\n');
    expect((await findings(dockerfile)).filter((finding) => finding.startsWith('test-cd-in-run'))).toEqual([
      'test-cd-in-run@4 warning',
      'test-cd-in-run@5 warning',
      'test-cd-in-run@9 warning',
      'test-cd-in-run@11 warning',
    ]);
  });

  it('`global ignore` covers the file wherever it is; `stage ignore` the rest of its stage', async () => {
    const global = ['FROM alpine:3.20', 'RUN cd /a', '# hadolint global ignore=DL3003', 'RUN cd /b', ''].join('\n');
    expect((await findings(global)).filter((finding) => finding.startsWith('test-cd'))).toEqual([]);
    const stage = ['# hadolint stage ignore=DL3003', 'FROM alpine:3.20 AS build', 'RUN cd /a', 'FROM alpine:3.20', 'RUN cd /b', ''].join('\n');
    expect((await findings(stage)).filter((finding) => finding.startsWith('test-cd'))).toEqual(['test-cd-in-run@5 warning']);
  });

  it('a code that no rule names suppresses nothing (it never means "every rule")', async () => {
    const dockerfile = ['FROM alpine:3.20', '# hadolint ignore=DL3059', 'RUN cd /a', ''].join('\n');
    expect(await findings(dockerfile)).toEqual(['test-stage-case@1 warning', 'test-cd-in-run@3 warning', 'test-unmapped@3 warning']);
  });

  it('`disable-ignore-pragma` in .hadolint.yaml turns them off', async () => {
    const dockerfile = ['FROM alpine:3.20', '# hadolint ignore=DL3003', 'RUN cd /a', ''].join('\n');
    expect(await findings(dockerfile, { '.hadolint.yaml': 'disable-ignore-pragma: true\n' })).toContain('test-cd-in-run@3 warning');
  });
});

describe('BuildKit check directives', () => {
  it('parses options as BuildKit does, refusing what it refuses', () => {
    expect(parseCheckOptions('skip=A, B ;error=true')).toEqual({ skip: ['A', 'B'], error: true });
    expect(parseCheckOptions('skip=all;experimental=all')).toEqual({ skip: 'all', error: false });
    expect(parseCheckOptions('error=1')).toEqual({ skip: [], error: true });
    expect(parseCheckOptions('error=yes')).toBeNull();
    expect(parseCheckOptions('skip')).toBeNull();
    expect(parseCheckOptions('skp=A')).toBeNull();
  });

  it('`# check=skip=` at the top covers the file for the named checks; names are case-sensitive, the key is not', async () => {
    const dockerfile = ['# syntax=docker/dockerfile:1', '# CHECK = skip=JSONArgsRecommended,stagenamecasing', 'FROM alpine:3.20 AS Build', 'CMD run', ''].join('\n');
    expect(await findings(dockerfile)).toEqual(['test-stage-case@3 warning', 'test-unmapped@4 warning']);
  });

  it('`skip=all` covers every rule with a BuildKit equivalent, and only those', async () => {
    const dockerfile = ['# check=skip=all', 'FROM alpine:3.20', 'RUN cd /a', 'CMD run', ''].join('\n');
    expect(await findings(dockerfile)).toEqual(['test-cd-in-run@3 warning', 'test-unmapped@3 warning', 'test-unmapped@4 warning']);
  });

  it('is no parser directive after a comment: then it covers the stage below it only, not the file', async () => {
    const dockerfile = ['# Build the app', '# check=skip=JSONArgsRecommended', 'FROM alpine:3.20', 'CMD one', 'FROM alpine:3.20', 'CMD two', ''].join('\n');
    expect((await findings(dockerfile)).filter((finding) => finding.startsWith('test-shell'))).toEqual(['test-shell-form@6 warning']);
  });

  it('above an instruction it covers that instruction, above a FROM its stage; a reason may follow a space', async () => {
    const dockerfile = [
      'FROM alpine:3.20',
      '# check=skip=JSONArgsRecommended the entrypoint script forwards signals',
      'CMD one',
      'CMD two',
      '# check=skip=JSONArgsRecommended',
      'FROM alpine:3.20 AS final',
      'CMD three',
      '',
    ].join('\n');
    expect((await findings(dockerfile)).filter((finding) => finding.startsWith('test-shell'))).toEqual(['test-shell-form@4 warning']);
  });

  it('`error=true` makes the findings of rules with a BuildKit equivalent errors, except skipped ones', async () => {
    const dockerfile = ['# check=error=true;skip=StageNameCasing', 'FROM alpine:3.20', 'RUN cd /a', 'CMD run', ''].join('\n');
    expect(await findings(dockerfile)).toEqual(['test-cd-in-run@3 warning', 'test-unmapped@3 warning', 'test-shell-form@4 error', 'test-unmapped@4 warning']);
  });

  it('annotations are not reported as unused directives: they serve the other linter too', async () => {
    const dockerfile = ['# check=skip=JSONArgsRecommended', 'FROM alpine:3.20', '# hadolint ignore=DL3003', 'RUN echo', ''].join('\n');
    expect(await findings(dockerfile)).toEqual(['test-stage-case@2 warning', 'test-unmapped@4 warning']);
  });
});

describe('with the real rules', () => {
  it('`# check=skip=CopyIgnoredFile` suppresses copy-ignored-file; noInlineConfig brings it back', async () => {
    const root = tempTree({
      Dockerfile: ['FROM alpine:3.20', '# check=skip=CopyIgnoredFile', 'COPY secrets.env /app/', ''].join('\n'),
      '.dockerignore': '*.env\n',
      'secrets.env': 'A=1\n',
    });
    const rules = (result: Awaited<ReturnType<typeof lint>>): string[] => result.findings.filter((finding) => finding.rule === 'copy-ignored-file').map((finding) => `${finding.file}:${finding.line}`);
    expect(rules(await lint({ cwd: root }))).toEqual([]);
    writeFileSync(path.join(root, '.dockerlintrc.json'), JSON.stringify({ noInlineConfig: true }));
    expect(rules(await lint({ cwd: root }))).toEqual(['Dockerfile:3']);
  });

  it('every equivalent code of every rule is well-formed, so annotations can name it', () => {
    for (const rule of allRules) {
      for (const code of rule.equivalents?.hadolint ?? []) expect(code).toMatch(/^DL\d{4}$/);
      for (const code of rule.equivalents?.shellcheck ?? []) expect(code).toMatch(/^SC\d{4}$/);
      for (const code of rule.equivalents?.buildkit ?? []) expect(code).toMatch(/^[A-Z][A-Za-z]+$/);
    }
  });
});

describe('.hadolint.yaml', () => {
  const dockerfile = ['FROM alpine:3.20', 'RUN cd /a', 'CMD run', ''].join('\n');

  it('its `ignored` codes turn off the rules that name them', async () => {
    expect(await findings(dockerfile, { '.hadolint.yaml': 'ignored:\n  - DL3003\n  - SC9999\n' })).toEqual([
      'test-stage-case@1 warning',
      'test-unmapped@2 warning',
      'test-shell-form@3 warning',
      'test-unmapped@3 warning',
    ]);
    expect(await findings(dockerfile, { '.hadolint.yml': 'ignored: [DL3025]\n' })).not.toContain('test-shell-form@3 warning');
  });

  it('a dockerlint config that sets the rule wins, and --rule wins over both', () => {
    const root = tempTree({ '.hadolint.yaml': 'ignored: [DL3003, DL3025]\n', '.dockerlintrc.json': JSON.stringify({ rules: { 'test-cd-in-run': 'error' } }) });
    const config = loadConfig(path.join(root, '.dockerlintrc.json'), testRules, new Map([['test-unmapped', 'off']]), root);
    expect(config.rules.get('test-cd-in-run')?.severity).toBe('error');
    expect(config.rules.get('test-shell-form')?.severity).toBe('off');
    expect(config.hadolint).toEqual({ file: '.hadolint.yaml', ignored: ['DL3003', 'DL3025'], trustedRegistries: [], disableIgnorePragma: false });
  });

  it('its trustedRegistries fill the option of that name, unless the dockerlint config lists registries', () => {
    const root = tempTree({ '.hadolint.yaml': 'trustedRegistries:\n  - registry.corp.example\n  - "*.gcr.io"\n' });
    const registries = (config: ReturnType<typeof loadConfig>): unknown => config.rules.get('trusted-registries')?.options.trustedRegistries;
    expect(registries(loadConfig(null, allRules, new Map(), root))).toEqual(['registry.corp.example', '*.gcr.io']);
    writeFileSync(path.join(root, '.dockerlintrc.json'), JSON.stringify({ rules: { 'trusted-registries': ['error', { trustedRegistries: ['ghcr.io'] }] } }));
    expect(registries(loadConfig(path.join(root, '.dockerlintrc.json'), allRules, new Map(), root))).toEqual(['ghcr.io']);
    writeFileSync(path.join(root, '.hadolint.yaml'), 'trustedRegistries: registry.corp.example\n');
    expect(registries(loadConfig(null, allRules, new Map(), root))).toEqual(['registry.corp.example']);
  });

  it('a file hadolint could not read either is ignored, as hadolint ignores it', async () => {
    expect(await findings(dockerfile, { '.hadolint.yaml': 'ignored: [DL3003\n' })).toContain('test-cd-in-run@2 warning');
    expect(await findings(dockerfile, { '.hadolint.yaml': '- DL3003\n' })).toContain('test-cd-in-run@2 warning');
  });
});

import { Type } from '@sinclair/typebox';
import { execFileSync } from 'node:child_process';
import { symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, findConfigFile, loadConfig, parseRuleFlag, ruleConfigFor } from '../src/config/load.js';
import { defineRule, type Rule } from '../src/engine/rule.js';
import { rules as allRules } from '../src/rules/index.js';
import { tempTree } from './helpers/tmp.js';

const stages = defineRule({
  id: 'stage-layout',
  description: 'test rule with options',
  kind: 'policy',
  documents: ['dockerfile'],
  defaultSeverity: 'error',
  strict: { options: { extraAllowed: false } },
  fixable: false,
  options: Type.Object(
    {
      stages: Type.Array(Type.String(), { default: ['deps', 'build', 'runtime'] }),
      extraAllowed: Type.Boolean({ default: true }),
    },
    { additionalProperties: false },
  ),
  messages: {},
  check: () => [],
});
const cacheMount = defineRule({
  id: 'dependency-cache-mount',
  description: 'test rule, warning by default, error in strict',
  kind: 'policy',
  documents: ['dockerfile'],
  defaultSeverity: 'warning',
  strict: { severity: 'error' },
  fixable: true,
  options: Type.Object({}, { additionalProperties: false }),
  messages: {},
  check: () => [],
});
const testRules = [stages, cacheMount] as unknown as Rule[];

function configIn(files: Record<string, unknown>): string {
  const root = tempTree();
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(path.join(root, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return root;
}

function loadError(root: string, file = '.dockerlintrc.json'): string {
  try {
    loadConfig(path.join(root, file), testRules);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message.replace(`${root}/`, '');
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('uses the recommended preset with defaults when there is no config file', () => {
    const config = loadConfig(null, testRules);
    expect(config.file).toBeNull();
    expect(config.rules.get('stage-layout')).toEqual({ severity: 'error', options: { stages: ['deps', 'build', 'runtime'], extraAllowed: true } });
    expect(config.rules.get('dependency-cache-mount')).toEqual({ severity: 'warning', options: {} });
    // No list: dockerignore-required asks each context for the entries that fit it.
    expect(config.settings.mandatoryIgnores).toBeUndefined();
  });

  it("keeps this repository's reference policy as strict as it was: its config states every mandatory ignore entry", () => {
    const config = loadConfig(path.resolve(import.meta.dirname, '../.dockerlintrc.json'), allRules);
    expect(config.settings.mandatoryIgnores).toEqual(['node_modules', '__pycache__', '.git', '.gitignore', '.env', '*.log', 'data/', '*.pkl']);
  });

  it('applies the strict preset severities and options', () => {
    const root = configIn({ '.dockerlintrc.json': { extends: 'dockerlint:strict' } });
    const config = loadConfig(path.join(root, '.dockerlintrc.json'), testRules);
    expect(config.rules.get('stage-layout')?.options).toEqual({ stages: ['deps', 'build', 'runtime'], extraAllowed: false });
    expect(config.rules.get('dependency-cache-mount')?.severity).toBe('error');
  });

  it('merges rules: a severity alone keeps inherited options, options are merged onto the defaults', () => {
    const root = configIn({
      'base.json': { extends: 'dockerlint:recommended', rules: { 'stage-layout': ['warning', { stages: ['a', 'b'] }] }, gpuServices: ['pose'] },
      '.dockerlintrc.json': { extends: './base.json', rules: { 'stage-layout': 'error', 'dependency-cache-mount': 'off' }, ignorePatterns: ['fixtures/**'] },
    });
    const config = loadConfig(path.join(root, '.dockerlintrc.json'), testRules);
    expect(config.rules.get('stage-layout')).toEqual({ severity: 'error', options: { stages: ['a', 'b'], extraAllowed: true } });
    expect(config.rules.get('dependency-cache-mount')?.severity).toBe('off');
    expect(config.settings.gpuServices).toEqual(['pose']);
    expect(config.ignorePatterns).toEqual(['fixtures/**']);
  });

  it('implicitly extends recommended, and "extends": [] starts with every rule off', () => {
    const implicit = configIn({ '.dockerlintrc.json': { rules: {} } });
    expect(loadConfig(path.join(implicit, '.dockerlintrc.json'), testRules).rules.get('stage-layout')?.severity).toBe('error');
    const empty = configIn({ '.dockerlintrc.json': { extends: [], rules: { 'dependency-cache-mount': 'warning' } } });
    const config = loadConfig(path.join(empty, '.dockerlintrc.json'), testRules);
    expect(config.rules.get('stage-layout')?.severity).toBe('off');
    expect(config.rules.get('dependency-cache-mount')?.severity).toBe('warning');
  });

  it('applies overrides by glob, with excludedFiles', () => {
    const root = configIn({
      '.dockerlintrc.json': {
        overrides: [
          { $comment: 'CI bootstrap', files: ['.ci/**', 'scripts/*.sh'], excludedFiles: ['scripts/keep.sh'], rules: { 'stage-layout': ['off'] } },
          { files: ['backend/web/**'], rules: { 'stage-layout': ['warning', { stages: ['deps', 'runtime'] }] } },
        ],
      },
    });
    const config = loadConfig(path.join(root, '.dockerlintrc.json'), testRules);
    expect(ruleConfigFor(config, stages as unknown as Rule, '.ci/run').severity).toBe('off');
    expect(ruleConfigFor(config, stages as unknown as Rule, 'scripts/a.sh').severity).toBe('off');
    expect(ruleConfigFor(config, stages as unknown as Rule, 'scripts/keep.sh').severity).toBe('error');
    expect(ruleConfigFor(config, stages as unknown as Rule, 'backend/web/Dockerfile')).toEqual({
      severity: 'warning',
      options: { stages: ['deps', 'runtime'], extraAllowed: true },
    });
  });

  it.each([
    [{ rule: {} }, ".dockerlintrc.json: unknown key 'rule' (did you mean 'rules'?)"],
    [{ colour: true }, '.dockerlintrc.json: unknown key \'colour\'; expected one of $schema, $comment, extends, rules, overrides, ignorePatterns, noInlineConfig, images, roles, gpuServices, gpuImages, mandatoryIgnores, manifests, knownImages, dockerVersion'],
    [{ rules: { 'stage-layuot': 'error' } }, ".dockerlintrc.json: rules.stage-layuot: unknown rule 'stage-layuot' (did you mean 'stage-layout'?)"],
    [{ rules: { 'stage-layout': 'fatal' } }, '.dockerlintrc.json: rules.stage-layout: expected a severity (off, info, warning, error) or [severity, options], got "fatal"'],
    [{ rules: { 'stage-layout': ['error', { stages: 'deps' }] } }, '.dockerlintrc.json: rules.stage-layout[1].stages: expected array, got "deps"'],
    [{ rules: { 'stage-layout': ['error', { stage: [] }] } }, ".dockerlintrc.json: rules.stage-layout[1]: unknown option 'stage' (did you mean 'stages'?); options of stage-layout: stages, extraAllowed"],
    [{ gpuServices: 'pose' }, '.dockerlintrc.json: gpuServices: expected array, got "pose"'],
    [{ images: { 'base-node': { dockerfile: 1 } } }, '.dockerlintrc.json: images.base-node.dockerfile: expected string, got 1'],
    [{ overrides: [{ files: [], rules: {} }] }, '.dockerlintrc.json: overrides[0].files: expected array length to be greater or equal to 1, got []'],
    [{ extends: 'dockerlint:strcit' }, ".dockerlintrc.json: extends: unknown preset 'dockerlint:strcit' (did you mean 'dockerlint:strict'?); expected one of dockerlint:recommended, dockerlint:strict or a relative path"],
  ])('rejects %j naming the key path', (content, message) => {
    expect(loadError(configIn({ '.dockerlintrc.json': content }))).toBe(message);
  });

  it('reports JSON syntax errors with line and column, and extends cycles', () => {
    expect(loadError(configIn({ '.dockerlintrc.json': '{\n  "rules": {,}\n}' }))).toMatch(/^\.dockerlintrc\.json:2:13: invalid JSON: /);
    const cyclic = configIn({ '.dockerlintrc.json': { extends: './a.json' }, 'a.json': { extends: './.dockerlintrc.json' } });
    expect(loadError(cyclic)).toMatch(/"extends" forms a cycle/);
  });
});

describe('loadConfig on hostile files', () => {
  it('never echoes what a file that is not JSON holds', () => {
    const root = configIn({ '.dockerlintrc.json': { extends: './secret' }, secret: 'root:$y$j9T$GHP_0123456789:19000:0:99999:7:::\n' });
    const message = loadError(root);
    expect(message).toBe("secret: invalid JSON: Unexpected token 'r'");
    expect(message).not.toContain('j9T');
  });

  it('reads no special file and nothing past the size limit, and ends at once', () => {
    const fifo = configIn({ '.dockerlintrc.json': { extends: './pipe.json' } });
    execFileSync('mkfifo', [path.join(fifo, 'pipe.json')]);
    expect(loadError(fifo)).toBe('pipe.json: cannot read the config file (a named pipe (FIFO), not a regular file: not read)');
    const zero = configIn({ '.dockerlintrc.json': { extends: './zero.json' } });
    symlinkSync('/dev/zero', path.join(zero, 'zero.json'));
    expect(loadError(zero)).toBe('zero.json: cannot read the config file (a device, not a regular file: not read)');
    const huge = configIn({ '.dockerlintrc.json': '{}' });
    truncateSync(path.join(huge, '.dockerlintrc.json'), 1024 ** 3);
    expect(loadError(huge)).toBe('.dockerlintrc.json: cannot read the config file (file is too large to lint (1024 MiB; the limit is 1 MiB))');
  });
});

describe('findConfigFile and parseRuleFlag', () => {
  it('finds the nearest config upwards, not above the stop directory', () => {
    const root = tempTree({ 'repo/.dockerlintrc.json': '{}', 'repo/a/b/Dockerfile': 'FROM x' });
    expect(findConfigFile(path.join(root, 'repo/a/b'), path.join(root, 'repo'))).toBe(path.join(root, 'repo/.dockerlintrc.json'));
    expect(findConfigFile(path.join(root, 'repo/a/b'), path.join(root, 'repo/a'))).toBeNull();
  });

  it('parses id:severity and rejects unknown ids and severities', () => {
    expect(parseRuleFlag('stage-layout:warning', testRules)).toEqual(['stage-layout', 'warning']);
    expect(() => parseRuleFlag('stage:off', testRules)).toThrow("unknown rule 'stage'");
    expect(() => parseRuleFlag('stage-layout:loud', testRules)).toThrow('expected id:severity');
  });
});

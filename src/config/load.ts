/**
 * Finds, reads, validates and merges `.dockerlintrc.json` files into one resolved configuration.
 * Every problem is a `ConfigError` naming the file and the key path, with what was expected.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Type, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { closest, escapeControlCharacters } from '../text.js';
import type { Rule, SeveritySetting } from '../engine/rule.js';
import { CONFIG_FILE_NAME, DEFAULT_SETTINGS } from './defaults.js';
import { PRESETS, Settings, type ProjectSettings } from './schema.js';
import { readBounded } from '../files.js';
import { readHadolintConfig, withHadolint, type HadolintConfig } from './hadolint.js';
import { globMatcher } from '../globs.js';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface RuleConfig {
  severity: SeveritySetting;
  /** Complete options: the rule's defaults with the configured values applied. */
  options: Record<string, unknown>;
}

/** A rule setting as written: a severity, options, or both. */
interface RuleSettingPatch {
  severity: SeveritySetting;
  options?: Record<string, unknown>;
}

export interface ConfigOverride {
  files: string[];
  excludedFiles: string[];
  rules: Map<string, RuleSettingPatch>;
}

export interface ResolvedConfig {
  /** Absolute path of the config file, or `null` for the built-in default. */
  file: string | null;
  rules: Map<string, RuleConfig>;
  overrides: ConfigOverride[];
  ignorePatterns: string[];
  noInlineConfig: boolean;
  /** Rules a config file sets (in `rules`, itself or through `extends`): a `.hadolint.yaml` never turns them off. */
  explicitRules: ReadonlySet<string>;
  /** The `.hadolint.yaml` read at the project root, or `null`. */
  hadolint: HadolintConfig | null;
  settings: ProjectSettings;
  /** Severities from the command line (`--rule id:severity`): they win over the file and its overrides. */
  commandLine: ReadonlyMap<string, SeveritySetting>;
}

const SEVERITIES = ['off', 'info', 'warning', 'error'];
/** A config file is a few KiB; anything near this is not one. */
const MAX_CONFIG_BYTES = 1024 * 1024;
const TOP_LEVEL_KEYS = ['$schema', '$comment', 'extends', 'rules', 'overrides', 'ignorePatterns', 'noInlineConfig', ...Object.keys(Settings)];

/** The nearest `.dockerlintrc.json` from `startDir` upwards, not above `stopDir` (when given). */
export function findConfigFile(startDir: string, stopDir: string | null): string | null {
  let dir = path.resolve(startDir);
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir || (stopDir !== null && dir === path.resolve(stopDir))) return null;
    dir = parent;
  }
}

/**
 * Resolves `file` (or the built-in recommended preset when `null`) against the known rules, with the
 * command line's `--rule` severities on top. With the project `root`, a `.hadolint.yaml` there turns off
 * the rules its `ignored` list names and gives its `trustedRegistries`, unless the dockerlint config
 * says otherwise.
 */
export function loadConfig(
  file: string | null,
  rules: readonly Rule[],
  commandLine: ReadonlyMap<string, SeveritySetting> = new Map(),
  root: string | null = null,
): ResolvedConfig {
  const resolver = new Resolver(rules);
  const base = file === null ? resolver.preset('dockerlint:recommended') : resolver.fromFile(path.resolve(file), []);
  const hadolint = root === null ? null : readHadolintConfig(root);
  return { ...base, rules: hadolint === null ? base.rules : withHadolint(base.rules, hadolint, rules, base.explicitRules), hadolint, file: file === null ? null : path.resolve(file), commandLine };
}

/** The severity and options of a rule for one file, after `overrides` and the command line. */
export function ruleConfigFor(config: ResolvedConfig, rule: Rule, file: string): RuleConfig {
  let current = config.rules.get(rule.id) ?? { severity: 'off', options: Value.Default(rule.options, {}) as Record<string, unknown> };
  for (const override of config.overrides) {
    const patch = override.rules.get(rule.id);
    if (patch === undefined || !overrideApplies(override, file)) continue;
    current = applyPatch(current, patch);
  }
  const severity = config.commandLine.get(rule.id);
  return severity === undefined ? current : { ...current, severity };
}

export function overrideApplies(override: ConfigOverride, file: string): boolean {
  return (
    globMatcher(override.files)(file) &&
    !(override.excludedFiles.length > 0 && globMatcher(override.excludedFiles)(file))
  );
}

/** Parses a `--rule id:severity` command-line value into a rule patch. */
export function parseRuleFlag(value: string, rules: readonly Rule[]): [string, SeveritySetting] {
  const at = value.lastIndexOf(':');
  const id = at < 0 ? value : value.slice(0, at);
  const severity = at < 0 ? '' : value.slice(at + 1);
  if (!rules.some((rule) => rule.id === id)) {
    throw new ConfigError(`--rule ${value}: unknown rule '${id}'${suggestion(id, rules.map((rule) => rule.id))}`);
  }
  if (!SEVERITIES.includes(severity)) {
    throw new ConfigError(`--rule ${value}: expected id:severity with severity one of ${SEVERITIES.join(', ')}`);
  }
  return [id, severity as SeveritySetting];
}

function applyPatch(current: RuleConfig, patch: RuleSettingPatch): RuleConfig {
  if (patch.options === undefined) return { severity: patch.severity, options: current.options };
  return { severity: patch.severity, options: { ...current.options, ...patch.options } };
}

type Resolved = Omit<ResolvedConfig, 'file' | 'commandLine' | 'hadolint'>;

/** One config file's own settings, applied on top of what it extends. */
interface ConfigLayer {
  patches: Map<string, RuleSettingPatch>;
  overrides: ConfigOverride[];
  ignorePatterns: string[];
  noInlineConfig: boolean;
  explicitRules: ReadonlySet<string>;
  settings: Partial<ProjectSettings>;
}

/** A resolved parent config as a layer, so a later `extends` entry overrides an earlier one. */
function layerOf(resolved: Resolved): ConfigLayer {
  return { ...resolved, patches: new Map(resolved.rules), explicitRules: resolved.explicitRules };
}

function patchesOf(rules: Record<string, unknown>): Map<string, RuleSettingPatch> {
  const patches = new Map<string, RuleSettingPatch>();
  for (const [id, setting] of Object.entries(rules)) {
    if (typeof setting === 'string') patches.set(id, { severity: setting as SeveritySetting });
    else {
      const [severity, options] = setting as [SeveritySetting, Record<string, unknown>?];
      patches.set(id, options === undefined ? { severity } : { severity, options });
    }
  }
  return patches;
}

function suggestion(value: string, candidates: readonly string[]): string {
  const match = closest(value, candidates);
  return match === null ? '' : ` (did you mean '${match}'?)`;
}

class Resolver {
  readonly #rules: readonly Rule[];
  readonly #ruleById: Map<string, Rule>;

  constructor(rules: readonly Rule[]) {
    this.#rules = rules;
    this.#ruleById = new Map(rules.map((rule) => [rule.id, rule]));
  }

  preset(name: (typeof PRESETS)[number]): Resolved {
    const strict = name === 'dockerlint:strict';
    const rules = new Map<string, RuleConfig>();
    for (const rule of this.#rules) {
      const defaults = Value.Default(rule.options, {}) as Record<string, unknown>;
      const severity = (strict ? rule.strict?.severity : undefined) ?? rule.defaultSeverity;
      const options = strict && rule.strict?.options ? { ...defaults, ...rule.strict.options } : defaults;
      rules.set(rule.id, { severity, options });
    }
    return { rules, overrides: [], ignorePatterns: [], noInlineConfig: false, explicitRules: new Set(), settings: structuredClone(DEFAULT_SETTINGS) };
  }

  /** Starts with nothing enabled, for `"extends": []`. */
  empty(): Resolved {
    const base = this.preset('dockerlint:recommended');
    for (const config of base.rules.values()) config.severity = 'off';
    return base;
  }

  fromFile(file: string, chain: string[]): Resolved {
    if (chain.includes(file)) {
      throw new ConfigError(`${file}: "extends" forms a cycle: ${[...chain, file].join(' → ')}`);
    }
    const raw = readJson(file);
    this.#validate(raw, file);
    const extendsValue = raw.extends;
    const parents = extendsValue === undefined ? ['dockerlint:recommended'] : ([] as string[]).concat(extendsValue as string | string[]);
    let resolved = parents.length === 0 ? this.empty() : this.#resolveParent(parents[0] ?? '', file, chain);
    for (const parent of parents.slice(1)) resolved = this.#merge(resolved, layerOf(this.#resolveParent(parent, file, chain)));
    return this.#merge(resolved, this.#layer(raw));
  }

  #resolveParent(name: string, file: string, chain: string[]): Resolved {
    if ((PRESETS as readonly string[]).includes(name)) return this.preset(name as (typeof PRESETS)[number]);
    if (name.startsWith('dockerlint:')) {
      throw new ConfigError(`${file}: extends: unknown preset '${name}'${suggestion(name, PRESETS)}; expected one of ${PRESETS.join(', ')} or a relative path`);
    }
    if (!name.startsWith('.')) {
      throw new ConfigError(`${file}: extends: '${name}' must be ${PRESETS.join(' or ')} or a path starting with ./ or ../`);
    }
    const target = path.resolve(path.dirname(file), name);
    if (!existsSync(target)) throw new ConfigError(`${file}: extends: '${name}' does not exist (looked for ${target})`);
    return this.fromFile(target, [...chain, file]);
  }

  /** The settings of one file, not yet merged onto its parents. */
  #layer(raw: Record<string, unknown>): ConfigLayer {
    const settings: Partial<ProjectSettings> = {};
    for (const key of Object.keys(Settings) as (keyof ProjectSettings)[]) {
      if (raw[key] !== undefined) (settings as Record<string, unknown>)[key] = raw[key];
    }
    const overrides = ((raw.overrides ?? []) as { files: string[]; excludedFiles?: string[]; rules: Record<string, unknown> }[]).map(
      (override) => ({ files: override.files, excludedFiles: override.excludedFiles ?? [], rules: patchesOf(override.rules) }),
    );
    const patches = patchesOf((raw.rules ?? {}) as Record<string, unknown>);
    return {
      patches,
      explicitRules: new Set(patches.keys()),
      overrides,
      ignorePatterns: (raw.ignorePatterns ?? []) as string[],
      noInlineConfig: raw.noInlineConfig === true,
      settings,
    };
  }

  #merge(base: Resolved, layer: ConfigLayer): Resolved {
    const rules = new Map(base.rules);
    for (const [id, patch] of layer.patches) {
      const rule = this.#ruleById.get(id);
      const current = rules.get(id);
      if (rule && current) rules.set(id, applyPatch(current, patch));
    }
    return {
      rules,
      overrides: [...base.overrides, ...layer.overrides],
      ignorePatterns: [...base.ignorePatterns, ...layer.ignorePatterns],
      noInlineConfig: base.noInlineConfig || layer.noInlineConfig,
      explicitRules: new Set([...base.explicitRules, ...layer.explicitRules]),
      settings: { ...base.settings, ...layer.settings },
    };
  }

  #validate(raw: unknown, file: string): asserts raw is Record<string, unknown> {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new ConfigError(`${file}: expected a JSON object at the top level`);
    }
    const record = raw as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!TOP_LEVEL_KEYS.includes(key)) {
        const hint = suggestion(key, TOP_LEVEL_KEYS);
        throw new ConfigError(`${file}: unknown key '${key}'${hint || `; expected one of ${TOP_LEVEL_KEYS.join(', ')}`}`);
      }
    }
    const simple: Record<string, TSchema> = {
      $schema: Type.String(),
      $comment: Type.String(),
      extends: Type.Union([Type.String({ minLength: 1 }), Type.Array(Type.String({ minLength: 1 }))]),
      ignorePatterns: Type.Array(Type.String({ minLength: 1 })),
      noInlineConfig: Type.Boolean(),
      ...Settings,
    };
    for (const [key, schema] of Object.entries(simple)) {
      if (record[key] !== undefined) checkValue(schema, record[key], `${file}: ${key}`);
    }
    if (record.rules !== undefined) this.#validateRules(record.rules, `${file}: rules`);
    if (record.overrides !== undefined) {
      if (!Array.isArray(record.overrides)) throw new ConfigError(`${file}: overrides: expected an array of { files, rules } objects`);
      record.overrides.forEach((override: unknown, index) => {
        const where = `${file}: overrides[${index}]`;
        if (typeof override !== 'object' || override === null || Array.isArray(override)) {
          throw new ConfigError(`${where}: expected an object with "files" and "rules"`);
        }
        const entry = override as Record<string, unknown>;
        for (const key of Object.keys(entry)) {
          if (!['$comment', 'files', 'excludedFiles', 'rules'].includes(key)) {
            throw new ConfigError(`${where}: unknown key '${key}'; expected files, excludedFiles, rules or $comment`);
          }
        }
        checkValue(Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }), entry.files, `${where}.files`);
        if (entry.excludedFiles !== undefined) checkValue(Type.Array(Type.String({ minLength: 1 })), entry.excludedFiles, `${where}.excludedFiles`);
        if (entry.$comment !== undefined) checkValue(Type.String(), entry.$comment, `${where}.$comment`);
        this.#validateRules(entry.rules ?? {}, `${where}.rules`);
      });
    }
  }

  #validateRules(rules: unknown, where: string): void {
    if (typeof rules !== 'object' || rules === null || Array.isArray(rules)) {
      throw new ConfigError(`${where}: expected an object mapping rule ids to settings`);
    }
    for (const [id, setting] of Object.entries(rules)) {
      const rule = this.#ruleById.get(id);
      const at = `${where}.${id}`;
      if (!rule) throw new ConfigError(`${at}: unknown rule '${id}'${suggestion(id, [...this.#ruleById.keys()])}`);
      const [severity, options, ...rest] = Array.isArray(setting) ? (setting as unknown[]) : [setting];
      if (typeof severity !== 'string' || !SEVERITIES.includes(severity)) {
        throw new ConfigError(`${at}: expected a severity (${SEVERITIES.join(', ')}) or [severity, options], got ${JSON.stringify(setting)}`);
      }
      if (rest.length > 0) throw new ConfigError(`${at}: expected [severity, options], got ${rest.length + 2} elements`);
      if (options !== undefined) {
        const known = Object.keys(rule.options.properties);
        if (typeof options === 'object' && options !== null && !Array.isArray(options)) {
          for (const key of Object.keys(options as Record<string, unknown>)) {
            if (!known.includes(key)) {
              throw new ConfigError(
                `${at}[1]: unknown option '${key}'${suggestion(key, known)}; ${known.length ? `options of ${id}: ${known.join(', ')}` : `${id} has no options`}`,
              );
            }
          }
        }
        checkValue(Type.Partial(rule.options), options, `${at}[1]`);
      }
    }
  }
}

/** Throws a ConfigError for the first validation error of `value`, with its key path. */
function checkValue(schema: TSchema, value: unknown, where: string): void {
  const first = Value.Errors(schema, value).First();
  if (first === undefined) return;
  const keyPath = first.path
    .split('/')
    .slice(1)
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
    .join('');
  throw new ConfigError(`${where}${keyPath}: ${first.message.toLowerCase()}, got ${first.value === undefined ? 'nothing' : JSON.stringify(first.value)}`);
}

function readJson(file: string): unknown {
  const read = readBounded(file, MAX_CONFIG_BYTES);
  if ('problem' in read) throw new ConfigError(`${file}: cannot read the config file (${read.problem})`);
  const text = read.buffer.toString('utf8');
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    // Node's message quotes the text around the error: never echo a file's content (it may be a secret).
    const message = (error as Error).message
      .replace(/, ".*"(?:\.\.\.)? is not valid JSON$/s, '')
      .replace(/ in JSON at position \d+.*$/s, '');
    const position = /position (\d+)/.exec((error as Error).message);
    if (position) {
      const offset = Number(position[1]);
      const before = text.slice(0, offset);
      const line = before.split('\n').length;
      const column = offset - before.lastIndexOf('\n');
      throw new ConfigError(`${file}:${line}:${column}: invalid JSON: ${escapeControlCharacters(message)}`);
    }
    throw new ConfigError(`${file}: invalid JSON: ${escapeControlCharacters(message)}`);
  }
}


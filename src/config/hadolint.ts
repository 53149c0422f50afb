/**
 * A project's `.hadolint.yaml`, read so that a team moving from hadolint keeps its decisions: the
 * `ignored` codes turn off the dockerlint rules that name them (`equivalents`), `trustedRegistries`
 * fills the option of that name, and `disable-ignore-pragma` turns off `# hadolint` pragmas. A dockerlint
 * config that sets a rule (or the list) wins. Like hadolint, a file it cannot read is ignored.
 */
import path from 'node:path';
import { parse } from 'yaml';
import { readBounded } from '../files.js';
import type { Rule } from '../engine/rule.js';
import type { RuleConfig } from './load.js';

export interface HadolintConfig {
  /** Repo-relative to the project root: `.hadolint.yaml` or `.hadolint.yml`. */
  file: string;
  /** DL and SC codes. */
  ignored: string[];
  trustedRegistries: string[];
  /** `disable-ignore-pragma`: `# hadolint` pragmas are not read. */
  disableIgnorePragma: boolean;
}

/** hadolint's own names, in the order it looks for them in the working directory. */
export const HADOLINT_CONFIG_FILES = ['.hadolint.yaml', '.hadolint.yml'];
const MAX_BYTES = 1024 * 1024;

const strings = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

export function readHadolintConfig(root: string): HadolintConfig | null {
  for (const name of HADOLINT_CONFIG_FILES) {
    const read = readBounded(path.join(root, name), MAX_BYTES);
    if ('problem' in read) continue;
    let data: unknown;
    try {
      data = parse(read.buffer.toString('utf8'), { maxAliasCount: 100 });
    } catch {
      return null;
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
    const record = data as Record<string, unknown>;
    return {
      file: name,
      ignored: strings(record.ignored),
      trustedRegistries: strings(record.trustedRegistries),
      disableIgnorePragma: record['disable-ignore-pragma'] === true,
    };
  }
  return null;
}

/**
 * `configs` with what the hadolint config decides: every rule that an ignored code names turned off
 * (except the rules in `explicit`, which a dockerlint config sets), and its `trustedRegistries` given to
 * the rules with an option of that name that the dockerlint config leaves empty.
 */
export function withHadolint(
  configs: ReadonlyMap<string, RuleConfig>,
  hadolint: HadolintConfig,
  rules: readonly Rule[],
  explicit: ReadonlySet<string>,
): Map<string, RuleConfig> {
  const result = new Map(configs);
  const ignored = new Set(hadolint.ignored);
  for (const rule of rules) {
    const codes = [...(rule.equivalents?.hadolint ?? []), ...(rule.equivalents?.shellcheck ?? [])];
    const current = result.get(rule.id);
    if (current === undefined) continue;
    if (!explicit.has(rule.id) && codes.some((code) => ignored.has(code))) result.set(rule.id, { ...current, severity: 'off' });
    const registries = current.options.trustedRegistries;
    if (hadolint.trustedRegistries.length > 0 && Array.isArray(registries) && registries.length === 0) {
      result.set(rule.id, { ...(result.get(rule.id) ?? current), options: { ...current.options, trustedRegistries: hadolint.trustedRegistries } });
    }
  }
  return result;
}

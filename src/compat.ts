/**
 * What dockerlint replaces: every check of hadolint, of BuildKit's build checks and of dclint, each
 * answered by the rules whose metadata names it (`equivalents`) or by a reason it is not implemented.
 * `docs/compat.md` is generated from this table and the rules (`npm run docs`); a test fails when a
 * check is both implemented and given a reason, or neither.
 */
import type { Rule } from './engine/rule.js';

export interface ForeignCheck {
  /** `DL3003`, `JSONArgsRecommended`, `no-version-field`. */
  code: string;
  /** What it checks, in our words. */
  summary: string;
}

export type Linter = 'hadolint' | 'buildkit' | 'dclint';

/** hadolint's DL rules (DL1000 is its parse failure), as of 2.15 and master. */
export const HADOLINT_RULES: readonly ForeignCheck[] = [
  { code: 'DL1000', summary: 'The Dockerfile cannot be parsed' },
  { code: 'DL1001', summary: 'No inline `# hadolint ignore` pragmas (off by default)' },
  { code: 'DL3000', summary: 'WORKDIR is absolute' },
  { code: 'DL3001', summary: 'No commands pointless in a container (ssh, vim, shutdown, service, …)' },
  { code: 'DL3002', summary: 'The last USER is not root' },
  { code: 'DL3003', summary: 'WORKDIR instead of `cd` in RUN' },
  { code: 'DL3004', summary: 'No `sudo` in RUN' },
  { code: 'DL3006', summary: 'FROM names a tag' },
  { code: 'DL3007', summary: 'FROM does not use `latest`' },
  { code: 'DL3008', summary: '`apt-get install` pins versions' },
  { code: 'DL3009', summary: 'apt lists are removed after `apt-get update`' },
  { code: 'DL3010', summary: 'ADD, not COPY and tar, for local archives' },
  { code: 'DL3011', summary: 'EXPOSE ports are within 0–65535' },
  { code: 'DL3012', summary: 'At most one HEALTHCHECK' },
  { code: 'DL3013', summary: '`pip install` pins versions' },
  { code: 'DL3014', summary: '`apt-get install` with `-y`' },
  { code: 'DL3015', summary: '`apt-get install` with `--no-install-recommends`' },
  { code: 'DL3016', summary: '`npm install` pins versions' },
  { code: 'DL3018', summary: '`apk add` pins versions' },
  { code: 'DL3019', summary: '`apk add` with `--no-cache`' },
  { code: 'DL3020', summary: 'COPY, not ADD, for local files' },
  { code: 'DL3021', summary: 'COPY of several sources to a `/`-ended destination' },
  { code: 'DL3022', summary: '`COPY --from` names an earlier stage' },
  { code: 'DL3023', summary: '`COPY --from` does not name its own stage' },
  { code: 'DL3024', summary: 'Stage names are unique' },
  { code: 'DL3025', summary: 'JSON (exec) form for CMD and ENTRYPOINT' },
  { code: 'DL3026', summary: 'Images only from trusted registries' },
  { code: 'DL3027', summary: '`apt-get`, not `apt`' },
  { code: 'DL3028', summary: '`gem install` pins versions' },
  { code: 'DL3029', summary: 'No constant `FROM --platform`' },
  { code: 'DL3030', summary: '`yum install` with `-y`' },
  { code: 'DL3032', summary: '`yum clean all` after yum' },
  { code: 'DL3033', summary: '`yum install` pins versions' },
  { code: 'DL3034', summary: 'zypper with `-y` or `-n`' },
  { code: 'DL3035', summary: 'No `zypper dist-upgrade`' },
  { code: 'DL3036', summary: '`zypper clean` after zypper' },
  { code: 'DL3037', summary: '`zypper install` pins versions' },
  { code: 'DL3038', summary: '`dnf install` with `-y`' },
  { code: 'DL3040', summary: '`dnf clean all` after dnf' },
  { code: 'DL3041', summary: '`dnf install` pins versions' },
  { code: 'DL3042', summary: '`pip install` with `--no-cache-dir`' },
  { code: 'DL3043', summary: 'No ONBUILD of ONBUILD, FROM or MAINTAINER' },
  { code: 'DL3044', summary: 'ENV does not use a variable it defines in the same instruction' },
  { code: 'DL3045', summary: 'COPY to a relative destination only after WORKDIR' },
  { code: 'DL3046', summary: '`useradd` with a high UID uses `-l`' },
  { code: 'DL3047', summary: '`wget` with `--progress` or `-q`' },
  { code: 'DL3048', summary: 'Label keys are valid' },
  { code: 'DL3049', summary: 'Labels required by the label schema are present' },
  { code: 'DL3050', summary: 'No labels outside the label schema' },
  { code: 'DL3051', summary: 'Schema labels are not empty' },
  { code: 'DL3052', summary: 'URL labels are URLs' },
  { code: 'DL3053', summary: 'Time labels are RFC 3339' },
  { code: 'DL3054', summary: 'Licence labels are SPDX' },
  { code: 'DL3055', summary: 'Hash labels are git hashes' },
  { code: 'DL3056', summary: 'Version labels are semver' },
  { code: 'DL3057', summary: 'A HEALTHCHECK exists (off by default)' },
  { code: 'DL3058', summary: 'Email labels are RFC 5322' },
  { code: 'DL3059', summary: 'Consecutive RUNs are merged' },
  { code: 'DL3060', summary: '`yarn cache clean` after `yarn install`' },
  { code: 'DL3061', summary: 'The Dockerfile begins with FROM or ARG' },
  { code: 'DL3062', summary: '`go install` pins versions' },
  { code: 'DL3063', summary: 'No stage named `scratch` or `context`' },
  { code: 'DL3064', summary: 'No secret-like ARG or ENV names' },
  { code: 'DL3065', summary: 'No redundant `FROM --platform=$TARGETPLATFORM`' },
  { code: 'DL3066', summary: 'USER names a numeric uid' },
  { code: 'DL3067', summary: 'No `COPY --from=<stage> / /` of a whole filesystem' },
  { code: 'DL4000', summary: 'MAINTAINER is deprecated' },
  { code: 'DL4001', summary: 'Either wget or curl, not both' },
  { code: 'DL4003', summary: 'At most one CMD' },
  { code: 'DL4004', summary: 'At most one ENTRYPOINT' },
  { code: 'DL4005', summary: 'SHELL, not `ln … /bin/sh`, to change the shell' },
  { code: 'DL4006', summary: '`pipefail` set before a RUN with a pipe' },
];

/** BuildKit's Dockerfile build checks (`docker build --check`). */
export const BUILDKIT_CHECKS: readonly ForeignCheck[] = [
  { code: 'StageNameCasing', summary: 'Stage names are lower case' },
  { code: 'FromAsCasing', summary: '`AS` is cased like `FROM`' },
  { code: 'NoEmptyContinuation', summary: 'No empty lines inside a continued instruction' },
  { code: 'ConsistentInstructionCasing', summary: 'Instruction keywords share one casing' },
  { code: 'DuplicateStageName', summary: 'Stage names are unique' },
  { code: 'ReservedStageName', summary: 'No stage named `scratch` or `context`' },
  { code: 'JSONArgsRecommended', summary: 'JSON (exec) form for CMD and ENTRYPOINT' },
  { code: 'MaintainerDeprecated', summary: 'MAINTAINER is deprecated' },
  { code: 'UndefinedArgInFrom', summary: 'FROM uses only declared global ARGs' },
  { code: 'WorkdirRelativePath', summary: 'No relative WORKDIR before an absolute one' },
  { code: 'UndefinedVar', summary: 'Variables are defined before use' },
  { code: 'MultipleInstructionsDisallowed', summary: 'At most one CMD, ENTRYPOINT and HEALTHCHECK per stage' },
  { code: 'LegacyKeyValueFormat', summary: '`ENV key=value`, not `ENV key value`' },
  { code: 'InvalidBaseImagePlatform', summary: 'The base image exists for the target platform' },
  { code: 'RedundantTargetPlatform', summary: 'No redundant `--platform=$TARGETPLATFORM`' },
  { code: 'SecretsUsedInArgOrEnv', summary: 'No secret-like ARG or ENV names' },
  { code: 'InvalidDefaultArgInFrom', summary: 'Default ARG values give FROM a valid image' },
  { code: 'FromPlatformFlagConstDisallowed', summary: 'No constant `FROM --platform`' },
  { code: 'CopyIgnoredFile', summary: 'COPY and ADD do not name files .dockerignore excludes' },
  { code: 'InvalidDefinitionDescription', summary: 'Comments above ARG and FROM … AS start with its name (experimental)' },
  { code: 'ExposeProtoCasing', summary: 'EXPOSE protocols are lower case' },
  { code: 'ExposeInvalidFormat', summary: 'EXPOSE names container ports only' },
];

/** dclint's compose rules. */
export const DCLINT_RULES: readonly ForeignCheck[] = [
  { code: 'no-build-and-image', summary: 'A service does not set both `build` and `image`' },
  { code: 'no-duplicate-container-names', summary: '`container_name` values are unique' },
  { code: 'no-duplicate-exported-ports', summary: 'Host ports are published once' },
  { code: 'no-quotes-in-volumes', summary: 'Volume entries are not quoted' },
  { code: 'no-unbound-port-interfaces', summary: 'Published ports name a host IP' },
  { code: 'no-version-field', summary: 'No obsolete top-level `version`' },
  { code: 'require-project-name-field', summary: 'A top-level `name`' },
  { code: 'require-quotes-in-ports', summary: 'Port entries are quoted' },
  { code: 'service-container-name-regex', summary: '`container_name` uses allowed characters' },
  { code: 'service-dependencies-alphabetical-order', summary: '`depends_on` is sorted' },
  { code: 'service-image-require-explicit-tag', summary: '`image` names a tag that does not float' },
  { code: 'service-keys-order', summary: 'Service keys in a set order' },
  { code: 'service-ports-alphabetical-order', summary: '`ports` are sorted' },
  { code: 'services-alphabetical-order', summary: 'Services are sorted' },
  { code: 'top-level-properties-order', summary: 'Top-level keys in a set order' },
];

export const CHECKS: Readonly<Record<Linter, readonly ForeignCheck[]>> = { hadolint: HADOLINT_RULES, buildkit: BUILDKIT_CHECKS, dclint: DCLINT_RULES };

const LABEL_SCHEMA = 'dockerlint has no label schema setting; label conventions are left to the team';
const STYLE = 'a matter of house style, not of correctness or build speed';

/**
 * Why a check has no dockerlint rule, by code. Delete an entry when a rule names the code in its
 * `equivalents` (a test fails while both exist).
 */
export const NOT_IMPLEMENTED: Readonly<Record<string, string>> = {
  // hadolint
  DL1000: 'every file that cannot be parsed is a `parse-error` finding, which no DL1000 annotation turns off',
  DL1001: 'dockerlint suppressions can be turned off with `noInlineConfig` instead',
  DL3010: 'dockerlint does not push ADD’s implicit extraction; extracting from a bind mount keeps the archive out of every layer',
  DL3043: 'BuildKit refuses these triggers when it reads the Dockerfile, and ONBUILD is rare',
  DL3045: 'not yet: a relative COPY destination without a WORKDIR lands in the base image’s directory, which `workdir-absolute` does not judge',
  DL3046: 'a niche: only images that create users with very high UIDs are affected',
  DL3047: 'log size is not what dockerlint guards',
  DL3048: LABEL_SCHEMA,
  DL3049: LABEL_SCHEMA,
  DL3050: LABEL_SCHEMA,
  DL3051: LABEL_SCHEMA,
  DL3052: LABEL_SCHEMA,
  DL3053: LABEL_SCHEMA,
  DL3054: LABEL_SCHEMA,
  DL3055: LABEL_SCHEMA,
  DL3056: LABEL_SCHEMA,
  DL3057: 'a health check belongs to the service; compose `healthcheck:` often defines it instead of the image',
  DL3058: LABEL_SCHEMA,
  DL3059: 'separate RUNs are often what the cache wants: merging them reruns both when either changes',
  DL3061: 'BuildKit refuses such a file, so it is a `parse-error`',
  DL3062: 'not yet: `package-version-pinned` does not read `go install` versions',
  DL3066: 'a user name is fine when the image defines it; what matters is not running as root',
  DL3067: 'rare, and the copy itself is sometimes the point (a distroless-style final stage)',
  DL4005: 'rare: the SHELL instruction replaced this old workaround',
  // BuildKit
  NoEmptyContinuation: 'deprecated syntax that BuildKit warns about itself; it changes neither the build nor its cache',
  InvalidBaseImagePlatform: 'it needs the image’s manifest from a registry, and dockerlint never goes online',
  InvalidDefinitionDescription: 'experimental in BuildKit, and a comment convention rather than a mistake',
  // dclint
  'no-build-and-image': 'naming the built image (`image:` with `build:`) is how a compose file builds a local base image',
  'no-quotes-in-volumes': STYLE,
  'no-unbound-port-interfaces': 'binding every interface is the common, intended case for local development',
  'require-project-name-field': STYLE,
  'service-container-name-regex': 'Docker refuses an invalid name when it creates the container',
  'service-dependencies-alphabetical-order': STYLE,
  'service-keys-order': STYLE,
  'service-ports-alphabetical-order': STYLE,
  'services-alphabetical-order': STYLE,
  'top-level-properties-order': STYLE,
};

/** The rules that name each check of `linter`, by code. */
export function implementations(rules: readonly Rule[], linter: Linter | 'shellcheck'): Map<string, Rule[]> {
  const byCode = new Map<string, Rule[]>();
  for (const rule of rules) {
    for (const code of rule.equivalents?.[linter] ?? []) byCode.set(code, [...(byCode.get(code) ?? []), rule]);
  }
  return byCode;
}

/** Where the table and the rule metadata disagree; each list must be empty. */
export function compatProblems(rules: readonly Rule[], reasons: Readonly<Record<string, string>> = NOT_IMPLEMENTED): {
  implementedAndExplained: string[];
  neither: string[];
  unknownCodes: string[];
} {
  const implementedAndExplained: string[] = [];
  const neither: string[] = [];
  const unknownCodes: string[] = [];
  const known = new Set<string>();
  for (const [linter, checks] of Object.entries(CHECKS) as [Linter, readonly ForeignCheck[]][]) {
    const implemented = implementations(rules, linter);
    for (const { code } of checks) {
      known.add(code);
      const explained = Object.hasOwn(reasons, code);
      if (implemented.has(code) && explained) implementedAndExplained.push(code);
      if (!implemented.has(code) && !explained) neither.push(code);
    }
    for (const code of implemented.keys()) if (!checks.some((check) => check.code === code)) unknownCodes.push(`${linter}:${code}`);
  }
  for (const code of Object.keys(reasons)) if (!known.has(code)) unknownCodes.push(code);
  for (const code of implementations(rules, 'shellcheck').keys()) if (!/^SC\d{4}$/.test(code)) unknownCodes.push(`shellcheck:${code}`);
  return { implementedAndExplained, neither, unknownCodes };
}

const ruleLinks = (rules: readonly Rule[]): string => rules.map((rule) => `[\`${rule.id}\`](rules/${rule.id}.md)`).join(', ');
const cell = (text: string): string => text.replace(/\|/g, '\\|');

function checkTable(rules: readonly Rule[], linter: Linter, heading: string): string[] {
  const implemented = implementations(rules, linter);
  const rows = CHECKS[linter].map(({ code, summary }) => {
    const by = implemented.get(code);
    // A rule wins over a stale reason: the test reports the conflict, the page stays true.
    const answer = by === undefined ? `— ${NOT_IMPLEMENTED[code] ?? 'no reason recorded'}` : ruleLinks(by);
    return `| \`${code}\` | ${cell(summary)} | ${cell(answer)} |`;
  });
  return [`| ${heading} | What it checks | dockerlint |`, '| --- | --- | --- |', ...rows];
}

/** `docs/compat.md`. */
export function compatPage(rules: readonly Rule[]): string {
  const count = (linter: Linter): string => {
    const implemented = implementations(rules, linter);
    return `${CHECKS[linter].filter(({ code }) => implemented.has(code)).length} of ${CHECKS[linter].length}`;
  };
  const shellcheck = [...implementations(rules, 'shellcheck')].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return [
    '# Compatibility with hadolint, BuildKit’s checks and dclint',
    '',
    '<!-- Generated by `npm run docs` from rule metadata and src/compat.ts; do not edit. -->',
    '',
    'Each check of the linters dockerlint replaces, and the dockerlint rules that cover it (those whose',
    '`equivalents` name it), or, after a dash, why none does. The annotations of a covered check keep working:',
    '`# hadolint ignore=…`, `# hadolint global ignore=…`, `# check=skip=…` and `# check=error=true` apply to',
    'the rules listed here, and a `.hadolint.yaml` `ignored:` list turns them off (README, “Annotations of',
    'hadolint and BuildKit”).',
    '',
    `## hadolint (${count('hadolint')})`,
    '',
    ...checkTable(rules, 'hadolint', 'Rule'),
    '',
    `## ShellCheck codes (${shellcheck.length})`,
    '',
    'hadolint runs ShellCheck on every RUN. dockerlint reads RUN commands and shell scripts with a real shell',
    'parser and covers the mistakes it can see reliably, some codes only in part (each rule’s page says which',
    'cases); `# hadolint ignore=SC…` applies to the rules listed. The other ShellCheck codes are not checked.',
    '',
    ...(shellcheck.length === 0
      ? ['None yet.']
      : ['| Code | dockerlint |', '| --- | --- |', ...shellcheck.map(([code, by]) => `| [\`${code}\`](https://www.shellcheck.net/wiki/${code}) | ${ruleLinks(by)} |`)]),
    '',
    `## BuildKit build checks (${count('buildkit')})`,
    '',
    ...checkTable(rules, 'buildkit', 'Check'),
    '',
    `## dclint (${count('dclint')})`,
    '',
    ...checkTable(rules, 'dclint', 'Rule'),
    '',
  ].join('\n');
}

/**
 * The configuration file's shape, written once in TypeBox: it validates `.dockerlintrc.json` at run time
 * and is emitted as the published JSON Schema (`schema/dockerlintrc.schema.json`).
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { Rule } from '../rule.js';

export const SeveritySetting = Type.Union(
  [Type.Literal('error'), Type.Literal('warning'), Type.Literal('info'), Type.Literal('off')],
  { description: 'off, info, warning or error' },
);

const Glob = Type.String({ minLength: 1 });

export const ImageDefinition = Type.Object(
  {
    dockerfile: Type.String({ minLength: 1, description: 'Repo-relative path of the Dockerfile that builds the image' }),
    target: Type.Optional(Type.String({ minLength: 1, description: 'Stage built; the last stage when omitted' })),
  },
  { additionalProperties: false },
);

export const KnownImage = Type.Object(
  {
    packageManagers: Type.Optional(
      Type.Array(Type.String(), { description: 'Language package managers the image carries (npm, pip, …)' }),
    ),
    osPackageManagers: Type.Optional(Type.Array(Type.String(), { description: 'OS package managers (apt, apk, dnf)' })),
    buildTools: Type.Optional(Type.Boolean({ description: 'Whether it carries compilers and build tools' })),
    gpu: Type.Optional(Type.Boolean({ description: 'Whether containers from it need a GPU' })),
  },
  { additionalProperties: false },
);

/** Project settings: facts about the linted repository that several rules share. */
export const Settings = {
  images: Type.Record(Type.String({ minLength: 1 }), ImageDefinition, {
    description: 'Local images by `name:tag` and the Dockerfile (and target) that produces each',
  }),
  roles: Type.Record(Glob, Type.Union([Type.Literal('base'), Type.Literal('service')]), {
    description: 'Dockerfile roles by glob, overriding the inferred role',
  }),
  gpuServices: Type.Array(Type.String({ minLength: 1 }), { description: 'Compose services that need a GPU' }),
  gpuImages: Type.Array(Glob, { description: 'Image name globs whose containers need a GPU' }),
  mandatoryIgnores: Type.Optional(
    Type.Array(Type.String({ minLength: 1 }), {
      description:
        'Entries every .dockerignore must exclude at any depth; by default, those that fit each context (.git, .env, *.log, and node_modules, __pycache__, … for the ecosystems whose manifests it holds)',
    }),
  ),
  manifests: Type.Array(Glob, { description: 'File-name globs of dependency manifests' }),
  knownImages: Type.Record(Glob, KnownImage, {
    description: 'Extends the table of well-known upstream images (image-name globs, `node:*-alpine`)',
  }),
  dockerVersion: Type.String({
    pattern: '^(current|v?\\d+\\.\\d+(\\.\\d+)?)$',
    description:
      'The Docker Engine version that builds the project (`20.10`, `28.2`): Dockerfiles without a `# syntax=` line and `.dockerignore` files are judged as it reads them; `current` (the default) is Docker 23 or later with the current Dockerfile frontend',
  }),
} as const;

export type ProjectSettings = Static<ReturnType<typeof Type.Object<typeof Settings>>>;
export type ImageDefinition = Static<typeof ImageDefinition>;
export type KnownImage = Static<typeof KnownImage>;

/** `"error"` or `["error", { …options }]` for one rule, its options checked against the rule's schema. */
export function ruleSettingSchema(rule: Rule): TSchema {
  return Type.Union([
    SeveritySetting,
    Type.Tuple([SeveritySetting]),
    Type.Tuple([SeveritySetting, Type.Partial(rule.options, { additionalProperties: false })]),
  ]);
}

export const PRESETS = ['dockerlint:recommended', 'dockerlint:strict'] as const;

function rulesSchema(rules: readonly Rule[]): TSchema {
  return Type.Object(Object.fromEntries(rules.map((rule) => [rule.id, Type.Optional(ruleSettingSchema(rule))])), {
    additionalProperties: false,
    description: 'Rule severities and options',
  });
}

const Comment = Type.Optional(Type.String({ description: 'Free text: why this setting exists' }));

/** The whole config file schema, for validation and for the published JSON Schema. */
export function configSchema(rules: readonly Rule[]): TSchema {
  // The rules object is defined once and referenced from the top level and from every override.
  const rulesObject = Type.Unsafe<Record<string, unknown>>({ $ref: '#/$defs/rules' });
  return Type.Object(
    {
      $schema: Type.Optional(Type.String()),
      $comment: Comment,
      extends: Type.Optional(
        Type.Union([Type.String({ minLength: 1 }), Type.Array(Type.String({ minLength: 1 }))], {
          description: '"dockerlint:recommended", "dockerlint:strict" or a relative path to another config file',
        }),
      ),
      rules: Type.Optional(rulesObject),
      overrides: Type.Optional(
        Type.Array(
          Type.Object(
            {
              $comment: Comment,
              files: Type.Array(Glob, { minItems: 1 }),
              excludedFiles: Type.Optional(Type.Array(Glob)),
              rules: rulesObject,
            },
            { additionalProperties: false },
          ),
        ),
      ),
      ignorePatterns: Type.Optional(Type.Array(Glob, { description: 'Globs of files and directories not linted' })),
      noInlineConfig: Type.Optional(Type.Boolean({ description: 'Ignore `# dockerlint-disable` comments' })),
      ...Object.fromEntries(Object.entries(Settings).map(([key, schema]) => [key, Type.Optional(schema)])),
    },
    { additionalProperties: false, title: 'dockerlint configuration (.dockerlintrc.json)', $defs: { rules: rulesSchema(rules) } },
  );
}

/**
 * The configuration file's shape, written once in TypeBox: it validates `.dockerlintrc.json` at run time
 * and is emitted as the published JSON Schema (`schema/dockerlintrc.schema.json`).
 */
import { Type, type TSchema } from '@sinclair/typebox';
import type { Rule } from '../engine/rule.js';

export { ImageDefinition, KnownImage, Settings, type ProjectSettings } from './settings.js';
import { Glob, Settings } from './settings.js';

export const SeveritySetting = Type.Union(
  [Type.Literal('error'), Type.Literal('warning'), Type.Literal('info'), Type.Literal('off')],
  { description: 'off, info, warning or error' },
);

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

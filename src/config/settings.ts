/**
 * The project settings' shape (facts about the linted repository that several rules share), in TypeBox:
 * part of the config file schema (schema.ts), and the type the project model is loaded with. It depends
 * on no rule, so the model can use it without importing the rule engine.
 */
import { Type, type Static } from '@sinclair/typebox';

/** A glob in a setting: never empty. */
export const Glob = Type.String({ minLength: 1 });

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

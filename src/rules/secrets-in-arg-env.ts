import { isInstruction } from '../project/model.js';
import { defineRule, type Report } from '../engine/rule.js';
import { isSecretName, secretValueKind } from '../vocabulary/secrets.js';

/** A secret id for the suggestion: `NPM_TOKEN` → `npm_token`. */
const secretId = (name: string): string => name.toLowerCase().replace(/[^a-z0-9_.-]/g, '_');

export default defineRule({
  id: 'secrets-in-arg-env',
  description: 'No secret passes through ARG or ENV, where it stays in the image; secrets come in with RUN --mount=type=secret',
  kind: 'general',
  equivalents: { hadolint: ['DL3064'], buildkit: ['SecretsUsedInArgOrEnv'] },
  documents: ['dockerfile'],
  defaultSeverity: 'warning',
  messages: {
    secretName: {
      message: '{{keyword}} {{name}} looks like a secret: {{where}}.',
      help: 'Mount it where it is needed: `RUN --mount=type=secret,id={{id}},env={{name}} …`, built with `--secret id={{id}},env={{name}}`.',
    },
    secretValue: {
      message: 'The value of {{keyword}} {{name}} looks like {{kind}}, written into the Dockerfile.',
      help: 'Revoke it, remove it from the file, and mount it where it is needed: `RUN --mount=type=secret,id={{id}} …`.',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const dockerfile of project.dockerfiles) {
      const file = dockerfile.source.path;
      for (const instruction of dockerfile.instructions) {
        if (!isInstruction(instruction, 'ARG', 'ENV')) continue;
        const where =
          instruction.keyword === 'ENV'
            ? 'ENV keeps it in the image and its containers'
            : 'build arguments stay in the image history';
        for (const property of instruction.properties) {
          const data = { keyword: instruction.keyword, name: property.name, id: secretId(property.name) };
          const kind = property.value === null ? null : secretValueKind(property.value);
          if (kind !== null) {
            reports.push({ messageId: 'secretValue', data: { ...data, kind }, location: { file, range: property.range } });
          } else if (isSecretName(property.name) && !property.value?.startsWith('/')) {
            // An absolute path names where a secret is mounted (`…_CREDENTIALS=/run/secrets/gcp.json`), not the secret.
            reports.push({ messageId: 'secretName', data: { ...data, where }, location: { file, range: property.nameRange } });
          }
        }
      }
    }
    return reports;
  },
});

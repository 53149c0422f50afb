import rule from '../../src/rules/secrets-in-arg-env.js';
import { ruleTests } from '../helpers/rule-tester.js';

const ARG_WHERE = 'build arguments stay in the image history';
const ENV_WHERE = 'ENV keeps it in the image and its containers';

ruleTests(rule, {
  valid: [
    { name: 'a secret mount, and ENV naming where mounted secrets are (fixture)', fixture: 'fixtures/secrets-in-arg-env/secret-mount' },
    {
      name: 'names that only look like secrets: public keys, fingerprints, files, versions, words that contain a secret word',
      files: {
        Dockerfile: [
          'ARG AUTH_MODULE_VERSION=1.2',
          'FROM python:3.12-slim',
          '# the official python images verify their source with a public key fingerprint',
          'ENV GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D',
          'ARG PUBLIC_KEY',
          'ARG SECRET_PASSPHRASE_FILE',
          'ENV TOKENIZERS_PARALLELISM=false KEYBOARD=us AUTHOR=me',
          'ENV AUTH_URL=https://auth.example.com/token KEY_PATH=/etc/ssl/private/app.key',
          'ENV PIP_INDEX_URL=https://${PIP_USER}:${PIP_PASSWORD}@pypi.example.com/simple',
          '',
        ].join('\n'),
      },
    },
  ],
  invalid: [
    {
      name: 'a registry token as a build argument, and a DSN with its key in a URL (fixture)',
      fixture: 'fixtures/secrets-in-arg-env/npm-token',
      errors: [
        { messageId: 'secretName', data: { keyword: 'ARG', name: 'NPM_TOKEN', id: 'npm_token', where: ARG_WHERE }, file: 'web/Dockerfile', line: 4, column: 5 },
        { messageId: 'secretValue', data: { keyword: 'ENV', name: 'SENTRY_DSN', id: 'sentry_dsn', kind: 'a URL with a password' }, file: 'web/Dockerfile', line: 9, column: 5 },
      ],
    },
    {
      name: 'BuildKit\'s own cases: secret words first, last or inside, any case, with or without a value, global ARGs too',
      files: {
        Dockerfile: [
          'ARG GITHUB_TOKEN',
          'FROM scratch',
          'ARG SECRET_PASSPHRASE',
          'ENV SUPER_Secret=foo',
          'ENV password=bar secret=baz',
          'ARG super_duper_secret_token=foo auth=bar',
          'ENV apikey=bar sunflower=foo',
          'ENV git_key=',
          '',
        ].join('\n'),
      },
      errors: [
        { messageId: 'secretName', data: { keyword: 'ARG', name: 'GITHUB_TOKEN', id: 'github_token', where: ARG_WHERE }, file: 'Dockerfile', line: 1, column: 5 },
        { messageId: 'secretName', data: { keyword: 'ARG', name: 'SECRET_PASSPHRASE', id: 'secret_passphrase', where: ARG_WHERE }, file: 'Dockerfile', line: 3, column: 5 },
        { messageId: 'secretName', data: { keyword: 'ENV', name: 'SUPER_Secret', id: 'super_secret', where: ENV_WHERE }, file: 'Dockerfile', line: 4, column: 5 },
        { messageId: 'secretName', file: 'Dockerfile', line: 5, column: 5 },
        { messageId: 'secretName', file: 'Dockerfile', line: 5, column: 18 },
        { messageId: 'secretName', file: 'Dockerfile', line: 6, column: 5 },
        { messageId: 'secretName', file: 'Dockerfile', line: 6, column: 34 },
        { messageId: 'secretName', data: { keyword: 'ENV', name: 'apikey', id: 'apikey', where: ENV_WHERE }, file: 'Dockerfile', line: 7, column: 5 },
        { messageId: 'secretName', data: { keyword: 'ENV', name: 'git_key', id: 'git_key', where: ENV_WHERE }, file: 'Dockerfile', line: 8, column: 5 },
      ],
    },
    {
      name: 'values in well-known credential formats, whatever the name',
      files: {
        Dockerfile: [
          'FROM alpine:3.20',
          'ENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE',
          'ARG GH=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB',
          'ENV SSH_KEY="-----BEGIN OPENSSH PRIVATE KEY-----"',
          '',
        ].join('\n'),
      },
      errors: [
        { messageId: 'secretValue', data: { keyword: 'ENV', name: 'AWS_ACCESS_KEY_ID', id: 'aws_access_key_id', kind: 'an AWS access key' }, file: 'Dockerfile', line: 2, column: 5 },
        { messageId: 'secretValue', data: { keyword: 'ARG', name: 'GH', id: 'gh', kind: 'a GitHub token' }, file: 'Dockerfile', line: 3, column: 5 },
        { messageId: 'secretValue', data: { keyword: 'ENV', name: 'SSH_KEY', id: 'ssh_key', kind: 'a private key' }, file: 'Dockerfile', line: 4, column: 5 },
      ],
    },
  ],
});

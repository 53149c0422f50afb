import rule from '../../src/rules/trusted-registries.js';
import { ruleTests } from '../helpers/rule-tester.js';

const INTERNAL = ['registry.corp.example', '*.corp.example', 'ghcr.io', 'docker.io'];

ruleTests(rule, {
  valid: [
    { name: 'no list: every registry', fixture: 'fixtures/trusted-registries/mixed' },
    {
      name: 'the internal registry from an ARG default, stages, a wildcard, Docker Hub by name, and an image the repository builds',
      fixture: 'fixtures/trusted-registries/internal',
      options: { trustedRegistries: INTERNAL },
    },
    {
      name: 'Docker Hub listed as hub.docker.com, a prefix wildcard, and `*`',
      files: { Dockerfile: 'FROM node:22.8\nFROM registry.eu-1.example/x:1\n' },
      options: { trustedRegistries: ['hub.docker.com', 'registry.*'] },
    },
  ],
  invalid: [
    {
      name: 'Docker Hub, quay.io, a mount from ECR, and a compose image from Docker Hub written out, with only the internal registry trusted',
      fixture: 'fixtures/trusted-registries/mixed',
      options: { trustedRegistries: ['registry.corp.example'] },
      errors: [
        { messageId: 'untrusted', data: { image: 'node:22.8-bookworm', registry: 'docker.io', trusted: 'registry.corp.example' }, file: 'api/Dockerfile', line: 1, column: 6 },
        { messageId: 'untrusted', data: { image: 'quay.io/someone/node-slim:22', registry: 'quay.io', trusted: 'registry.corp.example' }, file: 'api/Dockerfile', line: 6, column: 6 },
        { messageId: 'untrusted', data: { image: 'public.ecr.aws/docker/library/busybox:1.36', registry: 'public.ecr.aws', trusted: 'registry.corp.example' }, file: 'api/Dockerfile', line: 8, column: 28 },
        { messageId: 'untrusted', data: { image: 'docker.io/library/redis:7.4-alpine', registry: 'docker.io', trusted: 'registry.corp.example' }, file: 'compose.yaml', line: 5, column: 12 },
      ],
    },
  ],
});

import rule from '../../src/rules/compose-image-pinned.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    {
      name: 'version tags, a digest (with latest), images this repository builds, an unknown tag',
      fixture: 'fixtures/compose-image-pinned/pinned',
    },
    {
      name: 'a floating tag the team accepts',
      files: { 'compose.yaml': 'services:\n  docs:\n    image: node:lts\n' },
      options: { floatingTags: ['latest'] },
    },
  ],
  invalid: [
    {
      name: 'untagged, latest, lts, edge, and a registry port that is no tag',
      fixture: 'fixtures/compose-image-pinned/floating',
      errors: [
        { messageId: 'untagged', data: { service: 'cache', image: 'redis' }, file: 'docker-compose.yml', line: 3, column: 12 },
        { messageId: 'floating', data: { service: 'proxy', image: 'nginx:latest', tag: 'latest' }, file: 'docker-compose.yml', line: 5, column: 12 },
        { messageId: 'floating', data: { service: 'docs', image: 'node:lts', tag: 'lts' }, file: 'docker-compose.yml', line: 7, column: 12 },
        { messageId: 'floating', data: { service: 'scanner', image: 'ghcr.io/example/scanner:edge', tag: 'edge' }, file: 'docker-compose.yml', line: 10, column: 12 },
        { messageId: 'untagged', data: { service: 'registry-mirror', image: 'localhost:5000/mirror' }, file: 'docker-compose.yml', line: 12, column: 12 },
      ],
    },
    {
      name: 'a tag from the .env',
      files: { 'compose.yaml': 'services:\n  web:\n    image: nginx:${NGINX_TAG}\n', '.env': 'NGINX_TAG=latest\n' },
      errors: [{ messageId: 'floating', data: { service: 'web', image: 'nginx:latest', tag: 'latest' }, file: 'compose.yaml', line: 3, column: 12 }],
    },
  ],
});

import rule from '../../src/rules/compose-restart-policy.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: 'every policy Docker knows, a Swarm restart_policy, a policy from a variable default', fixture: 'fixtures/compose-restart-policy/stack' },
    {
      name: 'a service that only builds a base image never runs',
      files: {
        'compose.yaml': 'services:\n  base-node:\n    image: base-node:latest\n    build: ./docker/base-node\n    profiles: [base]\n  api:\n    image: shop/api:1\n    restart: always\n',
        'docker/base-node/Dockerfile': 'FROM node:22-bookworm\n',
        'api/Dockerfile': 'FROM base-node:latest\n',
      },
    },
  ],
  invalid: [
    {
      name: 'a service without a policy, and a policy Docker refuses',
      fixture: 'fixtures/compose-restart-policy/forgotten',
      errors: [
        { messageId: 'missing', data: { service: 'api' }, file: 'docker-compose.yml', line: 2, column: 3 },
        { messageId: 'invalid', data: { service: 'db', policy: 'on-failure:three' }, file: 'docker-compose.yml', line: 8, column: 14 },
      ],
    },
    {
      name: 'an override that sets it for one service only',
      files: {
        'compose.yaml': 'services:\n  api:\n    image: shop/api:1\n  web:\n    image: shop/web:1\n',
        'compose.override.yaml': 'services:\n  api:\n    restart: always\n',
      },
      errors: [{ messageId: 'missing', data: { service: 'web' }, file: 'compose.yaml', line: 4, column: 3 }],
    },
  ],
});

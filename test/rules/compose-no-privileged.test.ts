import rule from '../../src/rules/compose-no-privileged.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: 'capabilities and devices granted one by one, privileged: false, an unset variable', fixture: 'fixtures/compose-no-privileged/capabilities' },
    {
      name: 'a CI runner the option allows',
      files: { 'compose.yaml': 'services:\n  runner:\n    image: docker:27-dind\n    privileged: true\n' },
      options: { allow: ['runner'] },
    },
    {
      name: 'an override that turns it off',
      files: { 'compose.yaml': 'services:\n  app:\n    image: nginx:1.27\n    privileged: true\n', 'compose.override.yaml': 'services:\n  app:\n    privileged: false\n' },
    },
  ],
  invalid: [
    {
      name: 'a CI runner, and a default that the .env does not override',
      fixture: 'fixtures/compose-no-privileged/ci-runner',
      errors: [
        { messageId: 'privileged', data: { service: 'runner' }, file: 'docker-compose.yml', line: 4, column: 17, endColumn: 21 },
        { messageId: 'privileged', data: { service: 'app' }, file: 'docker-compose.yml', line: 9, column: 17 },
      ],
    },
    {
      name: 'True as YAML writes it, and a value from the .env',
      files: {
        'compose.yaml': 'services:\n  a:\n    image: alpine:3.20\n    privileged: True\n  b:\n    image: alpine:3.20\n    privileged: ${B_PRIVILEGED}\n',
        '.env': 'B_PRIVILEGED=1\n',
      },
      options: { allow: ['c'] },
      errors: [
        { messageId: 'privileged', data: { service: 'a' }, file: 'compose.yaml', line: 4, column: 17 },
        { messageId: 'privileged', data: { service: 'b' }, file: 'compose.yaml', line: 7, column: 17 },
      ],
    },
  ],
});

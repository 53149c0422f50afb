import rule from '../../src/rules/compose-unique-host-ports.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    {
      name: 'different addresses, protocols and ports, an ephemeral host port, an unknown one, an override adding a port',
      fixture: 'fixtures/compose-unique-host-ports/separate',
    },
    {
      name: 'one service in two projects of the same directory is not a clash with itself',
      files: { 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    ports: ["8080:80"]\n', 'compose.ci.yaml': 'services:\n  web:\n    environment: [CI=1]\n' },
    },
  ],
  invalid: [
    {
      name: 'two services on 8080, the same debugger address twice, a long-form port inside a range',
      fixture: 'fixtures/compose-unique-host-ports/clashes',
      errors: [
        { messageId: 'duplicate', data: { service: 'admin', other: 'web', port: 8080, protocol: 'tcp', target: '8080' }, file: 'docker-compose.yml', line: 10, column: 9, related: [{ file: 'docker-compose.yml', line: 5 }] },
        { messageId: 'duplicate', data: { service: 'api', other: 'web', port: 9229, protocol: 'tcp', target: '9229' }, file: 'docker-compose.yml', line: 14, column: 9, related: [{ file: 'docker-compose.yml', line: 6 }] },
        { messageId: 'duplicate', data: { service: 'metrics', other: 'api', port: 9003, protocol: 'tcp', target: '9090' }, file: 'docker-compose.yml', line: 19, column: 9, related: [{ file: 'docker-compose.yml', line: 15 }] },
      ],
    },
    {
      name: 'every interface against one address, in an override file',
      files: {
        'compose.yaml': 'services:\n  a:\n    image: nginx:1.27\n    ports: ["127.0.0.1:8080:80"]\n  b:\n    image: nginx:1.27\n',
        'compose.override.yaml': 'services:\n  b:\n    ports: ["8080:80"]\n',
      },
      errors: [{ messageId: 'duplicate', data: { service: 'b', other: 'a', port: 8080, protocol: 'tcp', target: '80' }, file: 'compose.override.yaml', line: 3, column: 13 }],
    },
  ],
});

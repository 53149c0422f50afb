import rule from '../../src/rules/compose-ambiguous-port.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    {
      name: 'quoted mappings, container ports of 60 and over, a protocol, a range, the long form',
      fixture: 'fixtures/compose-ambiguous-port/quoted',
    },
  ],
  invalid: [
    {
      name: 'ssh and smtp published unquoted: YAML 1.1 reads 2222:22 as 133342 and 1025:25 as 61525',
      fixture: 'fixtures/compose-ambiguous-port/gitlab',
      errors: [
        { messageId: 'sexagesimal', data: { port: '2222:22', service: 'gitlab', number: 133342 }, file: 'docker-compose.yml', line: 8, column: 9, endColumn: 16 },
        { messageId: 'sexagesimal', data: { port: '1025:25', service: 'mail', number: 61525 }, file: 'docker-compose.yml', line: 14, column: 9 },
      ],
      output: {
        'docker-compose.yml': [
          'services:',
          '  gitlab:',
          '    image: gitlab/gitlab-ce:17.3.1-ce.0',
          '    hostname: gitlab.example.test',
          '    ports:',
          '      - 8443:443',
          '      - 8080:80',
          '      - "2222:22"',
          '    volumes:',
          '      - gitlab-config:/etc/gitlab',
          '  mail:',
          '    image: axllent/mailpit:v1.20',
          '    ports:',
          '      - "1025:25"',
          '      - 8025:8025',
          '',
          'volumes:',
          '  gitlab-config:',
          '',
        ].join('\n'),
      },
    },
    {
      name: 'a flow list in an override file, a host address with three parts of 60 or less, read once per service',
      files: {
        'compose.yaml': 'services:\n  dns:\n    image: coredns/coredns:1.11.3\n',
        'compose.override.yaml': 'services:\n  dns:\n    ports: [53:53, 5:30:30]\n',
      },
      errors: [
        { messageId: 'sexagesimal', data: { port: '53:53', service: 'dns', number: 3233 }, file: 'compose.override.yaml', line: 3, column: 13 },
        { messageId: 'sexagesimal', data: { port: '5:30:30', service: 'dns', number: 19830 }, file: 'compose.override.yaml', line: 3, column: 20 },
      ],
      output: { 'compose.override.yaml': 'services:\n  dns:\n    ports: ["53:53", "5:30:30"]\n' },
    },
  ],
});

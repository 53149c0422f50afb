import rule from '../../src/rules/expose-valid.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: 'container ports with and without protocols', fixture: 'fixtures/expose-valid/container-ports' },
    {
      name: 'ranges, variables, and what parse-error reports instead',
      files: { Dockerfile: 'FROM alpine:3.20\nARG PORT=8080\nEXPOSE 7000-7010/udp $PORT ${METRICS_PORT}/tcp\nEXPOSE 70000\nEXPOSE 80/http\n' },
    },
  ],
  invalid: [
    {
      name: 'a service that exposes host mappings and an upper-case protocol',
      fixture: 'fixtures/expose-valid/host-mappings',
      errors: [
        { messageId: 'hostMapping', data: { spec: '8080:80', port: '80' }, file: 'proxy/Dockerfile', line: 4, column: 8, endColumn: 15 },
        { messageId: 'hostMapping', data: { spec: '127.0.0.1:9113:9113/TCP', port: '9113/tcp' }, file: 'proxy/Dockerfile', line: 4, column: 16 },
        { messageId: 'protocolCasing', data: { spec: '443/TCP', fixed: '443/tcp' }, file: 'proxy/Dockerfile', line: 5, column: 8 },
      ],
      output: {
        'proxy/Dockerfile':
          'FROM nginx:1.27-alpine\nCOPY nginx.conf /etc/nginx/nginx.conf\nCOPY site /usr/share/nginx/html\nEXPOSE 80 9113/tcp\nEXPOSE 443/tcp\n',
      },
    },
    {
      name: 'an empty host part, a quoted word (reported, not rewritten), and an IPv6 address',
      files: { Dockerfile: 'FROM alpine:3.20\nEXPOSE :53/Udp "5000:5000" [::1]:8443:8443\n' },
      errors: [
        { messageId: 'hostMapping', data: { spec: ':53/Udp', port: '53/udp' }, file: 'Dockerfile', line: 2, column: 8 },
        { messageId: 'hostMapping', data: { spec: '5000:5000', port: '5000' }, file: 'Dockerfile', line: 2, column: 16 },
        { messageId: 'hostMapping', data: { spec: '[::1]:8443:8443', port: '8443' }, file: 'Dockerfile', line: 2, column: 28 },
      ],
      output: { Dockerfile: 'FROM alpine:3.20\nEXPOSE 53/udp "5000:5000" 8443\n' },
    },
  ],
});

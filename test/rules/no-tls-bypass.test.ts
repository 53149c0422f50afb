import rule from '../../src/rules/no-tls-bypass.js';
import { ruleTests } from '../helpers/rule-tester.js';

const file = 'Dockerfile';

ruleTests(rule, {
  valid: [
    { name: 'a corporate CA trusted instead (fixture)', fixture: 'fixtures/no-tls-bypass/trusted-ca' },
    {
      name: 'options that look alike, values that keep checks on, text that is no command',
      files: {
        Dockerfile: [
          'FROM alpine:3.20',
          'ARG GIT_SSL_NO_VERIFY',
          'ENV NODE_TLS_REJECT_UNAUTHORIZED=1 NPM_CONFIG_STRICT_SSL=true',
          'RUN curl -sSLo /usr/local/bin/kubectl https://dl.k8s.io/kubectl && curl -H "X-Key: k" -u k:k https://example.com',
          'RUN wget -q https://example.com/a.tgz && echo "curl -k is not run here"',
          'RUN git config --global http.sslVerify true && npm config set strict-ssl true',
          'RUN pip install --index-url https://pypi.example.com/simple -r requirements.txt',
          '',
        ].join('\n'),
      },
    },
  ],
  invalid: [
    {
      name: 'a build behind a re-signing proxy (fixture)',
      fixture: 'fixtures/no-tls-bypass/corporate-proxy',
      errors: [
        { messageId: 'variable', data: { assignment: 'ENV NODE_TLS_REJECT_UNAUTHORIZED=0', tool: 'Node.js' }, file: 'backend/api/Dockerfile', line: 3, column: 5 },
        { messageId: 'command', data: { what: 'curl -fsSLk', tool: 'curl' }, file: 'backend/api/Dockerfile', line: 5, column: 10 },
        { messageId: 'command', data: { what: 'npm config set strict-ssl false', tool: 'npm' }, file: 'backend/api/Dockerfile', line: 8, column: 20 },
        { messageId: 'command', data: { what: 'pip --trusted-host', tool: 'pip' }, file: 'backend/api/Dockerfile', line: 13, column: 32 },
      ],
    },
    {
      name: 'through wrappers, python -m pip, exec form, heredocs and git',
      files: {
        Dockerfile: [
          'FROM alpine:3.20',
          'RUN sudo wget --no-check-certificate https://example.com/a.tgz',
          'RUN python3 -m pip install --trusted-host=pypi.example.com app',
          'RUN ["curl", "--insecure", "https://example.com"]',
          'RUN <<EOF',
          'git -c http.sslVerify=false clone https://git.example.com/app.git',
          'git config --global http.https://git.example.com/.sslVerify false',
          'EOF',
          '',
        ].join('\n'),
      },
      errors: [
        { messageId: 'command', data: { what: 'wget --no-check-certificate', tool: 'wget' }, file, line: 2, column: 15 },
        { messageId: 'command', data: { what: 'pip --trusted-host', tool: 'pip' }, file, line: 3, column: 28 },
        { messageId: 'command', data: { what: 'curl --insecure', tool: 'curl' }, file, line: 4, column: 14 },
        { messageId: 'command', data: { what: 'git -c http.sslVerify=false', tool: 'git' }, file, line: 6, column: 8 },
        { messageId: 'command', data: { what: 'git config http.sslVerify false', tool: 'git' }, file, line: 7, column: 21 },
      ],
    },
    {
      name: 'variables set in a RUN, in ENV and in ARG defaults',
      files: {
        Dockerfile: [
          'FROM node:22',
          'ARG PIP_TRUSTED_HOST=pypi.example.com',
          'ENV npm_config_strict_ssl=false',
          'RUN GIT_SSL_NO_VERIFY=1 git clone https://git.example.com/app.git && export NODE_TLS_REJECT_UNAUTHORIZED=0',
          '',
        ].join('\n'),
      },
      errors: [
        { messageId: 'variable', data: { assignment: 'ARG PIP_TRUSTED_HOST=pypi.example.com', tool: 'pip' }, file, line: 2, column: 5 },
        { messageId: 'variable', data: { assignment: 'ENV npm_config_strict_ssl=false', tool: 'npm' }, file, line: 3, column: 5 },
        { messageId: 'variable', data: { assignment: 'GIT_SSL_NO_VERIFY=1', tool: 'git' }, file, line: 4, column: 5 },
        { messageId: 'variable', data: { assignment: 'NODE_TLS_REJECT_UNAUTHORIZED=0', tool: 'Node.js' }, file, line: 4, column: 77 },
      ],
    },
  ],
});

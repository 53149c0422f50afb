import rule from '../../src/rules/no-platform-flag-const.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: 'a multi-platform build: $BUILDPLATFORM for the build stage, no flag on the runtime', fixture: 'fixtures/no-platform-flag-const/variables' },
    {
      name: 'stages named for the platform they pin, ARG-based values, and values the build refuses',
      files: {
        Dockerfile:
          'ARG PLATFORM=linux/amd64\nFROM --platform=linux/amd64 alpine:3.20 AS tools-amd64\nFROM --platform=linux/arm64/v8 alpine:3.20 AS arm64-base\nFROM --platform=windows/amd64 mcr.microsoft.com/windows/nanoserver:ltsc2022 AS windows-tools\nFROM --platform=$PLATFORM alpine:3.20 AS pinned-by-arg\nFROM --platform=${BUILDPLATFORM} alpine:3.20 AS native\nFROM --platform=linux/nonsense alpine:3.20 AS broken\n',
      },
    },
  ],
  invalid: [
    {
      name: 'a constant platform on the build stage of a multi-platform service',
      fixture: 'fixtures/no-platform-flag-const/constant',
      errors: [{ messageId: 'constant', data: { value: 'linux/amd64', architecture: 'amd64' }, file: 'cli/Dockerfile', line: 1, column: 6, endColumn: 28 }],
    },
    {
      name: 'aliases of architectures, a lone architecture and a lone OS',
      files: {
        Dockerfile:
          'FROM --platform=linux/aarch64 alpine:3.20 AS build-arm64\nFROM --platform=linux/x86_64 alpine:3.20 AS tools\nFROM --platform=arm64 alpine:3.20\nFROM --platform=linux alpine:3.20 AS base\n',
      },
      errors: [
        { messageId: 'constant', data: { value: 'linux/x86_64', architecture: 'amd64' }, file: 'Dockerfile', line: 2, column: 6 },
        { messageId: 'constant', data: { value: 'arm64', architecture: 'arm64' }, file: 'Dockerfile', line: 3, column: 6 },
        { messageId: 'constant', data: { value: 'linux', architecture: 'linux' }, file: 'Dockerfile', line: 4, column: 6 },
      ],
    },
  ],
});

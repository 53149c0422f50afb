import rule from '../../src/rules/legacy-builder.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: 'BuildKit switched on everywhere, and a comment that mentions the old setting', fixture: 'fixtures/legacy-builder/buildkit-on' },
    { name: 'build-and-start.sh exports the BuildKit variables as 1', fixture: 'fixtures/no-install-in-scripts/build-and-start' },
    {
      name: 'values that cannot be known, other variables, text that is not an assignment',
      files: {
        'build.sh': [
          'DOCKER_BUILDKIT=$LEGACY docker build .',
          'MY_DOCKER_BUILDKIT=0',
          'echo DOCKER_BUILDKIT=0',
          "grep -q 'DOCKER_BUILDKIT=0' ~/.bashrc",
          '# export DOCKER_BUILDKIT=0',
          'DOCKER_BUILDKIT=no-thanks',
          '',
        ].join('\n'),
        '.env': 'DOCKER_BUILDKIT=${LEGACY}\n# COMPOSE_DOCKER_CLI_BUILD=0\n',
        'build.mk': 'LEGACY_DOCKER_BUILDKIT = 0\n# DOCKER_BUILDKIT = 0\nbuild:\n\techo DOCKER_BUILDKIT=0 >> .env.example\n\tgrep "DOCKER_BUILDKIT=0" README.md || true\n',
      },
    },
    {
      name: 'Makefile recipes that only print the setting, after a ; or && inside a quoted string',
      files: {
        Makefile: [
          'help:',
          '\t@echo "Builds use BuildKit; DOCKER_BUILDKIT=0 is not supported"',
          "\t@printf 'done && export COMPOSE_DOCKER_CLI_BUILD=0 to go back\\n'",
          'APPEND += DOCKER_BUILDKIT=0',
          '',
        ].join('\n'),
      },
    },
  ],
  invalid: [
    {
      name: 'a build script, a Makefile (variables and a recipe) and the compose .env turn BuildKit off',
      fixture: 'fixtures/legacy-builder/build-scripts',
      errors: [
        { messageId: 'dockerBuildkitOff', data: { value: '0' }, file: '.env', line: 2, column: 17, endLine: 2, endColumn: 18 },
        { messageId: 'dockerBuildkitOff', data: { value: '0' }, file: 'Makefile', line: 2, column: 27 },
        { messageId: 'composeCliBuildOff', data: { value: 'false' }, file: 'Makefile', line: 3, column: 29, endLine: 3, endColumn: 34 },
        { messageId: 'dockerBuildkitOff', data: { value: '0' }, file: 'Makefile', line: 6, column: 18 },
        { messageId: 'dockerBuildkitOff', data: { value: '0' }, file: 'scripts/build.sh', line: 4, column: 24, endLine: 4, endColumn: 25 },
        { messageId: 'composeCliBuildOff', data: { value: '0' }, file: 'scripts/build.sh', line: 6, column: 26 },
        { messageId: 'dockerBuildkitOff', data: { value: 'false' }, file: 'scripts/build.sh', line: 7, column: 21, endLine: 7, endColumn: 28 },
      ],
      output: {
        '.env': 'COMPOSE_PROJECT_NAME=shop\nDOCKER_BUILDKIT=1\n',
        Makefile: '# Local builds.\nexport DOCKER_BUILDKIT := 1\nCOMPOSE_DOCKER_CLI_BUILD ?= 1\n\nbuild:\n\tDOCKER_BUILDKIT=1 docker build -t api backend/api\n\n.PHONY: build\n',
        'scripts/build.sh': [
          '#!/bin/bash',
          '# Build everything. The classic builder "was more reliable" on this machine.',
          'set -e',
          'export DOCKER_BUILDKIT=1',
          'docker build -t base-node:latest backend/docker/base-node',
          'COMPOSE_DOCKER_CLI_BUILD=1 docker-compose build',
          'env DOCKER_BUILDKIT=1 docker build -t api backend/api',
          '',
        ].join('\n'),
      },
    },
    {
      name: 'every false spelling of strconv.ParseBool, in statements, declarations, sh -c and an env file',
      files: {
        'ci.sh': [
          'DOCKER_BUILDKIT=F',
          "declare -x COMPOSE_DOCKER_CLI_BUILD='FALSE'",
          'sh -c "DOCKER_BUILDKIT=False docker build ."',
          'sudo DOCKER_BUILDKIT=f docker build .',
          '',
        ].join('\n'),
        '.env.ci': 'export DOCKER_BUILDKIT="0"\n',
        'docker/Makefile': 'images:\n\t@TAG=dev DOCKER_BUILDKIT=0 docker build -t app:$$TAG .\n\tcd web && export COMPOSE_DOCKER_CLI_BUILD=0; docker-compose build\n',
      },
      errors: [
        { messageId: 'dockerBuildkitOff', data: { value: '0' }, file: '.env.ci', line: 1, column: 24, endColumn: 27 },
        { messageId: 'dockerBuildkitOff', data: { value: 'F' }, file: 'ci.sh', line: 1, column: 17 },
        { messageId: 'composeCliBuildOff', data: { value: 'FALSE' }, file: 'ci.sh', line: 2, column: 37, endColumn: 44 },
        { messageId: 'dockerBuildkitOff', data: { value: 'False' }, file: 'ci.sh', line: 3, column: 24 },
        { messageId: 'dockerBuildkitOff', data: { value: 'f' }, file: 'ci.sh', line: 4, column: 22 },
        { messageId: 'dockerBuildkitOff', data: { value: '0' }, file: 'docker/Makefile', line: 2, column: 27 },
        { messageId: 'composeCliBuildOff', data: { value: '0' }, file: 'docker/Makefile', line: 3, column: 44 },
      ],
      output: {
        '.env.ci': 'export DOCKER_BUILDKIT=1\n',
        'docker/Makefile': 'images:\n\t@TAG=dev DOCKER_BUILDKIT=1 docker build -t app:$$TAG .\n\tcd web && export COMPOSE_DOCKER_CLI_BUILD=1; docker-compose build\n',
        'ci.sh': 'DOCKER_BUILDKIT=1\ndeclare -x COMPOSE_DOCKER_CLI_BUILD=1\nsh -c "DOCKER_BUILDKIT=1 docker build ."\nsudo DOCKER_BUILDKIT=1 docker build .\n',
      },
    },
    {
      name: 'a Makefile that turns BuildKit off for one target, in a recipe after ;, and on a continued recipe line',
      files: {
        Makefile: [
          'release: export DOCKER_BUILDKIT = 0',
          'build: ; DOCKER_BUILDKIT=0 docker build .',
          'push:',
          '\tdocker build -t $(IMAGE) . && \\',
          '\t  COMPOSE_DOCKER_CLI_BUILD=false docker-compose push',
          '',
        ].join('\n'),
      },
      errors: [
        { messageId: 'dockerBuildkitOff', data: { value: '0' }, file: 'Makefile', line: 1, column: 35, endColumn: 36 },
        { messageId: 'dockerBuildkitOff', data: { value: '0' }, file: 'Makefile', line: 2, column: 26, endColumn: 27 },
        { messageId: 'composeCliBuildOff', data: { value: 'false' }, file: 'Makefile', line: 5, column: 29, endColumn: 34 },
      ],
      output: {
        Makefile: [
          'release: export DOCKER_BUILDKIT = 1',
          'build: ; DOCKER_BUILDKIT=1 docker build .',
          'push:',
          '\tdocker build -t $(IMAGE) . && \\',
          '\t  COMPOSE_DOCKER_CLI_BUILD=1 docker-compose push',
          '',
        ].join('\n'),
      },
    },
  ],
});

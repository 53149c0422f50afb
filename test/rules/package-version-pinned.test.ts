import rule from '../../src/rules/package-version-pinned.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: 'apt pins, a requirements file, PIP_CONSTRAINT, a version range', fixture: 'fixtures/package-version-pinned/pinned' },
    {
      name: 'every manager pinned, files and lock-file installs, apt target release, pip -c, gem -v',
      files: {
        Dockerfile: `FROM ruby:3.3
RUN apk add --no-cache curl~8.9 git=2.45.2-r0 && apt-get install -y -t bookworm-backports golang
RUN npm install -g typescript@5.6.3 @angular/cli@18.2.8 && npm ci && npm install ./vendor/lib.tgz
RUN gem install rails:7.2.1 && gem install bundler -v 2.5.21 && pip install -c constraints.txt flask
RUN pip install ./dist/app-1.0-py3-none-any.whl && apt-get install -y ./tool.deb && yarn add react
`,
      },
    },
    {
      name: 'rpm pins (version, release, arch, epoch), groups, local rpm files; zypper pins',
      files: {
        Dockerfile: `FROM rockylinux:9
RUN dnf install -y httpd-2.4.62 curl-8.6.0-1.el9.x86_64 java-17-openjdk-0:17.0.9.0.9-1.el9 @development ./vendor/tool-1.2.rpm
RUN yum install -y openssl-1.1.1k && microdnf install -y tzdata-2024a-1.el9
RUN zypper --non-interactive install -y curl=8.6.0 'git>=2.43'
`,
      },
    },
  ],
  invalid: [
    {
      name: 'apt packages and pip packages by name',
      fixture: 'fixtures/package-version-pinned/unpinned',
      errors: [
        { messageId: 'unpinned', data: { manager: 'apt-get', packages: "'libpq5' and 'tini'", example: '`curl=7.88.1-10+deb12u8`' }, file: 'Dockerfile', line: 3, column: 8 },
        { messageId: 'unpinned', data: { manager: 'pip', packages: "'gunicorn' and 'sentry-sdk'", example: '`flask==3.0.3`, or a constraints file (`-c`, PIP_CONSTRAINT)' }, file: 'Dockerfile', line: 7, column: 66 },
      ],
    },
    {
      name: 'apk, npm (scoped too), gem, python -m pip; many packages counted',
      files: {
        Dockerfile: `FROM node:20-alpine
RUN apk add --no-cache curl git jq
RUN npm install -g nodemon @nestjs/cli && gem install rake
RUN python3 -m pip install requests
`,
      },
      errors: [
        { messageId: 'unpinned', data: { manager: 'apk', packages: "'curl', 'git' and 1 more", example: '`curl=8.9.1-r2` or `curl~8.9`' }, file: 'Dockerfile', line: 2, column: 5 },
        { messageId: 'unpinned', data: { manager: 'npm', packages: "'nodemon' and '@nestjs/cli'", example: '`typescript@5.6.3`' }, file: 'Dockerfile', line: 3, column: 5 },
        { messageId: 'unpinned', data: { manager: 'gem', packages: "'rake'", example: '`rails:7.2.1` or `-v 7.2.1`' }, file: 'Dockerfile', line: 3, column: 43 },
        { messageId: 'unpinned', data: { manager: 'pip', packages: "'requests'", example: '`flask==3.0.3`, or a constraints file (`-c`, PIP_CONSTRAINT)' }, file: 'Dockerfile', line: 4, column: 5 },
      ],
    },
    {
      name: 'a UBI-based Java service: dnf and microdnf packages without versions',
      fixture: 'fixtures/package-version-pinned/rpm-based',
      errors: [
        { messageId: 'unpinned', data: { manager: 'dnf', packages: "'maven-openjdk17'", example: '`httpd-2.4.62`' }, file: 'Dockerfile', line: 2, column: 5 },
        { messageId: 'unpinned', data: { manager: 'microdnf', packages: "'java-17-openjdk-headless'", example: '`httpd-2.4.62`' }, file: 'Dockerfile', line: 11, column: 5 },
      ],
    },
    {
      name: 'rpm names with dashes and digits are names, not versions (java-17-openjdk, gcc-toolset-13, python3-devel)',
      files: {
        Dockerfile: `FROM rockylinux:9
RUN dnf install -y java-17-openjdk gcc-toolset-13 python3-devel && dnf clean all
RUN yum install -y tomcat
RUN zypper install -y curl
`,
      },
      errors: [
        { messageId: 'unpinned', data: { manager: 'dnf', packages: "'java-17-openjdk', 'gcc-toolset-13' and 1 more", example: '`httpd-2.4.62`' }, file: 'Dockerfile', line: 2, column: 5 },
        { messageId: 'unpinned', data: { manager: 'yum', packages: "'tomcat'", example: '`httpd-2.4.62`' }, file: 'Dockerfile', line: 3, column: 5 },
        { messageId: 'unpinned', data: { manager: 'zypper', packages: "'curl'", example: '`curl=8.6.0` or `curl>=8.6`' }, file: 'Dockerfile', line: 4, column: 5 },
      ],
    },
  ],
});

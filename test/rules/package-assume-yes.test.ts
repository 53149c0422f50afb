import rule from '../../src/rules/package-assume-yes.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: '--yes, -qq', fixture: 'fixtures/package-assume-yes/answered' },
    {
      name: 'every way to say yes; commands that never ask; apk and microdnf; data',
      files: {
        Dockerfile: `FROM fedora:40
RUN dnf install -y gcc && dnf --assumeyes remove gcc && yum -y update && dnf clean all
RUN zypper --non-interactive install curl && zypper -n rm curl && zypper install --no-confirm git && zypper in -y make
RUN apt-get update && apt-get -o APT::Get::Assume-Yes=true install curl && apt-get -q=2 install git
RUN yes | apt-get install curl
RUN apk add curl && microdnf install curl && apt-get clean && apt-cache policy curl
RUN ["apt-get", "install", "--assume-yes", "curl"]
RUN cat > /usr/local/bin/setup <<'EOF'
apt-get install curl
EOF
`,
      },
    },
  ],
  invalid: [
    {
      name: 'install and purge without -y, fixed',
      fixture: 'fixtures/package-assume-yes/prompts',
      errors: [
        { messageId: 'missingYes', data: { manager: 'apt-get', subcommand: 'install' }, file: 'Dockerfile', line: 4, column: 8 },
        { messageId: 'missingYes', data: { manager: 'apt-get', subcommand: 'purge' }, file: 'Dockerfile', line: 5, column: 8 },
      ],
      output: {
        Dockerfile: `FROM python:3.12-slim-bookworm AS runtime
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \\
    && apt-get install -y --no-install-recommends tini libpq5 \\
    && apt-get purge -y perl-modules-5.36 \\
    && rm -rf /var/lib/apt/lists/*
WORKDIR /srv
COPY requirements.txt ./
RUN pip install --no-cache-dir --requirement requirements.txt
COPY app ./app
ENTRYPOINT ["tini", "--"]
CMD ["python", "-m", "app.main"]
`,
      },
    },
    {
      name: 'yum, dnf, zypper, apt and aptitude; in a heredoc script and exec form; -q alone is not -qq',
      files: {
        Dockerfile: `FROM rockylinux:9
RUN yum install gcc && dnf upgrade
RUN <<EOF
zypper install curl
EOF
RUN ["apt", "remove", "nano"]
RUN sudo aptitude install vim && apt-get -q install git
`,
      },
      errors: [
        { messageId: 'missingYes', data: { manager: 'yum', subcommand: 'install' }, file: 'Dockerfile', line: 2, column: 5 },
        { messageId: 'missingYes', data: { manager: 'dnf', subcommand: 'upgrade' }, file: 'Dockerfile', line: 2, column: 24 },
        { messageId: 'missingYes', data: { manager: 'zypper', subcommand: 'install' }, file: 'Dockerfile', line: 4, column: 1 },
        { messageId: 'missingYes', data: { manager: 'apt', subcommand: 'remove' }, file: 'Dockerfile', line: 6, column: 6 },
        { messageId: 'missingYes', data: { manager: 'aptitude', subcommand: 'install' }, file: 'Dockerfile', line: 7, column: 5 },
        { messageId: 'missingYes', data: { manager: 'apt-get', subcommand: 'install' }, file: 'Dockerfile', line: 7, column: 34 },
      ],
    },
  ],
});

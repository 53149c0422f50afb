import rule from '../../src/rules/apt-no-install-recommends.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: '--no-install-recommends, and -o APT::Install-Recommends=false', fixture: 'fixtures/apt-no-install-recommends/without-recommends' },
    {
      name: 'other sub-commands and managers, the option given as a value, data',
      files: {
        Dockerfile: `FROM debian:bookworm-slim
RUN apt-get update && apt-get purge -y nano && apt-get install -y --option=APT::Install-Recommends=0 curl
RUN apk add --no-cache curl && apt install -y --no-install-recommends git
RUN echo "apt-get install -y curl" >> /root/notes
`,
      },
    },
  ],
  invalid: [
    {
      name: 'an install with recommends, fixed',
      fixture: 'fixtures/apt-no-install-recommends/with-recommends',
      errors: [{ messageId: 'installsRecommends', data: { manager: 'apt-get' }, file: 'Dockerfile', line: 3, column: 8 }],
      output: {
        Dockerfile: `FROM python:3.12-slim-bookworm
RUN apt-get update \\
    && apt-get install --no-install-recommends -y gcc libpq-dev \\
    && rm -rf /var/lib/apt/lists/*
WORKDIR /srv
COPY requirements.txt ./
RUN pip install --no-cache-dir --requirement requirements.txt
COPY app ./app
CMD ["python", "-m", "app.main"]
`,
      },
    },
    {
      name: 'apt, exec form, a heredoc script, sh -c (reported, not fixed inside the string)',
      files: {
        Dockerfile: `FROM debian:bookworm-slim
RUN ["apt-get", "install", "-y", "curl"]
RUN <<EOF
apt install -y git
EOF
RUN sh -c "apt-get install -y make"
`,
      },
      errors: [
        { messageId: 'installsRecommends', data: { manager: 'apt-get' }, file: 'Dockerfile', line: 2, column: 6 },
        { messageId: 'installsRecommends', data: { manager: 'apt' }, file: 'Dockerfile', line: 4, column: 1 },
        { messageId: 'installsRecommends', data: { manager: 'apt-get' }, file: 'Dockerfile', line: 6, column: 12 },
      ],
    },
  ],
});

import { beforeAll, describe, expect, it } from 'vitest';
import type { ShellWord } from '../../src/project/model.js';
import { initShellParser } from '../../src/project/shell.js';
import {
  dependencyInstall,
  installArguments,
  installedBuildTools,
  installsOf,
  instructionScript,
  isBuildToolPackage,
  isBuildToolRun,
  normalizeProgram,
  packageManagerInvocation,
  packageManagersProvidedBy,
  providedPackageManagers,
  pythonModule,
  removedPackageManagers,
  removedPackages,
} from '../../src/vocabulary/commands.js';
import { instruction, script } from './parse.js';

beforeAll(async () => {
  await initShellParser();
});

interface Found {
  program: string | null;
  manager: string;
  ecosystem: string;
  packages: string[];
  group?: string;
}

/** The installs of one Dockerfile line, as plain data. */
function installs(line: string): Found[] {
  return installsOf(instruction(line)).map((install) => ({
    program: install.command.program,
    manager: install.manager,
    ecosystem: install.ecosystem,
    packages: install.packages,
    ...(install.group === undefined ? {} : { group: install.group }),
  }));
}

describe('dependencyInstall: every install form of the issue, through parsed RUN lines', () => {
  const os = (program: string, manager: string, packages: string[]): Found => ({ program, manager, ecosystem: 'os', packages });
  const lang = (program: string, manager: string, packages: string[] = []): Found => ({ program, manager, ecosystem: 'language', packages });
  const cases: [string, Found[]][] = [
    ['RUN apt-get update && apt-get install -y --no-install-recommends curl git', [os('apt-get', 'apt-get', ['curl', 'git'])]],
    ['RUN apt install -y curl', [os('apt', 'apt', ['curl'])]],
    ['RUN apt-get -o Dpkg::Options::=--force-confnew -qq install ca-certificates', [os('apt-get', 'apt-get', ['ca-certificates'])]],
    ['RUN apt-get build-dep -y python3', [os('apt-get', 'apt-get', ['python3'])]],
    ['RUN apt-get install -y ./vendor/tool.deb', [os('apt-get', 'apt-get', [])]],
    ['RUN apk add --no-cache build-base python3', [os('apk', 'apk', ['build-base', 'python3'])]],
    ['RUN apk add --virtual .build-deps gcc musl-dev', [{ ...os('apk', 'apk', ['gcc', 'musl-dev']), group: '.build-deps' }]],
    ['RUN apk add --no-cache --virtual=.tools make', [{ ...os('apk', 'apk', ['make']), group: '.tools' }]],
    ['RUN yum -y install gcc', [os('yum', 'yum', ['gcc'])]],
    ['RUN dnf install -y --setopt=install_weak_deps=False gcc-c++', [os('dnf', 'dnf', ['gcc-c++'])]],
    ['RUN microdnf install -y shadow-utils', [os('microdnf', 'microdnf', ['shadow-utils'])]],
    ['RUN zypper --non-interactive install curl', [os('zypper', 'zypper', ['curl'])]],
    ['RUN zypper in -y curl', [os('zypper', 'zypper', ['curl'])]],
    ['RUN dpkg -i /tmp/tool.deb', [os('dpkg', 'dpkg', [])]],
    ['RUN pip install -r requirements.txt', [lang('pip', 'pip')]],
    ['RUN pip3 install --no-cache-dir torch==2.4.1 torchvision', [lang('pip3', 'pip', ['torch==2.4.1', 'torchvision'])]],
    ['RUN pip3.11 install uvicorn', [lang('pip3.11', 'pip', ['uvicorn'])]],
    ['RUN python -m pip install --upgrade pip', [lang('python', 'pip', ['pip'])]],
    ['RUN python3 -m pip install -r requirements.txt', [lang('python3', 'pip')]],
    ['RUN python3.10 -I -m pip install flask', [lang('python3.10', 'pip', ['flask'])]],
    ['RUN /opt/venv/bin/python -mpip install flask', [lang('python', 'pip', ['flask'])]],
    ['RUN pip install --no-deps -r requirements-nodeps.txt', [lang('pip', 'pip')]],
    ['RUN pip install /wheels/*.whl', [lang('pip', 'pip')]],
    ['RUN pip install --no-deps /wheels/detectron2-0.6-cp310-linux_x86_64.whl', [lang('pip', 'pip')]],
    ['RUN uv pip install --system -r requirements.txt', [lang('uv', 'uv')]],
    ['RUN uv sync --frozen --no-install-project', [lang('uv', 'uv')]],
    ['RUN uv tool install ruff', [lang('uv', 'uv', ['ruff'])]],
    ['RUN poetry install --no-root --only main', [lang('poetry', 'poetry')]],
    ['RUN pipenv install --deploy --system', [lang('pipenv', 'pipenv')]],
    ['RUN pipenv sync', [lang('pipenv', 'pipenv')]],
    ['RUN conda install -y -c conda-forge numpy', [lang('conda', 'conda', ['numpy'])]],
    ['RUN conda create -n app python=3.11', [lang('conda', 'conda', ['python=3.11'])]],
    ['RUN conda env create -f environment.yml', [lang('conda', 'conda')]],
    ['RUN conda env update --file environment.yml --prune', [lang('conda', 'conda')]],
    ['RUN mamba install -y pytorch', [lang('mamba', 'mamba', ['pytorch'])]],
    ['RUN micromamba create -y -n base -f env.yaml', [lang('micromamba', 'micromamba')]],
    ['RUN micromamba install -y -n base -f env.yaml', [lang('micromamba', 'micromamba')]],
    ['RUN npm install', [lang('npm', 'npm')]],
    ['RUN npm ci --omit=dev', [lang('npm', 'npm')]],
    ['RUN npm i -g @angular/cli pnpm@9', [lang('npm', 'npm', ['@angular/cli', 'pnpm@9'])]],
    ['RUN yarn', [lang('yarn', 'yarn')]],
    ['RUN yarn --frozen-lockfile', [lang('yarn', 'yarn')]],
    ['RUN yarn install --immutable', [lang('yarn', 'yarn')]],
    ['RUN yarn workspaces focus --production', [lang('yarn', 'yarn')]],
    ['RUN pnpm install --frozen-lockfile', [lang('pnpm', 'pnpm')]],
    ['RUN pnpm i', [lang('pnpm', 'pnpm')]],
    ['RUN bun install --frozen-lockfile', [lang('bun', 'bun')]],
    ['RUN gem install bundler -v 2.5.0', [lang('gem', 'gem', ['bundler'])]],
    ['RUN bundle install --jobs 4', [lang('bundle', 'bundle')]],
    ['RUN go mod download', [lang('go', 'go')]],
    ['RUN cargo fetch --locked', [lang('cargo', 'cargo')]],
    ['RUN composer install --no-dev', [lang('composer', 'composer')]],
    ['RUN pipx install poetry', [lang('pipx', 'pipx', ['poetry'])]],
  ];
  it.each(cases)('%s', (line, expected) => {
    expect(installs(line)).toEqual(expected);
  });
});

describe('dependencyInstall: seen through the shell', () => {
  const cases: [string, string[]][] = [
    ['RUN sudo -E pip install flask', ['pip']],
    ['RUN env PIP_INDEX_URL=https://mirror/simple pip install flask', ['pip']],
    ['RUN sh -c "npm ci && npm run build"', ['npm']],
    ['RUN ["sh", "-c", "apt-get update && apt-get install -y curl"]', ['apt-get']],
    ['RUN ["pip", "install", "-r", "requirements.txt"]', ['pip']],
    ['RUN ["/usr/bin/sudo", "npm", "ci"]', ['npm']],
    ['RUN <<EOF\nset -e\napt-get update\napt-get install -y gcc\nEOF', ['apt-get']],
    ['RUN set -eux; \\\n    apt-get update; \\\n    apt-get install -y curl; \\\n    pip install x', ['apt-get', 'pip']],
    ['RUN if [ -f package-lock.json ]; then npm ci; else npm install; fi', ['npm', 'npm']],
    ['RUN for r in requirements*.txt; do pip install -r "$r"; done', ['pip']],
  ];
  it.each(cases)('%s', (line, managers) => {
    expect(installs(line).map((found) => found.manager)).toEqual(managers);
  });
});

describe('dependencyInstall: downloaded installers', () => {
  const cases: [string, string, string][] = [
    ['RUN curl -fsSL https://get.pnpm.io/install.sh | sh -', 'curl', 'curl | sh'],
    ['RUN curl -LsSf https://astral.sh/uv/install.sh | sudo sh -s -- --quiet', 'curl', 'curl | sh'],
    ['RUN wget -qO- https://example.com/install.sh | bash', 'wget', 'wget | bash'],
    ['RUN curl -sSL https://install.python-poetry.org | python3 -', 'curl', 'curl | python3'],
    ['RUN sh -c "$(curl -fsSL https://example.com/install.sh)"', 'curl', 'curl | sh'],
    ['RUN bash <(curl -s https://example.com/install.sh)', 'curl', 'curl | bash'],
    ['RUN eval "$(wget -qO- https://example.com/env.sh)"', 'wget', 'wget | eval'],
  ];
  it.each(cases)('%s', (line, program, manager) => {
    expect(installs(line)).toEqual([{ program, manager, ecosystem: 'language', packages: [] }]);
  });
});

describe('dependencyInstall: not dependency installs', () => {
  it.each([
    'RUN pip install --no-deps .',
    'RUN pip install --no-deps -e .',
    'RUN pip install --no-deps --no-build-isolation ./packages/app',
    'RUN python -m pip install --no-deps /src',
    'RUN uv pip install --no-deps .',
    'RUN poetry install --only-root',
    'RUN pip download -d /wheels -r requirements.txt',
    'RUN pip wheel --no-deps --wheel-dir /wheels -r requirements.txt',
    'RUN pip --version',
    'RUN python -m venv /opt/venv',
    'RUN python -c "import pip"',
    'RUN python setup.py install',
    'RUN npm run build',
    'RUN npm test',
    'RUN yarn build',
    'RUN yarn --version',
    'RUN bundle --version',
    'RUN apt-get update',
    'RUN apt-get purge -y gcc',
    'RUN apk del .build-deps',
    'RUN go build ./...',
    'RUN cargo build --release',
    'RUN dpkg --print-architecture',
    'RUN curl -fsSLo /usr/local/bin/tini https://example.com/tini',
    'RUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /opt',
    'RUN curl -s https://example.com/data.json | python3 -m json.tool',
    'RUN echo "pip install flask" > /notes.txt',
    'RUN grep -r "npm install" /docs || true',
    'CMD ["npm", "start"]',
  ])('%s', (line) => {
    expect(installs(line)).toEqual([]);
  });
});

it('installArguments reads flags with the manager value flags, through python -m pip', () => {
  const [install] = installsOf(instruction('RUN python3 -m pip install -r requirements.txt --cache-dir /tmp/pip flask'));
  expect(install && [...installArguments(install).flags]).toEqual([
    ['r', 'requirements.txt'],
    ['cache-dir', '/tmp/pip'],
  ]);
});

describe('pythonModule', () => {
  const words = (...values: string[]): ShellWord[] =>
    values.map((value) => ({ value, raw: value, range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } }, expansions: [] }));
  const cases: [string[], string | null, string[]][] = [
    [['-m', 'pip', 'install', 'x'], 'pip', ['install', 'x']],
    [['-mpip', 'list'], 'pip', ['list']],
    [['-I', '-u', '-m', 'venv', '/opt/venv'], 'venv', ['/opt/venv']],
    [['-Im', 'ensurepip'], 'ensurepip', []],
    [['-W', 'ignore', '-m', 'pip', 'check'], 'pip', ['check']],
    [['-c', 'import pip'], null, []],
    [['script.py', '-m', 'pip'], null, []],
    [['-'], null, []],
  ];
  it.each(cases)('python %j', (args, module, rest) => {
    const found = pythonModule(words(...args));
    expect(found === null ? null : found.module).toBe(module);
    expect(found === null ? [] : found.args.map((word) => word.value)).toEqual(rest);
  });
});

it('normalizeProgram drops version suffixes', () => {
  expect(['pip3.11', 'python3.10', 'python3', 'node20', 'apt-get', 'yarn'].map(normalizeProgram)).toEqual([
    'pip',
    'python',
    'python',
    'node',
    'apt-get',
    'yarn',
  ]);
});

describe('packageManagerInvocation', () => {
  const invoked = (line: string): (string | null)[] => {
    const parsed = script(line);
    return parsed.commands.map((command) => packageManagerInvocation(command, parsed));
  };
  const cases: [string, (string | null)[]][] = [
    ['RUN npx tsc -p .', ['npx']],
    ['RUN corepack enable', ['corepack']],
    ['RUN corepack disable', [null]],
    ['RUN npm run build', ['npm']],
    ['RUN pip --version', ['pip']],
    ['RUN python -m pip check', ['pip']],
    ['RUN apt-get update', ['apt-get']],
    ['RUN apt-get purge -y --auto-remove gcc', [null]],
    ['RUN apt-get autoremove -y && apt-get clean', [null, null]],
    ['RUN apt-get dist-clean && apt distclean', [null, null]],
    ['RUN npm uninstall -g npm', [null]],
    ['RUN npm cache clean --force', [null]],
    ['RUN yarn cache clean', [null]],
    ['RUN pip uninstall -y pip', [null]],
    ['RUN apk del .build-deps', [null]],
    ['RUN dpkg -i /tmp/x.deb', ['dpkg']],
    ['RUN dpkg --print-architecture', [null]],
    ['RUN rpm -qa', [null]],
    ['RUN go mod download', ['go']],
    ['RUN go build ./...', [null]],
    ['RUN curl -fsSL https://get.pnpm.io/install.sh | sh -', ['curl | sh', null]],
    ['RUN node server.js', [null]],
    ['CMD ["npm", "run", "dev"]', ['npm']],
    ['CMD ["tini", "--", "yarn", "start"]', ['yarn']],
    ['ENTRYPOINT ["dumb-init", "pnpm", "start"]', ['pnpm']],
    ['CMD ["gosu", "app", "pipenv", "run", "serve"]', ['pipenv']],
    ['CMD ["node", "dist/server.js"]', [null]],
    ['CMD poetry run serve', ['poetry']],
  ];
  it.each(cases)('%s', (line, expected) => {
    expect(invoked(line)).toEqual(expected);
  });

  it('without the script, a downloaded installer is not seen', () => {
    const parsed = script('RUN curl -fsSL https://get.pnpm.io/install.sh | sh -');
    expect(parsed.commands.map((command) => packageManagerInvocation(command))).toEqual([null, null]);
  });
});

describe('removedPackageManagers and removedPackages', () => {
  const removed = (line: string): string[] => script(line).commands.flatMap(removedPackageManagers);
  const cases: [string, string[]][] = [
    ['RUN rm -rf /usr/local/lib/node_modules/npm /usr/local/bin/npx', ['npm', 'npx']],
    ['RUN rm -f /usr/local/bin/npm', ['npm']],
    ['RUN rm -rf /usr/local/lib/node_modules', ['npm', 'npx', 'corepack']],
    ['RUN rm -rf /opt/yarn-v1.22.22 /usr/local/bin/yarn /usr/local/bin/yarnpkg', ['yarn']],
    ['RUN rm -rf /opt/yarn-* /usr/local/lib/node_modules/corepack', ['yarn', 'corepack']],
    ['RUN rm -rf /usr/local/lib/python3.11/site-packages/pip* /usr/local/bin/pip3', ['pip']],
    ['RUN rm -f /sbin/apk', ['apk']],
    ['RUN rm -f /usr/bin/apt /usr/bin/apt-get', ['apt']],
    ['RUN npm uninstall -g npm', ['npm', 'npx']],
    ['RUN python -m pip uninstall --yes pip', ['pip']],
    ['RUN pip uninstall -y pip setuptools', ['pip']],
    ['RUN apk del npm', ['npm', 'npx']],
    ['RUN apt-get purge -y python3-pip', ['pip']],
    ['RUN apk del py3-pip', ['pip']],
    // Caches and metadata are not the program.
    ['RUN rm -rf /root/.cache/pip /root/.npm /var/lib/apt/lists/* /var/cache/apk/*', []],
    ['RUN rm -rf /tmp/npm', []],
    ['RUN corepack disable', []],
    ['RUN npm cache clean --force', []],
    ['RUN pip install pip', []],
  ];
  it.each(cases)('%s', (line, expected) => {
    expect(removed(line)).toEqual(expected);
  });

  const packageCases: [string, string[]][] = [
    ['RUN apt-get purge -y --auto-remove gcc libc6-dev', ['gcc', 'libc6-dev']],
    ['RUN apk del --no-network .build-deps', ['.build-deps']],
    ['RUN dnf remove -y gcc', ['gcc']],
    ['RUN dpkg --purge build-essential', ['build-essential']],
    ['RUN apt-get autoremove -y', []],
    ['RUN apt-get install -y gcc', []],
  ];
  it.each(packageCases)('removedPackages: %s', (line, expected) => {
    expect(script(line).commands.flatMap(removedPackages)).toEqual(expected);
  });
});

describe('providedPackageManagers and packageManagersProvidedBy', () => {
  const provided = (line: string): string[] => {
    const parsed = script(line);
    return parsed.commands.flatMap((command) => packageManagersProvidedBy(command, parsed));
  };
  const cases: [string, string[]][] = [
    ['RUN apt-get install -y python3-pip', ['pip']],
    ['RUN apk add --no-cache py3-pip nodejs npm', ['pip', 'npm', 'npx']],
    ['RUN npm i -g pnpm@9 yarn', ['pnpm', 'yarn']],
    ['RUN npm install -g npm@10', ['npm', 'npx']],
    ['RUN pip install poetry==1.8.3 pipenv uv', ['poetry', 'pipenv', 'uv']],
    ['RUN curl -LsSf https://astral.sh/uv/install.sh | sh', ['uv']],
    ['RUN curl -sSL https://install.python-poetry.org | python3 -', ['poetry']],
    ['RUN curl -fsSL https://bootstrap.pypa.io/get-pip.py | python3', ['pip']],
    ['RUN python3.10 -m venv /opt/venv', ['pip']],
    ['RUN python3 -m venv --without-pip /opt/venv', []],
    ['RUN python -m ensurepip --upgrade', ['pip']],
    ['RUN virtualenv /opt/venv', ['pip']],
    ['RUN virtualenv --no-pip /opt/venv', []],
    ['RUN corepack enable', ['yarn', 'pnpm']],
    ['RUN corepack enable pnpm', ['pnpm']],
    ['RUN apt-get install -y apt-utils nodejs curl', []],
    ['RUN apk add --no-cache apk-tools', []],
    ['RUN npm ci', []],
  ];
  it.each(cases)('%s', (line, expected) => {
    expect(provided(line)).toEqual(expected);
  });

  it('providedPackageManagers reads the install alone', () => {
    const parsed = script('RUN apt-get install -y python3-pip');
    const install = parsed.commands.map((command) => dependencyInstall(command, parsed)).find((found) => found !== null);
    expect(install && providedPackageManagers(install)).toEqual(['pip']);
  });
});

describe('build tools', () => {
  const buildTools = [
    'gcc', 'g++', 'gcc-12', 'g++-12', 'cc', 'clang', 'clang-15', 'llvm-15', 'make', 'cmake', 'cmake>=3.27', 'ninja',
    'ninja-build', 'meson', 'build-essential', 'build-base', 'alpine-sdk', 'autoconf', 'automake', 'libtool', 'pkg-config',
    'pkgconf', 'python3-dev', 'python3.10-dev', 'python3-devel', 'libpq-dev', 'musl-dev', 'linux-headers', 'cython',
    'cython3', 'rustc', 'cargo', 'rust', 'go', 'golang', 'golang-go', 'golang-1.21-go', 'cuda-nvcc-12-1',
    'cuda-toolkit-12-1', 'nvidia-cuda-toolkit', 'gcc-c++', 'devtoolset-11', 'gfortran', 'binutils', 'gcc=4:12.2.0-3',
  ];
  const notBuildTools = [
    'curl', 'git', 'ca-certificates', 'python3', 'python3.10', 'python3-pip', 'libgl1', 'libglib2.0-0', 'libpq5',
    'ffmpeg', 'nodejs', 'npm', 'cuda-runtime-12-1', 'libcudnn8', 'tini', 'devtools', 'makedepend', 'gccgo-doc',
  ];
  it.each(buildTools)('%s is a build tool', (name) => {
    expect(isBuildToolPackage(name)).toBe(true);
  });
  it.each(notBuildTools)('%s is not a build tool', (name) => {
    expect(isBuildToolPackage(name)).toBe(false);
  });

  it('installedBuildTools picks them from an install', () => {
    const parsed = script('RUN apt-get install -y --no-install-recommends build-essential python3.10-dev git ninja-build');
    const install = parsed.commands.map((command) => dependencyInstall(command, parsed)).find((found) => found !== null);
    expect(install && installedBuildTools(install)).toEqual(['build-essential', 'python3.10-dev', 'ninja-build']);
  });

  const runs: [string, boolean[]][] = [
    ['RUN make -j4 && make install', [true, true]],
    ['RUN gcc -O2 -o /usr/local/bin/x x.c', [true]],
    ['RUN go build -o /app ./cmd/app', [true]],
    ['RUN /usr/bin/gcc-12 -v', [true]],
    ['RUN npm run build && python -m compileall app', [false, false]],
  ];
  it.each(runs)('isBuildToolRun: %s', (line, expected) => {
    expect(script(line).commands.map(isBuildToolRun)).toEqual(expected);
  });
});

describe('instructionScript', () => {
  it('makes a command of exec form, with each word at its place', () => {
    const parsed = instructionScript(instruction('CMD ["npm", "run", "dev"]'));
    expect(parsed?.commands.map((command) => ({ name: command.name, args: command.args.map((arg) => [arg.value, arg.range.start.column]), range: command.range }))).toEqual([
      {
        name: 'npm',
        args: [
          ['run', 13],
          ['dev', 20],
        ],
        range: { start: { line: 2, column: 6 }, end: { line: 2, column: 25 } },
      },
    ]);
  });

  it('sees through init processes and wrappers', () => {
    const parsed = instructionScript(instruction('ENTRYPOINT ["tini", "-g", "--", "gosu", "app", "npm", "start"]'));
    expect(parsed?.commands.map((command) => [command.program, command.wrappers, command.args.map((arg) => arg.value)])).toEqual([['npm', ['gosu'], ['start']]]);
  });

  it('keeps the parsed script of shell form and of exec-form sh -c', () => {
    expect(instructionScript(instruction('RUN npm ci && npm run build'))?.commands.map((command) => command.program)).toEqual(['npm', 'npm']);
    expect(instructionScript(instruction('CMD ["sh", "-c", "npm start"]'))?.commands.map((command) => command.program)).toEqual(['npm']);
  });

  it('has no commands for an empty exec form', () => {
    expect(instructionScript(instruction('CMD []'))?.commands).toEqual([]);
  });
});

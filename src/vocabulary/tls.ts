/**
 * Ways to turn off TLS certificate verification, asked of parsed commands and of variable assignments
 * (`ENV`, `ARG`, `NAME=value` in a shell): `curl -k`, `wget --no-check-certificate`, `pip --trusted-host`,
 * `npm config set strict-ssl false`, `git -c http.sslVerify=false`, `NODE_TLS_REJECT_UNAUTHORIZED=0`…
 */
import type { ShellCommand, ShellWord } from '../project/model.js';
import { normalizeProgram, pythonModule } from './commands.js';

export interface TlsBypass {
  /** The word or words that turn verification off, for the location. */
  word: ShellWord;
  /** What is written, for the message: `curl -k`, `--trusted-host`. */
  what: string;
  /** Whose verification it turns off: `curl`, `pip`, `git`, `npm`, `Node.js`… */
  tool: string;
}

const isFalse = (value: string): boolean => ['false', '0', 'no', 'off'].includes(value.toLowerCase());

/** curl's short options that take a value: a `k` after one of them in a cluster is that value, not `-k`. */
const CURL_VALUE_LETTERS = new Set('AbcCdDeEFHKmoPQrtTuUwxXyYz'.split(''));

function curlInsecure(args: readonly ShellWord[]): ShellWord | null {
  for (const word of args) {
    const value = word.value;
    if (value === null) continue;
    if (value === '--') return null;
    if (value === '--insecure' || value === '--proxy-insecure') return word;
    if (!value.startsWith('-') || value.startsWith('--')) continue;
    for (const letter of value.slice(1)) {
      if (letter === 'k') return word;
      if (CURL_VALUE_LETTERS.has(letter)) break;
    }
  }
  return null;
}

/** `--name`, `--name=value`: the word that gives the option. */
const optionWord = (args: readonly ShellWord[], ...names: string[]): ShellWord | null =>
  args.find((word) => word.value !== null && names.some((name) => word.value === name || word.value?.startsWith(`${name}=`))) ?? null;

/** `config set strict-ssl false` / `set strict-ssl=false`: the word naming the key, when its value is false. */
function configSetsFalse(args: readonly ShellWord[], keys: readonly string[]): ShellWord | null {
  const values = args.map((word) => word.value ?? '');
  for (let index = 0; index < values.length; index++) {
    const [key, inline] = (values[index] ?? '').split('=', 2) as [string, string | undefined];
    if (!keys.includes(key.toLowerCase())) continue;
    const value = inline ?? values[index + 1];
    if (value !== undefined && isFalse(value)) return args[index] ?? null;
  }
  return null;
}

/** git's `http.sslVerify` and `http.<url>.sslVerify` keys. */
const isGitSslVerify = (key: string): boolean => /^http\.(?:.+\.)?sslverify$/i.test(key);

/** How the command turns off certificate checks, or `null`. */
export function tlsBypassInCommand(command: ShellCommand): TlsBypass | null {
  if (command.program === null) return null;
  let program = normalizeProgram(command.program);
  let args = command.args;
  if (program === 'python' || program === 'pypy') {
    const module = pythonModule(args);
    if (module === null) return null;
    program = normalizeProgram(module.module);
    args = module.args;
  }
  const found = (word: ShellWord | null, what: string, tool = program): TlsBypass | null => (word === null ? null : { word, what, tool });
  switch (program) {
    case 'curl':
      return found(curlInsecure(args), `curl ${curlInsecure(args)?.value ?? '-k'}`);
    case 'wget':
      return found(optionWord(args, '--no-check-certificate'), 'wget --no-check-certificate');
    case 'pip':
      return found(optionWord(args, '--trusted-host'), 'pip --trusted-host') ?? found(trustedHostConfig(args), 'pip config set global.trusted-host');
    case 'uv':
      return found(optionWord(args, '--allow-insecure-host', '--trusted-host'), 'uv --allow-insecure-host');
    case 'npm':
    case 'pnpm':
    case 'yarn': {
      const flag = args.find((word) => word.value === '--no-strict-ssl' || (word.value?.startsWith('--strict-ssl=') === true && isFalse(word.value.slice('--strict-ssl='.length))));
      if (flag !== undefined) return { word: flag, what: `${program} ${flag.value ?? ''}`, tool: program };
      return found(configSetsFalse(args, ['strict-ssl', 'enablestrictssl']), `${program} config set strict-ssl false`);
    }
    case 'git': {
      for (const [index, word] of args.entries()) {
        const value = word.value ?? '';
        const next = args[index + 1];
        // `git -c http.sslVerify=false clone …`
        const [key, setting] = (next?.value ?? '').split('=', 2) as [string, string | undefined];
        if (value === '-c' && next !== undefined && isGitSslVerify(key) && setting !== undefined && isFalse(setting)) {
          return { word: next, what: `git -c ${key}=${setting}`, tool: 'git' };
        }
        // `git config --global http.sslVerify false`
        if (isGitSslVerify(value) && args.some((other) => other.value === 'config') && isFalse(next?.value ?? '')) {
          return { word, what: 'git config http.sslVerify false', tool: 'git' };
        }
      }
      return null;
    }
    default:
      return null;
  }
}

/** `pip config set global.trusted-host host`. */
function trustedHostConfig(args: readonly ShellWord[]): ShellWord | null {
  const values = args.map((word) => word.value);
  if (values[0] !== 'config' || values[1] !== 'set') return null;
  const key = args[2];
  return key?.value != null && /^(?:global|install|download)\.trusted-host$/.test(key.value) ? key : null;
}

/** Environment variables that turn off certificate checks, with the values that do. */
const VARIABLES: Record<string, { tool: string; disables: (value: string) => boolean }> = {
  NODE_TLS_REJECT_UNAUTHORIZED: { tool: 'Node.js', disables: (value) => value === '0' },
  // git checks only that it is set.
  GIT_SSL_NO_VERIFY: { tool: 'git', disables: () => true },
  PIP_TRUSTED_HOST: { tool: 'pip', disables: (value) => value.trim() !== '' },
  NPM_CONFIG_STRICT_SSL: { tool: 'npm', disables: isFalse },
  YARN_ENABLE_STRICT_SSL: { tool: 'yarn', disables: isFalse },
  PYTHONHTTPSVERIFY: { tool: 'Python', disables: (value) => value === '0' },
};

/** Whose verification a variable assignment turns off (`NODE_TLS_REJECT_UNAUTHORIZED=0` → `Node.js`), or `null`. */
export function tlsBypassInVariable(name: string, value: string | null): string | null {
  if (value === null) return null;
  // npm reads its config variables in any case (`npm_config_strict_ssl`).
  const known = VARIABLES[name] ?? (name.toUpperCase() === 'NPM_CONFIG_STRICT_SSL' ? VARIABLES.NPM_CONFIG_STRICT_SSL : undefined);
  return known?.disables(value) === true ? known.tool : null;
}

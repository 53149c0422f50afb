/**
 * The files a branch changed, from git: what `--changed-since REF` lints. git runs without a shell, with
 * a time limit, and never takes the lock on the index.
 */
import { errorCode } from '../files.js';

const GIT_TIMEOUT_MS = 30_000;
const GIT_MAX_OUTPUT = 64 * 1024 * 1024;

/** Why git could not answer, in one line for the user. */
export class GitError extends Error {
  override name = 'GitError';
}

/**
 * The files changed since `ref`, relative to the work tree's top `gitRoot`: what differs between the
 * working tree and the commit where `ref` and HEAD meet (what a pull request against `ref` shows, plus
 * what is staged or not yet committed, deletions included), and the untracked files that are not
 * ignored (new files are changes too, as in Jest's `--changedSince`).
 */
export async function changedSince(gitRoot: string, ref: string): Promise<string[]> {
  // A ref is never an option: `--output=…` must not reach git as one.
  if (ref === '' || ref.startsWith('-')) throw new GitError(`'${ref}' is not a git revision`);
  const base = (await git(gitRoot, ['merge-base', ref, 'HEAD'], `cannot compare with '${ref}'`)).trim();
  const [changed, untracked] = await Promise.all([
    git(gitRoot, ['diff', '--name-only', '--no-renames', '-z', base, '--'], `cannot list the changes since '${ref}'`),
    git(gitRoot, ['ls-files', '--others', '--exclude-standard', '--full-name', '-z'], 'cannot list the untracked files'),
  ]);
  return [...new Set([...changed.split('\0'), ...untracked.split('\0')].filter((file) => file !== ''))].sort();
}

function git(cwd: string, args: string[], what: string): Promise<string> {
  // Loaded here, not at start-up: node:child_process brings the network modules, and most runs never call git.
  const { execFile } = process.getBuiltinModule('node:child_process');
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['-c', 'core.quotePath=false', ...args],
      { cwd, timeout: GIT_TIMEOUT_MS, maxBuffer: GIT_MAX_OUTPUT, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' } },
      (error, stdout, stderr) => {
        if (error === null) {
          resolve(stdout);
          return;
        }
        const code = errorCode(error);
        const why =
          code === 'ENOENT'
            ? 'git is not installed (or not on PATH)'
            : error.killed
              ? `git took longer than ${String(GIT_TIMEOUT_MS / 1000)} s`
              : (stderr.split('\n').find((line) => line.trim() !== '')?.replace(/^(fatal|error): /, '') ?? error.message);
        reject(new GitError(`${what}: ${why}`));
      },
    );
  });
}

/**
 * The source edit that proves the cache: which file of the build context to change, and a change that
 * cannot alter what the program does (a comment in the file's own syntax, else trailing whitespace).
 * No I/O: callers read and write the file.
 */
import path from 'node:path';
import { isManifest } from '../vocabulary/manifests.js';
import { readsFile, type BuildPlan, type PlannedStep } from './plan.js';

interface CommentStyle {
  open: string;
  close: string;
}

const LINE_SLASHES: CommentStyle = { open: '//', close: '' };
const BLOCK: CommentStyle = { open: '/*', close: ' */' };
const HASH: CommentStyle = { open: '#', close: '' };
const DASHES: CommentStyle = { open: '--', close: '' };
const MARKUP: CommentStyle = { open: '<!--', close: ' -->' };

/** Extension → comment syntax, for the languages an application is written in. */
const COMMENTS: Record<string, CommentStyle> = {};
const register = (style: CommentStyle, extensions: string): void => {
  for (const extension of extensions.split(' ')) COMMENTS[extension] = style;
};
register(LINE_SLASHES, 'js mjs cjs jsx ts mts cts tsx java kt kts scala groovy go rs c h cc cpp cxx hpp hh m mm cs fs swift dart proto zig sol php');
register(BLOCK, 'css scss sass less');
register(HASH, 'py pyi pyw rb rake sh bash zsh pl pm r jl ex exs cr nim tf yaml yml toml cmake ps1 properties');
register(DASHES, 'sql lua hs elm');
register(MARKUP, 'html htm xhtml xml svg vue svelte md markdown');

/** Extensions of program source (rather than markup, styles or configuration). */
const CODE = new Set(
  'js mjs cjs jsx ts mts cts tsx java kt kts scala groovy go rs c h cc cpp cxx hpp hh m mm cs fs swift dart zig sol php py pyi pyw rb rake sh bash zsh pl pm r jl ex exs cr nim lua hs elm vue svelte'.split(' '),
);
const MARKUP_OR_STYLE = new Set('html htm xhtml css scss sass less'.split(' '));
/** A tool's configuration written as a program (`vite.config.ts`, `.prettierrc.cjs`): configuration, not source. */
const TOOL_CONFIG = /(?:^|\/)(?:[^/]+\.config|\.[^/]+rc)\.[cm]?[jt]s$/;
/** Directory and file names of tests, fixtures and docs: an edit there is less telling. */
const SECONDARY_PATH = /(?:^|\/)(?:tests?|__tests__|spec|specs|e2e|fixtures?|docs?|examples?)(?:\/|$)|\.(?:test|spec)\.[^/]+$/i;

function extensionOf(file: string): string {
  return path.posix.extname(file).slice(1).toLowerCase();
}

/** Files that define the build rather than the application; never edited. */
function isBuildDefinition(file: string, dockerfileInContext: string | null): boolean {
  const name = path.posix.basename(file);
  return file === dockerfileInContext || name === '.dockerignore' || name.endsWith('.dockerignore') || /^(?:Dockerfile|Containerfile)(?:\..*)?$|\.Dockerfile$/i.test(name);
}

export interface EditCandidate {
  /** Context-relative path. */
  file: string;
  /** Steps that copy (or bind-mount) the file into the build. */
  readBy: PlannedStep[];
  /** Some step that reads it must stay cached, so a good layout cannot pass with this file: tried last. */
  readBeforeInstall: boolean;
}

/**
 * Context files that the build reads, best first for the edit: never a dependency manifest or a build
 * definition; files that a good layout copies only after its installs first (so that a pass is
 * possible and a fail is telling), program source before markup and configuration, application code
 * before tests and docs, shallow paths before deep ones.
 *
 * @param files context-relative paths of the files BuildKit receives
 * @param dockerfileInContext the Dockerfile's context-relative path when it lies inside the context
 */
export function rankEditCandidates(
  plan: BuildPlan,
  files: readonly string[],
  manifests: readonly string[],
  dockerfileInContext: string | null,
): EditCandidate[] {
  const readers = plan.steps.filter((planned) => planned.contextReads.length > 0);
  const candidates: EditCandidate[] = [];
  for (const file of files) {
    if (isManifest(file, manifests) || isBuildDefinition(file, dockerfileInContext)) continue;
    const readBy = readers.filter((planned) => planned.contextReads.some((read) => readsFile(read, file)));
    if (readBy.length === 0) continue;
    candidates.push({ file, readBy, readBeforeInstall: readBy.some((planned) => planned.mustStayCached) });
  }
  const key = (candidate: EditCandidate): number[] => {
    const extension = extensionOf(candidate.file);
    const kind = CODE.has(extension) && !TOOL_CONFIG.test(candidate.file) ? 0 : MARKUP_OR_STYLE.has(extension) ? 1 : extension in COMMENTS ? 2 : 3;
    return [
      candidate.readBeforeInstall ? 1 : 0,
      kind,
      SECONDARY_PATH.test(candidate.file) ? 1 : 0,
      candidate.file.split('/').length,
    ];
  };
  return candidates
    .map((candidate) => ({ candidate, key: key(candidate) }))
    .sort((a, b) => compareKeys(a.key, b.key) || (a.candidate.file < b.candidate.file ? -1 : a.candidate.file > b.candidate.file ? 1 : 0))
    .map(({ candidate }) => candidate);
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < a.length; index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

export interface HarmlessEdit {
  /** The new content. */
  text: string;
  /** What was changed, for the report. */
  description: string;
}

/**
 * A change to `text` that BuildKit sees and the program does not: a comment line appended in the
 * file's syntax, carrying `nonce` so that no earlier build can have cached it. Files without a known
 * comment syntax get a trailing line of spaces and tabs spelling the nonce instead. `null` when the file
 * cannot be changed harmlessly (a PHP file that ends in template mode).
 */
export function harmlessEdit(file: string, text: string, nonce: string): HarmlessEdit | null {
  const extension = extensionOf(file);
  const style = COMMENTS[extension];
  const separator = text === '' || text.endsWith('\n') ? '' : '\n';
  if (extension === 'php' && text.trimEnd().endsWith('?>')) return null;
  if (style) {
    return {
      text: `${text}${separator}${style.open} dockerlint verify: cache probe ${nonce}${style.close}\n`,
      description: `appended the comment line \`${style.open} dockerlint verify: cache probe ${nonce}${style.close}\``,
    };
  }
  return { text: `${text}${separator}${blankLine(nonce)}\n`, description: 'appended a line of blanks (the file type has no known comment syntax)' };
}

/** Spaces and tabs that spell `nonce`, four blanks per hex digit (one bit each), so the line is as unique as the nonce. */
export function blankLine(nonce: string): string {
  return Array.from(nonce.matchAll(/[0-9a-f]/gi), (match) => match[0])
    .map((char) => (Number.parseInt(char, 16) || 0).toString(2).padStart(4, '0').replace(/0/g, ' ').replace(/1/g, '\t'))
    .join('');
}

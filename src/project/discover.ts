/**
 * Finds the files of a project: walks the root once, honouring `.gitignore` (inside a git work tree),
 * `ignorePatterns`, and never entering `node_modules` or `.git`. Symlinked directories are followed
 * once; loops and unreadable entries are reported, not fatal.
 */
import { existsSync, type Stats } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { DocumentKind } from './model.js';
import { errorCode, realPathInside, specialKind } from '../files.js';
import { diskFileSystem, type DirectoryEntry, type ProjectFileSystem } from './file-system.js';
import { globMatcher } from '../globs.js';
import { interpreterOf } from './shebang.js';
import { SHELLS } from './shell-wrappers.js';

export interface DiscoveredFile {
  /** Repo-relative, `/`-separated. */
  path: string;
  kind: DocumentKind;
}

export interface DiscoveryProblem {
  path: string;
  message: string;
}

export interface Discovery {
  files: DiscoveredFile[];
  /** Every path seen below the root (files and directories, ignored ones included; never the root itself). */
  seen: Set<string>;
  problems: DiscoveryProblem[];
  /**
   * The files reached through no symbolic link (neither the file nor a directory above it is one): their
   * path is their real path. Only the real path of the others tells whether they are inside the project.
   */
  linkFree: Set<string>;
}

const NEVER_ENTER = new Set(['node_modules', '.git']);
/**
 * At most this many files and directories are taken from one project (about 100 times a large real
 * setup): every rule's work over a build context is bounded by it. Past it, the walk stops with a finding.
 */
export const MAX_ENTRIES = 500_000;
/** `Dockerfile.md`, `Dockerfile.j2`: documentation and templates, not Dockerfiles. */
const NOT_A_DOCKERFILE = /^(?:Dockerfile|Containerfile)\.(?:md|txt|rst|adoc|html|json|ya?ml|toml|j2|jinja2?|tmpl|tpl|template|orig|bak|swp)$/;
/**
 * `.env` and `.env.<name>[.<name>…]` (`.env.local`, `.env.production.local`, `.env.example`) are env
 * files, as Compose's `--env-file` and the dotenv tools use them; a last part that names a patch, a
 * backup, an editor's swap file, an encrypted copy or another format (`.env.patch`, `.env.bak`,
 * `.env.gpg`, `.env.json`, `.env.sh`) is not.
 */
const ENV_FILE = /^\.env(?:\.[\w-]+)*$/;
const NOT_AN_ENV_FILE =
  /\.(?:patch|diff|rej|orig|bak|backup|old|save|swp|swo|tmp|gpg|asc|enc|age|vault|sops|json|ya?ml|toml|ini|xml|js|cjs|mjs|ts|py|rb|sh|bash|md)$/;

/** Classifies a file by name alone; `script?` means "a script if its shebang names a shell". */
export function kindByName(name: string): DocumentKind | 'script?' | null {
  if (name === '.dockerignore' || name.endsWith('.dockerignore')) return 'dockerignore';
  if (NOT_A_DOCKERFILE.test(name)) return null;
  if (/^(?:Dockerfile|Containerfile)(?:\..+)?$/.test(name) || /\.(?:Dockerfile|dockerfile)$/.test(name)) return 'dockerfile';
  if (/^(?:compose|docker-compose)(?:\.[^/]+)?\.ya?ml$/.test(name)) return 'compose';
  if (/\.(?:sh|bash)$/.test(name)) return 'script';
  if (ENV_FILE.test(name) && !NOT_AN_ENV_FILE.test(name)) return 'env';
  if (name === 'Makefile' || name === 'makefile' || name === 'GNUmakefile' || name.endsWith('.mk')) return 'makefile';
  if (!name.includes('.')) return 'script?';
  return null;
}

/**
 * A file given by content rather than read from disk (an editor's unsaved buffer on stdin): the walk sees
 * it, and the directories leading to it, whether or not they exist, and judges it as any other file.
 */
export interface UnsavedFile {
  /** Repo-relative, `/`-separated. */
  path: string;
  content: Buffer;
}

type Entry = DirectoryEntry;

/** The entry of `dir` on the way to the unsaved file (the file itself, or a directory above it), or `null`. */
function unsavedEntry(unsaved: UnsavedFile | null, dir: string): Entry | null {
  if (unsaved === null) return null;
  if (dir !== '' && !unsaved.path.startsWith(`${dir}/`)) return null;
  const rest = dir === '' ? unsaved.path : unsaved.path.slice(dir.length + 1);
  const slash = rest.indexOf('/');
  const isDirectory = slash !== -1;
  return { name: isDirectory ? rest.slice(0, slash) : rest, isDirectory: () => isDirectory, isFile: () => !isDirectory, isSymbolicLink: () => false };
}

interface IgnoreLayer {
  matcher: Ignore;
  /** A project-relative path as the `.gitignore`'s own directory sees it. */
  local(rel: string): string;
}

export function discover(
  root: string,
  gitRoot: string | null,
  ignorePatterns: readonly string[],
  maxEntries = MAX_ENTRIES,
  unsaved: UnsavedFile | null = null,
  fs: ProjectFileSystem = diskFileSystem,
): Discovery {
  const files: DiscoveredFile[] = [];
  const linkFree = new Set<string>();
  const seen = new Set<string>();
  const problems: DiscoveryProblem[] = [];
  const visitedDirs = new Set<string>();
  const realRoot = fs.realpath(root);
  let full = false;

  // `dir` and `dir/` in ignorePatterns mean the directory and everything below it.
  const configGlobs = ignorePatterns.flatMap((pattern) => {
    const clean = pattern.replace(/^\.\//, '').replace(/\/$/, '');
    return [clean, `${clean}/**`];
  });
  const matchesConfigGlob = globMatcher(configGlobs);
  const isIgnoredByConfig = (rel: string): boolean => configGlobs.length > 0 && matchesConfigGlob(rel);

  const isGitIgnored = (layers: readonly IgnoreLayer[], rel: string, isDir: boolean): boolean => {
    let ignored = false;
    for (const layer of layers) {
      const local = layer.local(rel);
      const result = layer.matcher.test(isDir ? `${local}/` : local);
      if (result.ignored) ignored = true;
      else if (result.unignored) ignored = false;
    }
    return ignored;
  };

  // Symlinked directories are walked after the real tree, so files are reported under their real
  // path, and a link to an already-walked directory is skipped (a loop when it points to an ancestor).
  const linkedDirs: { abs: string; rel: string; layers: readonly IgnoreLayer[] }[] = [];

  /** Walks a directory; `throughLink`: it was reached through a symbolic link. */
  const walk = (absDir: string, relDir: string, layers: readonly IgnoreLayer[], throughLink: boolean): void => {
    let entries: Entry[];
    const toUnsaved = unsavedEntry(unsaved, relDir);
    try {
      // Below the root and through no link, a directory's path is its real path: no system call needed.
      visitedDirs.add(throughLink ? fs.realpath(absDir) : path.join(realRoot, relDir));
      entries = fs.readdir(absDir);
    } catch (error) {
      if (toUnsaved === null || fs.exists(absDir)) {
        problems.push({ path: relDir || '.', message: `cannot read directory: ${errorCode(error)}` });
        return;
      }
      entries = [];
    }
    if (toUnsaved !== null && !entries.some((entry) => entry.name === toUnsaved.name)) entries.push(toUnsaved);
    const hasGitignore = gitRoot !== null && entries.some((entry) => entry.name === '.gitignore');
    const ownLayers = hasGitignore ? withGitignore(fs, layers, absDir, relDir, problems) : layers;
    const isIgnored = (rel: string, isDirectory: boolean): boolean => isIgnoredByConfig(rel) || isGitIgnored(ownLayers, rel, isDirectory);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const rel = relDir === '' ? entry.name : `${relDir}/${entry.name}`;
      if (seen.size >= maxEntries) {
        if (!full) {
          full = true;
          const count = maxEntries.toLocaleString('en-US');
          problems.push({ path: relDir || '.', message: `more than ${count} files and directories: the walk stopped here and what lies beyond is not linted. Add generated or vendored directories to ignorePatterns.` });
        }
        return;
      }
      const abs = path.join(absDir, entry.name);
      seen.add(rel);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      let stats: Stats | undefined;
      if (entry.isSymbolicLink()) {
        try {
          stats = fs.stat(abs);
        } catch (error) {
          const code = errorCode(error);
          if (code === 'ELOOP') problems.push({ path: rel, message: 'symbolic link loop' });
          else if (isProjectFileName(entry.name)) problems.push({ path: rel, message: `broken symbolic link (${code})` });
          continue;
        }
        isDir = stats.isDirectory();
        isFile = stats.isFile();
        if (realPathInside(realRoot, abs, fs.realpath) === null) {
          // Never read or walked; worth a finding only where dockerlint would have looked.
          const wouldRead = (isDir && !NEVER_ENTER.has(entry.name)) || isProjectFileName(entry.name);
          if (wouldRead && !isIgnored(rel, isDir)) problems.push({ path: rel, message: `symbolic link to a place outside the project: not ${isDir ? 'followed' : 'read'}` });
          continue;
        }
      }
      if (!isDir && !isFile) {
        if (isProjectFileName(entry.name) && !isIgnored(rel, false)) {
          problems.push({ path: rel, message: `${specialKind(stats ?? fs.lstat(abs))}, not a regular file: not read` });
        }
        continue;
      }
      if (isDir) {
        if (NEVER_ENTER.has(entry.name) || isIgnored(rel, true)) continue;
        if (entry.isSymbolicLink()) linkedDirs.push({ abs, rel, layers: ownLayers });
        else walk(abs, rel, ownLayers, throughLink);
      } else if (isFile) {
        const named = kindByName(entry.name);
        if (named === null || isIgnored(rel, false)) continue;
        const kind = named !== 'script?' ? named : isShellShebang(unsaved !== null && rel === unsaved.path ? unsaved.content : fs.head(abs, SHEBANG_BYTES)) ? 'script' : null;
        if (kind === null) continue;
        files.push({ path: rel, kind });
        if (!throughLink && !entry.isSymbolicLink()) linkFree.add(rel);
      }
    }
  };

  const walkLinked = (): void => {
    for (let next = linkedDirs.shift(); next !== undefined; next = linkedDirs.shift()) {
      let real: string;
      try {
        real = fs.realpath(next.abs);
      } catch (error) {
        problems.push({ path: next.rel, message: `cannot resolve symbolic link: ${errorCode(error)}` });
        continue;
      }
      const linkDir = fs.realpath(path.dirname(next.abs));
      if (linkDir === real || linkDir.startsWith(`${real}${path.sep}`)) {
        problems.push({ path: next.rel, message: `symbolic link loop: it points to its own ancestor directory` });
      } else if (!visitedDirs.has(real)) {
        walk(next.abs, next.rel, next.layers, true);
      }
    }
  };

  const initialLayers = gitRoot === null ? [] : gitignoresAbove(fs, gitRoot, root, problems);
  walk(root, '', initialLayers, false);
  walkLinked();
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, seen, problems, linkFree };
}

function withGitignore(fs: ProjectFileSystem, layers: readonly IgnoreLayer[], absDir: string, relDir: string, problems: DiscoveryProblem[]): readonly IgnoreLayer[] {
  const rel = relDir === '' ? '.gitignore' : `${relDir}/.gitignore`;
  const read = fs.read(path.join(absDir, '.gitignore'));
  if ('problem' in read) {
    problems.push({ path: rel, message: read.problem });
    return layers;
  }
  const local = relDir === '' ? (rel: string) => rel : (rel: string) => rel.slice(relDir.length + 1);
  return [...layers, { matcher: ignore().add(read.buffer.toString('utf8')), local }];
}

/**
 * `.git/info/exclude` and the `.gitignore` files between the git root and the project root, so a
 * project below the git root honours them too. One that cannot be read is reported (by its path from
 * the project root) and left out.
 */
function gitignoresAbove(fs: ProjectFileSystem, gitRoot: string, root: string, problems: DiscoveryProblem[]): IgnoreLayer[] {
  const relRoot = path.relative(gitRoot, root).split(path.sep).join('/');
  const sources: { dir: string; file: string }[] = [{ dir: '', file: path.join(gitRoot, '.git', 'info', 'exclude') }];
  const parts = relRoot === '' ? [] : relRoot.split('/');
  for (let depth = 0; depth < parts.length; depth++) {
    const dir = parts.slice(0, depth).join('/');
    sources.push({ dir, file: path.join(gitRoot, dir, '.gitignore') });
  }
  return sources.flatMap(({ dir, file }) => {
    if (!fs.exists(file)) return [];
    const read = fs.read(file);
    if ('problem' in read) {
      problems.push({ path: path.relative(root, file).split(path.sep).join('/'), message: read.problem });
      return [];
    }
    // The project root seen from the `.gitignore`'s directory.
    const prefix = dir === '' ? relRoot : relRoot.slice(dir.length + 1);
    return [{ matcher: ignore().add(read.buffer.toString('utf8')), local: (rel: string) => (prefix === '' ? rel : `${prefix}/${rel}`) }];
  });
}

/** A name dockerlint would read (a script only if its shebang says so): worth a finding when it cannot be read. */
function isProjectFileName(name: string): boolean {
  const kind = kindByName(name);
  return kind !== null && kind !== 'script?';
}

const SHEBANG_BYTES = 128;

function isShellShebang(content: Buffer): boolean {
  const interpreter = interpreterOf(content.subarray(0, SHEBANG_BYTES).toString('latin1'));
  return interpreter !== null && SHELLS.has(interpreter);
}

/** The git work tree containing `dir`, or `null`. */
export function findGitRoot(dir: string): string | null {
  let current = path.resolve(dir);
  for (;;) {
    if (existsSync(path.join(current, '.git'))) return current;
    const parent = path.dirname(current);
    if (parent === current) return null;
    current = parent;
  }
}

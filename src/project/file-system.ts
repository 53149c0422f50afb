/**
 * What discovery and the loader ask of a project's files: the disk, or files held in memory (rule tests
 * build projects from them without writing a directory per case). Both go through the same walk and the
 * same reads, limits included.
 */
import { closeSync, existsSync, lstatSync, openSync, readdirSync, readSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import path from 'node:path';
import { boundedContent, readBounded, type BoundedRead, type ReadOptions } from '../files.js';

export type DirectoryEntry = Pick<Dirent, 'name' | 'isDirectory' | 'isFile' | 'isSymbolicLink'>;

export interface ProjectFileSystem {
  /** The entries of a directory; throws as `readdirSync` does. */
  readdir: (dir: string) => DirectoryEntry[];
  /** The path with every symbolic link resolved; throws when it does not exist. */
  realpath: (file: string) => string;
  /** Of what a symbolic link points to, or of a special file: only the disk has them. */
  stat: (file: string) => Stats;
  lstat: (file: string) => Stats;
  exists: (file: string) => boolean;
  /** A regular file of at most `limit` bytes, or why it was not read (`readBounded`). */
  read: (file: string, limit?: number, options?: ReadOptions) => BoundedRead;
  /** Up to `bytes` bytes from the start of a file; empty when it cannot be read. */
  head: (file: string, bytes: number) => Buffer;
}

export const diskFileSystem: ProjectFileSystem = {
  readdir: (dir) => readdirSync(dir, { withFileTypes: true }),
  realpath: (file) => realpathSync.native(file),
  stat: (file) => statSync(file),
  lstat: (file) => lstatSync(file),
  exists: (file) => existsSync(file),
  read: (file, limit, options) => readBounded(file, limit, options),
  head(file, bytes) {
    let fd: number | undefined;
    try {
      fd = openSync(file, 'r');
      const buffer = Buffer.alloc(bytes);
      return buffer.subarray(0, readSync(fd, buffer, 0, bytes, 0));
    } catch {
      return Buffer.alloc(0);
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  },
};

/**
 * Files held in memory under the absolute directory `root`: `files` maps `/`-separated relative paths to
 * their content, and the directories leading to them exist. No symbolic links, special files or
 * permissions: a test about those writes a directory.
 */
export function memoryFileSystem(root: string, files: Readonly<Record<string, string | Buffer>>): ProjectFileSystem {
  const contents = new Map<string, Buffer>();
  const children = new Map<string, Map<string, boolean>>([[root, new Map()]]);
  for (const [rel, content] of Object.entries(files)) {
    let file = path.join(root, rel);
    contents.set(file, typeof content === 'string' ? Buffer.from(content) : content);
    for (let isDirectory = false; file !== root; isDirectory = true) {
      const dir = path.dirname(file);
      const entries = children.get(dir) ?? new Map<string, boolean>();
      children.set(dir, entries);
      entries.set(path.basename(file), isDirectory);
      file = dir;
    }
  }
  const missing = (file: string): Error => Object.assign(new Error(`ENOENT: no such file or directory, '${file}'`), { code: 'ENOENT' });
  const noLinks = (): never => {
    throw new Error('files in memory have no symbolic links or special files');
  };
  return {
    readdir(dir) {
      const entries = children.get(dir);
      if (entries === undefined) throw missing(dir);
      return [...entries].map(([name, isDirectory]) => ({ name, isDirectory: () => isDirectory, isFile: () => !isDirectory, isSymbolicLink: () => false }));
    },
    realpath(file) {
      if (!contents.has(file) && !children.has(file)) throw missing(file);
      return file;
    },
    stat: noLinks,
    lstat: noLinks,
    exists: (file) => contents.has(file) || children.has(file),
    read(file, limit) {
      const content = contents.get(file);
      if (content !== undefined) return boundedContent(content, limit);
      return { problem: children.has(file) ? 'a directory, not a regular file: not read' : 'cannot read file: ENOENT' };
    },
    head: (file, bytes) => contents.get(file)?.subarray(0, bytes) ?? Buffer.alloc(0),
  };
}

import { defineRule, type Report } from '../engine/rule.js';
import type { Comment, Location, SourceFile } from '../source.js';
import { append } from '../arrays.js';

/**
 * WSL mounts of Windows drives (`/mnt/c/…`) and Windows drive paths (`C:\…`, `C:/…`). The drive-letter
 * form asks for an upper-case letter before `/` so that `sed 's:/a:/b:'` and URLs are not taken for
 * paths. After a backslash any letter counts, but a name must follow (one more backslash allowed, as
 * escaped in a string), so that `sed "s:\\..*::"` is not a path either.
 */
const WINDOWS_PATH = /(?<![\w.~/])\/mnt\/[a-z](?=$|[/\s"'`:;,)\]}])[^\s"'`:;,)\]}]*|(?<![\w$])(?:[A-Z]:\/|[A-Za-z]:\\{1,2}(?=[\w$%~]))[^\s"'`;,)\]}]*/g;

export function findWindowsPaths(text: string): { start: number; end: number; path: string }[] {
  return [...text.matchAll(WINDOWS_PATH)].map((match) => ({ start: match.index, end: match.index + match[0].length, path: match[0] }));
}

interface Found {
  location: Location;
  path: string;
}

/** Matches in a whole file, skipping what follows a `#` comment's start on its line. */
function scanText(source: SourceFile, comments: readonly Comment[]): Found[] {
  const commentColumn = new Map(comments.map((comment) => [comment.line, comment.range.start.column]));
  return findWindowsPaths(source.text).flatMap((match) => {
    const location = source.location(match.start, match.end);
    const column = commentColumn.get(location.range.start.line);
    return column !== undefined && column <= location.range.start.column ? [] : [{ location, path: match.path }];
  });
}

/** Matches in a parsed value, located exactly where the raw text shows them (else at the value). */
function scanValue(source: SourceFile, location: Location, value: string): Found[] {
  const start = source.offsetAt(location.range.start);
  const raw = source.text.slice(start, source.offsetAt(location.range.end));
  return findWindowsPaths(value).map((match) => {
    const at = raw.indexOf(match.path);
    return { location: at < 0 ? location : source.location(start + at, start + at + match.path.length), path: match.path };
  });
}

export default defineRule({
  id: 'no-windows-paths',
  description: 'No Windows-drive paths (/mnt/c/…, C:\\…) in Dockerfiles, compose files, env files, .dockerignore files or scripts',
  kind: 'policy',
  documents: ['dockerfile', 'compose', 'dockerignore', 'script', 'env'],
  defaultSeverity: 'error',
  messages: {
    windowsPath: {
      message: 'A Windows-drive path is slow through WSL\'s file bridge, and file watching breaks. Path: \'{{path}}\'.',
      help: 'Keep the project and its data in the Linux file system (under your WSL home, or in a named volume).',
    },
  },
  check(project) {
    const found: Found[] = [];
    for (const doc of [...project.dockerfiles, ...project.scripts]) append(found, scanText(doc.source, doc.comments));
    for (const doc of project.composeFiles) {
      for (const value of doc.strings) append(found, scanValue(doc.source, value.location, value.value));
    }
    for (const doc of project.envFiles) {
      for (const entry of doc.entries) {
        if (entry.value !== null) append(found, scanValue(doc.source, entry.valueLocation, entry.value));
      }
    }
    for (const doc of project.dockerignores) {
      for (const pattern of doc.patterns) append(found, scanValue(doc.source, pattern.location, pattern.text));
    }
    return found.map(({ location, path }): Report => ({ messageId: 'windowsPath', data: { path }, location }));
  },
});

/** Positions are 1-based lines and columns; columns count UTF-16 code units, as editors do. */
export interface Position {
  line: number;
  column: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Where a finding about a whole file goes: its first line and column. */
export const START_OF_FILE: Range = { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };

/** A place in the project: `file` is repo-relative and `/`-separated. */
export interface Location {
  file: string;
  range: Range;
}

/** Another place a finding points to, and what it says there (`↳ Dockerfile:4:5 the install it invalidates`). */
export interface RelatedLocation {
  location: Location;
  message: string;
}

/** The text of one file with offset ↔ position conversion. Offsets are JS string indices. */
export class SourceFile {
  readonly #lineStarts: number[];

  constructor(
    /** Repo-relative, `/`-separated. */
    readonly path: string,
    readonly text: string,
  ) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) starts.push(i + 1);
    }
    this.#lineStarts = starts;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.#lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.#lineStarts[mid] ?? 0) <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: clamped - (this.#lineStarts[low] ?? 0) + 1 };
  }

  offsetAt(position: Position): number {
    const lineStart = this.#lineStarts[position.line - 1];
    if (lineStart === undefined) return this.text.length;
    return Math.min(lineStart + position.column - 1, this.text.length);
  }

  range(startOffset: number, endOffset: number): Range {
    return { start: this.positionAt(startOffset), end: this.positionAt(endOffset) };
  }

  location(startOffset: number, endOffset: number): Location {
    return { file: this.path, range: this.range(startOffset, endOffset) };
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const start = this.#lineStarts[line - 1];
    if (start === undefined) return '';
    const next = this.#lineStarts[line];
    return this.text.slice(start, next === undefined ? undefined : next - 1).replace(/\r$/, '');
  }
}

/** A `#` comment: `text` is what follows the `#`, `line` its 1-based line. */
export interface Comment {
  line: number;
  text: string;
  range: Range;
}

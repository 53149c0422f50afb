import { describe, expect, it } from 'vitest';
import { SourceFile } from '../src/source.js';

describe('SourceFile', () => {
  const file = new SourceFile('a/Dockerfile', 'FROM x\r\nRUN é\n\nCMD y');

  it('maps offsets to 1-based positions across LF and CRLF lines', () => {
    expect(file.positionAt(0)).toEqual({ line: 1, column: 1 });
    expect(file.positionAt(8)).toEqual({ line: 2, column: 1 });
    expect(file.positionAt(12)).toEqual({ line: 2, column: 5 });
    expect(file.positionAt(14)).toEqual({ line: 3, column: 1 });
    expect(file.positionAt(file.text.length)).toEqual({ line: 4, column: 6 });
  });

  it('round-trips positions to offsets', () => {
    for (let offset = 0; offset <= file.text.length; offset++) {
      expect(file.offsetAt(file.positionAt(offset))).toBe(offset);
    }
  });

  it('clamps out-of-range offsets and returns line text without breaks', () => {
    expect(file.positionAt(-3)).toEqual({ line: 1, column: 1 });
    expect(file.positionAt(999)).toEqual(file.positionAt(file.text.length));
    expect(file.lineText(1)).toBe('FROM x');
    expect(file.lineText(4)).toBe('CMD y');
    expect(file.lineText(9)).toBe('');
  });
});

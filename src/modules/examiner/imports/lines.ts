// Splits a stream of text chunks into lines with their numbers, holding only the unfinished line.
import { importLimits } from './limits.js';
import { type ImportSource, textChunks } from './types.js';

/** One line of text without its terminator, with its 1-based number; `tooLong` when it was cut. */
export interface NumberedLine {
  line: number;
  text: string;
  tooLong: boolean;
}

/** Yields lines one by one; a line over `lineCharsMax` is cut and flagged rather than buffered. */
export async function* numberedLines(source: ImportSource): AsyncGenerator<NumberedLine> {
  let pending = '';
  let line = 0;
  let tooLong = false;
  for await (const chunk of textChunks(source)) {
    pending += chunk;
    let start = 0;
    for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n', start)) {
      const text = pending.slice(start, nl).replace(/\r$/, '');
      line++;
      yield { line, text, tooLong };
      tooLong = false;
      start = nl + 1;
    }
    pending = pending.slice(start);
    if (pending.length > importLimits.lineCharsMax) {
      pending = pending.slice(0, importLimits.lineCharsMax);
      tooLong = true;
    }
  }
  if (pending !== '') yield { line: line + 1, text: pending.replace(/\r$/, ''), tooLong };
}

// Parses an uploaded `time,value` CSV into points, reporting every rejected row with its line and reason.
import { parse } from 'csv-parse/sync';
import { err, ok, type Result } from '../../kernel/index.js';
import { forecastingServiceLimits } from './limits.js';

/** One accepted row. */
export interface CsvPoint {
  readonly timeMs: number;
  readonly value: number;
  /** 1-based line of the file the row came from. */
  readonly line: number;
}

/** One rejected row: where, which column, a stable code and a sentence. */
export interface CsvRejection {
  readonly line: number;
  readonly field: 'time' | 'value' | 'row';
  readonly code: string;
  readonly reason: string;
}

/** The outcome of parsing: valid rows to store and the rows refused. */
export interface CsvParseResult {
  readonly points: CsvPoint[];
  /** At most `csvRejectedReportedMax` entries; `rejectedCount` counts them all. */
  readonly rejected: CsvRejection[];
  readonly rejectedCount: number;
  readonly dataRows: number;
}

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;
const isoDateTime = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const epochMs = /^-?\d{1,16}$/;
const decimal = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Reads a time cell: an ISO 8601 date (UTC midnight), an ISO 8601 date-time with an explicit zone (a time
 * without a zone would silently depend on the server's zone, so it is refused), or integer epoch milliseconds.
 */
export function parseTimeCell(text: string): Result<number> {
  if (epochMs.test(text)) return inRange(Number(text), text);
  const parts = isoDate.exec(text) ?? isoDateTime.exec(text);
  if (!parts) {
    return err('time_unparseable', `"${text.slice(0, 40)}" is not ISO 8601 (with a zone) or epoch milliseconds`);
  }
  const timeMs = Date.parse(text);
  // Date.parse rolls 2024-02-30 over to March; refuse dates that do not exist instead.
  const day = new Date(Date.UTC(Number(parts[1]), Number(parts[2]) - 1, Number(parts[3])));
  const exists =
    day.getUTCFullYear() === Number(parts[1]) &&
    day.getUTCMonth() === Number(parts[2]) - 1 &&
    day.getUTCDate() === Number(parts[3]);
  if (!Number.isFinite(timeMs) || !exists) return err('time_invalid', `"${text}" is not a real calendar time`);
  return inRange(timeMs, text);
}

function inRange(timeMs: number, text: string): Result<number> {
  const { timeMsMin, timeMsMax } = forecastingServiceLimits;
  if (timeMs < timeMsMin || timeMs > timeMsMax)
    return err('time_out_of_range', `"${text}" is outside years 1000..9999`);
  return ok(timeMs);
}

/** Reads a value cell: a finite decimal number. NaN, Infinity and overflowing literals are refused by name. */
export function parseValueCell(text: string): Result<number> {
  if (/^[+-]?(nan|inf(inity)?)$/i.test(text)) return err('value_not_finite', `"${text}" is not a finite number`);
  if (!decimal.test(text)) return err('value_not_a_number', `"${text.slice(0, 40)}" is not a decimal number`);
  const value = Number(text);
  if (!Number.isFinite(value)) return err('value_not_finite', `"${text.slice(0, 40)}" overflows a double`);
  return ok(value);
}

type Row = { record: string[]; info: { lines: number } };

/**
 * Parses CSV text whose first line is the header `time,value`. Rows that fail are collected with their line;
 * a later row repeating an earlier row's time is refused so one upload never says two things about one time.
 * Whole-file problems (unbalanced quotes, wrong header, too many rows) return an error naming the line.
 */
export function parseMetricCsv(text: string): Result<CsvParseResult> {
  let rows: Row[];
  try {
    rows = parse(text, {
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
      bom: true,
    }) as unknown as Row[];
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return err('csv_malformed', `line ${line}: ${(error as Error).message}`, `line ${line}`);
  }
  const header = rows[0];
  if (!header) return err('csv_empty', 'the file holds no header and no rows', 'line 1');
  const names = header.record.map((cell) => cell.toLowerCase());
  if (names.length !== 2 || names[0] !== 'time' || names[1] !== 'value') {
    return err('csv_header_invalid', `the first line must be "time,value", got "${header.record.join(',')}"`, 'line 1');
  }
  const dataRows = rows.length - 1;
  if (dataRows > forecastingServiceLimits.csvRowsMax) {
    return err('csv_rows_above_max', `at most ${forecastingServiceLimits.csvRowsMax} rows, got ${dataRows}`, 'body');
  }
  return ok(readRows(rows.slice(1), dataRows));
}

function readRows(rows: Row[], dataRows: number): CsvParseResult {
  const points: CsvPoint[] = [];
  const rejected: CsvRejection[] = [];
  let rejectedCount = 0;
  const seen = new Map<number, number>();
  const reject = (line: number, field: CsvRejection['field'], code: string, reason: string) => {
    rejectedCount++;
    if (rejected.length < forecastingServiceLimits.csvRejectedReportedMax) rejected.push({ line, field, code, reason });
  };
  for (const { record, info } of rows) {
    const line = info.lines;
    if (record.length !== 2) {
      reject(line, 'row', 'row_column_count', `expected 2 columns (time,value), got ${record.length}`);
      continue;
    }
    const time = parseTimeCell(record[0] as string);
    if (!time.ok) {
      reject(line, 'time', time.code, time.detail ?? time.code);
      continue;
    }
    const value = parseValueCell(record[1] as string);
    if (!value.ok) {
      reject(line, 'value', value.code, value.detail ?? value.code);
      continue;
    }
    const earlier = seen.get(time.value);
    if (earlier !== undefined) {
      reject(line, 'time', 'time_duplicate_in_file', `line ${earlier} already gives a value for this time`);
      continue;
    }
    seen.set(time.value, line);
    points.push({ timeMs: time.value, value: value.value, line });
  }
  return { points, rejected, rejectedCount, dataRows };
}

// Tests for the reports page's helpers: kind labels and download file names.
import { describe, expect, it } from 'vitest';
import { fileNameOf } from '../cases/save-blob.js';
import { inputRowHelp, inputSkeletons, kindLabel, reportKinds } from './types.js';

describe('reports UI helpers', () => {
  it('labels kinds readably and has a skeleton and row help for every kind but case reports', () => {
    expect(kindLabel('case_report')).toBe('Case report');
    for (const kind of reportKinds.filter((k) => k !== 'case_report')) {
      expect(Object.keys(inputSkeletons)).toContain(kind);
      expect(Object.keys(inputRowHelp)).toContain(kind);
    }
  });

  it('reads the file name from Content-Disposition, else falls back', () => {
    const named = new Response('', { headers: { 'content-disposition': 'attachment; filename="case-1.pdf"' } });
    expect(fileNameOf(named, 'x')).toBe('case-1.pdf');
    expect(fileNameOf(new Response(''), 'fallback.bin')).toBe('fallback.bin');
  });
});

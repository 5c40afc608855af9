// HTML renderer: a standalone, escaped document from a resolved (already masked) report.

import type { ResolvedReport, ResolvedSection } from './core/model.js';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

function section(s: ResolvedSection): string {
  const title = s.title === undefined ? '' : `<h2>${escapeHtml(s.title)}</h2>`;
  switch (s.kind) {
    case 'paragraphs':
      return `<section>${title}${s.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}</section>`;
    case 'key_figures':
      return `<section>${title}<dl>${s.figures.map((f) => `<dt>${escapeHtml(f.label)}</dt><dd>${escapeHtml(String(f.value))}</dd>`).join('')}</dl></section>`;
    case 'table': {
      const head = s.columns.map((c) => `<th class="${c.align ?? 'left'}">${escapeHtml(c.label)}</th>`).join('');
      const rows = s.rows
        .map(
          (r) =>
            `<tr>${r.map((v, i) => `<td class="${s.columns[i]?.align ?? 'left'}">${escapeHtml(String(v))}</td>`).join('')}</tr>`,
        )
        .join('');
      return `<section>${title}<table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></section>`;
    }
  }
}

const style =
  'body{font-family:system-ui,sans-serif;margin:2rem;color:#1a1a1a}table{border-collapse:collapse;width:100%}' +
  'th,td{border:1px solid #ccc;padding:4px 8px}th{background:#f2f2f2}.right{text-align:right}dl{display:grid;grid-template-columns:max-content auto;gap:4px 16px}';

/** Renders the report as a UTF-8 HTML document. */
export function renderHtml(report: ResolvedReport): string {
  const subtitle = report.subtitle === undefined ? '' : `<p class="subtitle">${escapeHtml(report.subtitle)}</p>`;
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(report.title)}</title><style>${style}</style></head>` +
    `<body><h1>${escapeHtml(report.title)}</h1>${subtitle}` +
    `<p class="meta">Prepared for ${escapeHtml(report.audience)}; read as ${escapeHtml(report.readerRole)}; generated ${escapeHtml(report.generatedAt)}</p>` +
    `${report.sections.map(section).join('')}</body></html>`
  );
}

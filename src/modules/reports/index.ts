// Public surface of the reports module.

export { reportLimits } from './core/limits.js';
export * from './core/masking.js';
export * from './core/model.js';
export * from './core/templates/case-report.js';
export * from './core/templates/compliance-report.js';
export * from './core/templates/executive-summary.js';
export * from './core/templates/fraud-findings.js';
export * from './core/templates/reconciliation-summary.js';
export { parseReportInput, type ReportKind, reportKinds } from './inputs.js';
export { reportServiceLimits } from './limits.js';
export { type RenderedReport, renderReport } from './render.js';
export { renderCsv } from './render-csv.js';
export { escapeHtml, renderHtml } from './render-html.js';
export { renderPdf } from './render-pdf.js';
export { renderXlsx } from './render-xlsx.js';
export { reportsRoutes } from './routes.js';
export { ReportScheduler } from './scheduler.js';
export {
  mayDownload,
  nextRunAfter,
  type ReportReader,
  type ReportRequest,
  type ReportsDeps,
  ReportsService,
  type ReportView,
  type ScheduleView,
  validateCron,
} from './service.js';

// Which component renders each page; modules replace their "not built" placeholder here as they land.
import type { ComponentType } from 'react';
import { AdminPage } from './pages/admin-page.js';
import { AlertsPage } from './pages/alerts-page.js';
import { AuditPage } from './pages/audit-page.js';
import { CasesPage } from './pages/cases-page.js';
import { EconomyPage } from './pages/economy-page.js';
import { ExaminerPage } from './pages/examiner-page.js';
import { ExchangePage } from './pages/exchange-page.js';
import { ForecastingPage } from './pages/forecasting-page.js';
import { OverviewPage } from './pages/overview-page.js';
import { ReportsPage } from './pages/reports-page.js';
import { SettingsPage } from './pages/settings-page.js';
import type { PageId, PageInfo } from './pages.js';

/** Props every page component receives. */
export interface PageProps {
  page: PageInfo;
}

/** The component for each page id. */
export const pageComponents: Record<PageId, ComponentType<PageProps>> = {
  overview: OverviewPage,
  exchange: ExchangePage,
  economy: EconomyPage,
  forecasting: ForecastingPage,
  alerts: AlertsPage,
  examiner: ExaminerPage,
  cases: CasesPage,
  reports: ReportsPage,
  audit: AuditPage,
  admin: AdminPage,
  settings: SettingsPage,
};

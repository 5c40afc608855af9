// The app's pages, one per platform module, in their default navigation order.

/** Identifier of a page; also its URL segment and the suffix of its `nav-<id>` test id. */
export type PageId =
  | 'overview'
  | 'exchange'
  | 'economy'
  | 'forecasting'
  | 'alerts'
  | 'examiner'
  | 'cases'
  | 'reports'
  | 'audit'
  | 'admin'
  | 'settings';

/** What the navigation needs to know about a page. */
export interface PageInfo {
  id: PageId;
  path: string;
  label: string;
  summary: string;
  /** Only users with the admin role see the page. */
  adminOnly?: boolean;
}

/** Every page, in the order a user without a POV focus sees them. */
export const pages: readonly PageInfo[] = [
  { id: 'overview', path: '/overview', label: 'Overview', summary: 'Platform-wide status and key figures.' },
  {
    id: 'exchange',
    path: '/exchange',
    label: 'Exchange',
    summary: 'Trading: order books, orders, fills, positions, risk controls and settlement.',
  },
  {
    id: 'economy',
    path: '/economy',
    label: 'Economy',
    summary: 'Economic simulation: ODE models under PID control, scenarios and runs.',
  },
  {
    id: 'forecasting',
    path: '/forecasting',
    label: 'Forecasting',
    summary: 'Forecasts with intervals that widen with the horizon, and their backtest error.',
  },
  { id: 'alerts', path: '/alerts', label: 'Alerts', summary: 'Alert rules, triggered alerts and acknowledgements.' },
  {
    id: 'examiner',
    path: '/examiner',
    label: 'Examiner',
    summary: 'Financial Examiner: reconciliation and fraud detection.',
  },
  {
    id: 'cases',
    path: '/cases',
    label: 'Cases',
    summary: 'Litigation cases: lifecycle, parties, milestones, documents, evidence and its chain of custody.',
  },
  {
    id: 'reports',
    path: '/reports',
    label: 'Reports',
    summary: 'Reports in PDF, Excel, CSV and HTML, masked for your role, generated now or on a schedule.',
  },
  { id: 'audit', path: '/audit', label: 'Audit', summary: 'The hash-chained audit log and its verification.' },
  {
    id: 'admin',
    path: '/admin',
    label: 'Admin',
    summary: 'Users, roles, account status, password resets and ledger funding.',
    adminOnly: true,
  },
  {
    id: 'settings',
    path: '/settings',
    label: 'Settings',
    summary: 'Password, multi-factor authentication and API keys.',
  },
];

/** The page with this id. */
export function pageById(id: PageId): PageInfo {
  const page = pages.find((candidate) => candidate.id === id);
  if (page === undefined) throw new Error(`unknown page ${id}`);
  return page;
}

// Point-of-view emphasis (seed 003, "POV-Specific UI Adaptations"): per role, which pages come first and why.
import { isRole, type Role } from './api-types.js';
import { type PageId, type PageInfo, pages } from './pages.js';

/** One page a role focuses on, with the parts of it that matter most to that role. */
export interface PovFocus {
  page: PageId;
  aspects: string[];
}

/** How the UI adapts to one role. */
export interface PovRule {
  title: string;
  summary: string;
  /** Pages listed first in the navigation and highlighted, most important first. */
  focus: PovFocus[];
  /** Pages the role may only review, never change. */
  readOnly: PageId[];
}

/** The emphasis rules, one per role: the only place they live. */
export const povRules: Record<Role, PovRule> = {
  admin: {
    title: 'Administrator',
    summary: 'Runs the platform: accounts, roles and the integrity of the audit trail.',
    focus: [
      { page: 'admin', aspects: ['users', 'roles'] },
      { page: 'audit', aspects: ['chain verification'] },
      { page: 'settings', aspects: ['MFA', 'API keys'] },
    ],
    readOnly: [],
  },
  researcher: {
    title: 'Researcher',
    summary: 'Builds and tests models: simulations, forecasts and market behaviour.',
    focus: [
      { page: 'economy', aspects: ['simulations'] },
      { page: 'forecasting', aspects: ['forecasts', 'backtests'] },
      { page: 'exchange', aspects: ['market data'] },
    ],
    readOnly: [],
  },
  viewer: {
    title: 'Viewer',
    summary: 'Follows the platform without changing it.',
    focus: [
      { page: 'overview', aspects: ['status'] },
      { page: 'reports', aspects: ['published reports'] },
    ],
    readOnly: ['exchange', 'economy', 'forecasting', 'alerts', 'examiner', 'cases', 'reports'],
  },
  financial_examiner: {
    title: 'Financial examiner',
    summary: 'Core financial analysis: reconciles accounts and investigates suspected fraud.',
    focus: [
      { page: 'examiner', aspects: ['reconciliation', 'fraud detection'] },
      { page: 'reports', aspects: ['examination reports'] },
      { page: 'alerts', aspects: ['fraud alerts'] },
    ],
    readOnly: ['cases'],
  },
  prosecutor: {
    title: 'Prosecutor',
    summary: 'Legal evidence collection: builds cases and keeps evidence custody intact.',
    focus: [
      { page: 'cases', aspects: ['cases', 'evidence'] },
      { page: 'reports', aspects: ['case reports'] },
    ],
    readOnly: [],
  },
  judge: {
    title: 'Judge',
    summary: 'Judicial review: reads cases and their evidence without altering them.',
    focus: [
      { page: 'cases', aspects: ['cases (read-only)', 'evidence custody'] },
      { page: 'reports', aspects: ['case reports'] },
    ],
    readOnly: ['cases', 'examiner', 'reports'],
  },
  executive: {
    title: 'Executive',
    summary: 'Strategic oversight: key figures, trends and summary reports.',
    focus: [
      { page: 'overview', aspects: ['KPIs', 'trends'] },
      { page: 'reports', aspects: ['executive summaries'] },
      { page: 'forecasting', aspects: ['outlook'] },
    ],
    readOnly: [],
  },
  compliance_officer: {
    title: 'Compliance officer',
    summary: 'Regulatory compliance: audit trails, compliance reports and rule breaches.',
    focus: [
      { page: 'audit', aspects: ['audit trail'] },
      { page: 'reports', aspects: ['compliance reports'] },
      { page: 'alerts', aspects: ['rule breaches'] },
    ],
    readOnly: ['cases'],
  },
  auditor: {
    title: 'Auditor',
    summary: 'Audit verification: checks that the record is complete and untampered.',
    focus: [
      { page: 'audit', aspects: ['chain verification', 'audit trail'] },
      { page: 'reports', aspects: ['audit reports'] },
      { page: 'examiner', aspects: ['reconciliation results'] },
    ],
    readOnly: ['examiner', 'cases', 'reports'],
  },
};

// A role this build does not know gets no emphasis rather than someone else's.
const neutralRule: PovRule = { title: 'User', summary: '', focus: [], readOnly: [] };

/** The rule for a role, or a neutral rule for a role this build does not know. */
export function povRuleFor(role: string): PovRule {
  return isRole(role) ? povRules[role] : { ...neutralRule, title: role };
}

/** A page as the navigation shows it to one role. */
export interface NavigationItem extends PageInfo {
  focus: boolean;
  aspects: string[];
  readOnly: boolean;
}

/** The pages a role sees, its focus pages first (in rule order), then the rest in default order. */
export function navigationFor(role: string): NavigationItem[] {
  const rule = povRuleFor(role);
  const visible = pages.filter((page) => !page.adminOnly || role === 'admin');
  const focused = rule.focus.flatMap((focus) => visible.filter((page) => page.id === focus.page));
  const rest = visible.filter((page) => !focused.includes(page));
  return [...focused, ...rest].map((page) => ({
    ...page,
    focus: focused.includes(page),
    aspects: rule.focus.find((focus) => focus.page === page.id)?.aspects ?? [],
    readOnly: rule.readOnly.includes(page.id),
  }));
}

/** Where a role lands after signing in: its first focus page, else the overview. */
export function landingPathFor(role: string): string {
  return navigationFor(role)[0]?.path ?? '/overview';
}

/** A readable name for a role, e.g. `compliance_officer` -> "Compliance officer". */
export function roleLabel(role: string): string {
  return povRuleFor(role).title;
}

// Tests for the POV rules: every role sees every page it may once, focus pages first, emphasis as specified.
import { describe, expect, it } from 'vitest';
import { roles } from './api-types.js';
import { pages } from './pages.js';
import { landingPathFor, navigationFor, povRules } from './pov.js';

const pageIds = pages.map((page) => page.id);

describe('povRules data', () => {
  it.each(roles)('%s names only existing pages, each focus page once', (role) => {
    const rule = povRules[role];
    const focusIds = rule.focus.map((focus) => focus.page);
    expect(new Set(focusIds).size).toBe(focusIds.length);
    for (const id of [...focusIds, ...rule.readOnly]) expect(pageIds).toContain(id);
    for (const focus of rule.focus) expect(focus.aspects.length).toBeGreaterThan(0);
  });
});

describe('navigationFor', () => {
  it.each(roles)('%s sees each visible page exactly once, Admin only for admin', (role) => {
    const ids = navigationFor(role).map((item) => item.id);
    const expected = pageIds.filter((id) => id !== 'admin' || role === 'admin');
    expect([...ids].sort()).toEqual([...expected].sort());
  });

  it.each(roles)('%s gets its focus pages first, in rule order, and only those flagged', (role) => {
    const items = navigationFor(role);
    const focusIds = povRules[role].focus.map((focus) => focus.page);
    expect(items.slice(0, focusIds.length).map((item) => item.id)).toEqual(focusIds);
    expect(items.filter((item) => item.focus).map((item) => item.id)).toEqual(focusIds);
    const rest = items.slice(focusIds.length).map((item) => item.id);
    expect(rest).toEqual(pageIds.filter((id) => rest.includes(id)));
  });

  it('puts the emphasis of seed 003 on the right pages', () => {
    const first = (role: string) => navigationFor(role)[0];
    expect(first('prosecutor')).toMatchObject({ id: 'cases', aspects: ['cases', 'evidence'] });
    expect(first('financial_examiner')?.aspects).toEqual(['reconciliation', 'fraud detection']);
    expect(first('auditor')?.id).toBe('audit');
    expect(
      navigationFor('executive')
        .slice(0, 2)
        .map((item) => item.id),
    ).toEqual(['overview', 'reports']);
    expect(
      navigationFor('compliance_officer')
        .slice(0, 2)
        .map((item) => item.id),
    ).toEqual(['audit', 'reports']);
    expect(first('judge')).toMatchObject({ id: 'cases', readOnly: true });
  });

  it('gives an unknown role the default order, no focus and no Admin page', () => {
    const items = navigationFor('astronaut');
    expect(items.map((item) => item.id)).toEqual(pageIds.filter((id) => id !== 'admin'));
    expect(items.some((item) => item.focus || item.readOnly)).toBe(false);
    expect(landingPathFor('astronaut')).toBe('/overview');
  });

  it.each(roles)('%s lands on its first navigation entry', (role) => {
    expect(landingPathFor(role)).toBe(navigationFor(role)[0]?.path);
  });
});

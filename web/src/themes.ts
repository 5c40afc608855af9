// The four UI themes of seed 003 ("Theme System") as Mantine themes: colour, type, radius, density, light/dark.
import {
  Button,
  createTheme,
  type MantineColorsTuple,
  type MantineThemeOverride,
  NativeSelect,
  NumberInput,
  PasswordInput,
  Select,
  Table,
  TextInput,
} from '@mantine/core';
import type { ThemeId } from './api-types.js';

/** How tightly a theme packs tables, inputs and gaps. */
export type Density = 'compact' | 'comfortable';

/** One selectable theme: what the user sees in the picker and the Mantine theme behind it. */
export interface ThemeDefinition {
  id: ThemeId;
  label: string;
  description: string;
  colorScheme: 'light' | 'dark';
  density: Density;
  mantine: MantineThemeOverride;
}

// A deep banking navy, light to dark, for the traditional reporting look.
const navy: MantineColorsTuple = [
  '#edf2fa',
  '#d9e1f0',
  '#b0c0e0',
  '#849dd0',
  '#5f80c3',
  '#486dbb',
  '#3b63b8',
  '#2d53a2',
  '#244991',
  '#183d80',
];

// A muted gold accent for the executive theme's dark canvas.
const gold: MantineColorsTuple = [
  '#fff8e2',
  '#fdefcd',
  '#f9dd9d',
  '#f5ca68',
  '#f2ba3d',
  '#f0b022',
  '#efaa0f',
  '#d59400',
  '#be8300',
  '#a47000',
];

const systemSans = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

const compactSpacing = { xs: '0.375rem', sm: '0.5rem', md: '0.75rem', lg: '1rem', xl: '1.5rem' };
const comfortableSpacing = { xs: '0.75rem', sm: '1rem', md: '1.25rem', lg: '1.75rem', xl: '2.5rem' };

// Density is applied twice: through the spacing scale and through the default size of dense components.
function densityComponents(density: Density, tableBorders: boolean): MantineThemeOverride['components'] {
  const compact = density === 'compact';
  const inputSize = compact ? 'xs' : 'sm';
  return {
    Table: Table.extend({
      defaultProps: {
        verticalSpacing: compact ? 4 : 'sm',
        horizontalSpacing: compact ? 'xs' : 'md',
        striped: compact,
        highlightOnHover: true,
        withTableBorder: tableBorders,
        withColumnBorders: tableBorders,
      },
    }),
    Button: Button.extend({ defaultProps: { size: compact ? 'xs' : 'sm' } }),
    TextInput: TextInput.extend({ defaultProps: { size: inputSize } }),
    PasswordInput: PasswordInput.extend({ defaultProps: { size: inputSize } }),
    NumberInput: NumberInput.extend({ defaultProps: { size: inputSize } }),
    Select: Select.extend({ defaultProps: { size: inputSize } }),
    NativeSelect: NativeSelect.extend({ defaultProps: { size: inputSize } }),
  };
}

/** Every theme, in the order the picker lists them. */
export const themes: readonly ThemeDefinition[] = [
  {
    id: 'financial-professional',
    label: 'Financial Professional',
    description: 'Clean, dense and traditional: detailed analysis and classic reporting layouts.',
    colorScheme: 'light',
    density: 'compact',
    mantine: createTheme({
      colors: { navy },
      primaryColor: 'navy',
      fontFamily: "'IBM Plex Sans', 'Segoe UI', Roboto, Helvetica, Arial, sans-serif",
      headings: { fontFamily: "Georgia, 'Times New Roman', serif", fontWeight: '600' },
      defaultRadius: 'xs',
      spacing: compactSpacing,
      components: densityComponents('compact', false),
    }),
  },
  {
    id: 'modern-financial',
    label: 'Modern Financial',
    description: 'Friendly and roomy: rounded controls, generous spacing, touch-friendly.',
    colorScheme: 'light',
    density: 'comfortable',
    mantine: createTheme({
      primaryColor: 'violet',
      fontFamily: `Inter, ${systemSans}`,
      headings: { fontFamily: `Inter, ${systemSans}`, fontWeight: '700' },
      defaultRadius: 'lg',
      spacing: comfortableSpacing,
      components: densityComponents('comfortable', false),
    }),
  },
  {
    id: 'executive-dashboard',
    label: 'Executive Dashboard',
    description: 'Dark, high-contrast overview: large type for KPIs and trends.',
    colorScheme: 'dark',
    density: 'comfortable',
    mantine: createTheme({
      colors: { gold },
      primaryColor: 'gold',
      primaryShade: { light: 6, dark: 5 },
      autoContrast: true,
      fontFamily: `'Helvetica Neue', ${systemSans}`,
      headings: { fontFamily: `'Helvetica Neue', ${systemSans}`, fontWeight: '800' },
      fontSizes: { xs: '0.8125rem', sm: '0.9375rem', md: '1.0625rem', lg: '1.25rem', xl: '1.5rem' },
      defaultRadius: 'md',
      spacing: comfortableSpacing,
      components: densityComponents('comfortable', false),
    }),
  },
  {
    id: 'compliance-audit',
    label: 'Compliance & Audit',
    description: 'Square, bordered and dense: every row and field visible for audit trails.',
    colorScheme: 'light',
    density: 'compact',
    mantine: createTheme({
      primaryColor: 'green',
      primaryShade: 8,
      fontFamily: `'Source Sans 3', ${systemSans}`,
      headings: { fontFamily: `'Source Sans 3', ${systemSans}`, fontWeight: '700' },
      defaultRadius: 0,
      spacing: compactSpacing,
      components: densityComponents('compact', true),
    }),
  },
];

/** The theme used before any preference is known. */
export const defaultThemeId: ThemeId = 'financial-professional';

/** True when `value` names one of the four themes. */
export function isThemeId(value: unknown): value is ThemeId {
  return themes.some((theme) => theme.id === value);
}

/** The theme with this id, or the default theme when the id is unknown. */
export function themeById(id: string | null | undefined): ThemeDefinition {
  return themes.find((theme) => theme.id === id) ?? themes[0]!;
}

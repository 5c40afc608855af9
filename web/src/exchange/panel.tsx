// Shared building blocks of the trading page: a titled panel, its table, an empty state and decimal display helpers.
import { Group, Paper, ScrollArea, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { decimalPlaces, isDecimal, padDecimal, signOfDecimal } from './decimal.js';
import type { ExchangeSymbol } from './types.js';

/** A bordered panel with a small title and optional controls on the right. */
export function Panel({
  title,
  testId,
  actions,
  children,
}: {
  title: string;
  testId?: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Paper withBorder p="sm" h="100%" data-testid={testId}>
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Title order={5}>{title}</Title>
        {actions}
      </Group>
      {children}
    </Paper>
  );
}

/** A panel's table: scrolls down beyond 300 px and sideways when narrower than `minWidth`. */
export function PanelTable({ minWidth, children }: { minWidth: number; children: ReactNode }) {
  return (
    <ScrollArea.Autosize mah={300}>
      <Table.ScrollContainer minWidth={minWidth} type="native">
        <Table fz="sm" verticalSpacing={4}>
          {children}
        </Table>
      </Table.ScrollContainer>
    </ScrollArea.Autosize>
  );
}

/** The "nothing here yet" line every list shows when it is empty. */
export function Empty({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <Text c="dimmed" size="sm" py="xs" data-testid={testId}>
      {children}
    </Text>
  );
}

/** A decimal string padded to a step's places (prices to the tick, quantities to the lot); never rounded. */
export function showDecimal(value: string | null | undefined, step?: string): string {
  if (value === null || value === undefined || value === '') return '—';
  if (!isDecimal(value)) return value;
  return step === undefined ? value : padDecimal(value, decimalPlaces(step));
}

/** A price of this symbol for display. */
/** Looks a symbol up by name among `symbols` (each table row needs its symbol's tick and lot for display). */
export function symbolFinder(symbols: readonly ExchangeSymbol[]): (name: string) => ExchangeSymbol | undefined {
  return (name) => symbols.find((candidate) => candidate.symbol === name);
}

export function showPrice(value: string | null | undefined, symbol: ExchangeSymbol | undefined): string {
  return showDecimal(value, symbol?.tickSize);
}

/** A quantity of this symbol for display. */
export function showQuantity(value: string | null | undefined, symbol: ExchangeSymbol | undefined): string {
  return showDecimal(value, symbol?.lotSize);
}

/** Mantine colour for a profit or loss amount (green up, red down). */
export function pnlColor(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined || !isDecimal(value)) return undefined;
  const sign = signOfDecimal(value);
  return sign > 0 ? 'teal' : sign < 0 ? 'red' : undefined;
}

/** Colour of a side. */
export function sideColor(side: 'buy' | 'sell'): string {
  return side === 'buy' ? 'teal' : 'red';
}

/** Time of day (24h) of an ISO timestamp; the raw text when it does not parse. */
export function clockTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleTimeString(undefined, { hour12: false });
}

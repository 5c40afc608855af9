// The Trading page: symbol picker, live book, depth, candles, trades, order entry and the user's private panels.
import { Alert, Badge, Button, Grid, Group, Loader, NativeSelect, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { AlgoOrders } from '../exchange/algo-orders.js';
import { BalancesPanel } from '../exchange/balances-panel.js';
import { CandleChart } from '../exchange/candle-chart.js';
import { CreateSymbolForm } from '../exchange/create-symbol-form.js';
import { DepthChart } from '../exchange/depth-chart.js';
import { FillsTable } from '../exchange/fills-table.js';
import { can, useMarketFeed, useOrdersFeed, useSocketStatus, useSymbols, useTrades } from '../exchange/hooks.js';
import { KillSwitchPanel } from '../exchange/kill-switch-panel.js';
import { OpenOrders } from '../exchange/open-orders.js';
import { OrderBook } from '../exchange/order-book.js';
import { OrderEntry, type PickedPrice } from '../exchange/order-entry.js';
import { OrderHistory } from '../exchange/order-history.js';
import { Empty, Panel, showPrice } from '../exchange/panel.js';
import { PositionsTable } from '../exchange/positions-table.js';
import { RecentTrades } from '../exchange/recent-trades.js';
import { RiskLimitsPanel } from '../exchange/risk-limits-panel.js';
import { TransfersTable } from '../exchange/transfers-table.js';
import type { ExchangeSymbol } from '../exchange/types.js';
import type { PageProps } from '../page-components.js';
import { useUser } from '../session.js';
import type { SocketStatus } from '../ws.js';
import { PageHeader } from './page-header.js';

/** What the signed-in user may do here, from the permissions GET /me returned (the server enforces them too). */
interface Rights {
  read: boolean;
  trade: boolean;
  admin: boolean;
  ledgerRead: boolean;
  ledgerTransfer: boolean;
  manageUsers: boolean;
}

const statusColor: Record<SocketStatus, string> = {
  idle: 'gray',
  connecting: 'blue',
  live: 'teal',
  reconnecting: 'orange',
};

/** The Exchange page. */
export function ExchangePage({ page }: PageProps) {
  const user = useUser();
  const rights: Rights = {
    read: can(user, 'exchange:read'),
    trade: can(user, 'exchange:trade'),
    admin: can(user, 'exchange:admin'),
    ledgerRead: can(user, 'ledger:read'),
    ledgerTransfer: can(user, 'ledger:transfer'),
    manageUsers: can(user, 'users:manage'),
  };
  if (!rights.read) {
    return (
      <>
        <PageHeader page={page} />
        <Alert color="yellow" title="No market access">
          Your role cannot see the exchange.
        </Alert>
      </>
    );
  }
  return (
    <>
      <PageHeader page={page} />
      <Trading rights={rights} />
    </>
  );
}

/** A header button that opens and closes one of the page's administrator panels. */
function PanelToggle(props: {
  open: boolean;
  onToggle: (update: (open: boolean) => boolean) => void;
  labels: [closed: string, open: string];
  color?: string;
  testId: string;
}) {
  return (
    <Button
      size="xs"
      variant="light"
      color={props.color}
      onClick={() => props.onToggle((open) => !open)}
      data-testid={props.testId}
    >
      {props.open ? props.labels[1] : props.labels[0]}
    </Button>
  );
}

function Trading({ rights }: { rights: Rights }) {
  const symbols = useSymbols();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const [killOpen, setKillOpen] = useState(false);
  const [limitsOpen, setLimitsOpen] = useState(false);
  const socketStatus = useSocketStatus();
  useOrdersFeed(rights.trade);

  if (symbols.isPending) return <Loader aria-label="Loading symbols" />;
  if (symbols.isError) return <Alert color="red">Could not load the symbols.</Alert>;
  const items = symbols.data.items;
  const chosen = items.find((item) => item.symbol === params.get('symbol')) ?? items[0];
  const choose = (symbol: string) => setParams({ symbol }, { replace: true });
  const createForm = (
    <CreateSymbolForm
      onCreated={(created) => {
        setCreating(false);
        choose(created.symbol);
      }}
    />
  );

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Group align="flex-end">
          {items.length > 0 && (
            <NativeSelect
              label="Symbol"
              value={chosen?.symbol}
              onChange={(event) => choose(event.currentTarget.value)}
              data={items.map((item) => item.symbol)}
              data-testid="symbol-picker"
            />
          )}
          {chosen !== undefined && <LastPrice symbol={chosen} />}
          {chosen?.halted && (
            <Badge color="orange" mb={8} data-testid="symbol-halted">
              halted
            </Badge>
          )}
        </Group>
        <Group gap="xs">
          {rights.admin && (
            <PanelToggle
              open={killOpen}
              onToggle={setKillOpen}
              labels={['Kill switches', 'Close kill switches']}
              color="red"
              testId="kill-switches-toggle"
            />
          )}
          {rights.admin && (
            <PanelToggle
              open={limitsOpen}
              onToggle={setLimitsOpen}
              labels={['Risk limits', 'Close risk limits']}
              testId="risk-limits-toggle"
            />
          )}
          {rights.admin && items.length > 0 && (
            <PanelToggle
              open={creating}
              onToggle={setCreating}
              labels={['New symbol', 'Close']}
              testId="symbol-create-toggle"
            />
          )}
          <Badge color={statusColor[socketStatus]} variant="dot" data-testid="socket-status" data-status={socketStatus}>
            {socketStatus === 'live' ? 'live' : socketStatus}
          </Badge>
        </Group>
      </Group>
      {rights.admin && killOpen && <KillSwitchPanel canListUsers={rights.manageUsers} symbol={chosen} />}
      {rights.admin && limitsOpen && <RiskLimitsPanel canListUsers={rights.manageUsers} />}
      {items.length === 0 ? (
        <>
          <Panel title="Symbols">
            <Empty testId="symbols-empty">
              No symbols yet.{rights.admin ? ' List the first one below.' : ' An exchange administrator lists them.'}
            </Empty>
          </Panel>
          {rights.admin && createForm}
        </>
      ) : (
        <>
          {creating && createForm}
          {chosen !== undefined && <Market key={chosen.symbol} symbol={chosen} symbols={items} rights={rights} />}
        </>
      )}
      {rights.ledgerRead && items.length === 0 && <BalancesPanel symbols={items} canTransfer={rights.ledgerTransfer} />}
    </Stack>
  );
}

function LastPrice({ symbol }: { symbol: ExchangeSymbol }) {
  const trades = useTrades(symbol.symbol);
  const latest = [...(trades.data?.items ?? [])].sort((a, b) => Date.parse(b.at) - Date.parse(a.at))[0];
  const price = latest?.price ?? symbol.lastPrice;
  return (
    <Stack gap={0} pb={4}>
      <Text size="xs" c="dimmed">
        Last ({symbol.quoteAsset})
      </Text>
      <Text
        fw={700}
        ff="monospace"
        data-testid="last-price"
        c={latest === undefined ? undefined : latest.takerSide === 'buy' ? 'teal' : 'red'}
      >
        {showPrice(price, symbol)}
      </Text>
    </Stack>
  );
}

/** Everything about one symbol; keyed by symbol so switching starts a fresh book. */
function Market({ symbol, symbols, rights }: { symbol: ExchangeSymbol; symbols: ExchangeSymbol[]; rights: Rights }) {
  const sync = useMarketFeed(symbol.symbol);
  const [picked, setPicked] = useState<PickedPrice | null>(null);
  const pick = rights.trade
    ? (price: string) => setPicked((last) => ({ price, nonce: (last?.nonce ?? 0) + 1 }))
    : undefined;
  return (
    <>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 6, lg: 3 }}>
          <OrderBook book={sync.book} symbol={symbol} onPick={pick} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 6 }} order={{ base: 3, lg: 2 }}>
          <Stack gap="md">
            <CandleChart symbol={symbol.symbol} tickSize={symbol.tickSize} />
            <DepthChart book={sync.book} symbol={symbol} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6, lg: 3 }} order={{ base: 2, lg: 3 }}>
          <Stack gap="md">
            {rights.trade ? (
              <OrderEntry symbol={symbol} picked={picked} />
            ) : (
              <Alert color="gray" title="Market data only" data-testid="order-entry-readonly">
                Your role can watch the market but not trade.
              </Alert>
            )}
            <RecentTrades symbol={symbol} />
          </Stack>
        </Grid.Col>
      </Grid>
      {(rights.trade || rights.ledgerRead) && (
        <Grid gap="md">
          {rights.trade && (
            <>
              <Grid.Col span={{ base: 12, lg: 7 }}>
                <OpenOrders symbols={symbols} />
              </Grid.Col>
              <Grid.Col span={{ base: 12, lg: 5 }}>
                <FillsTable symbols={symbols} />
              </Grid.Col>
              <Grid.Col span={{ base: 12, lg: 7 }}>
                <AlgoOrders symbols={symbols} />
              </Grid.Col>
              <Grid.Col span={{ base: 12, lg: 5 }}>
                <PositionsTable symbols={symbols} />
              </Grid.Col>
              <Grid.Col span={12}>
                <OrderHistory symbols={symbols} />
              </Grid.Col>
            </>
          )}
          {rights.ledgerRead && (
            <>
              <Grid.Col span={{ base: 12, lg: 5 }}>
                <BalancesPanel symbols={symbols} canTransfer={rights.ledgerTransfer} />
              </Grid.Col>
              <Grid.Col span={{ base: 12, lg: 7 }}>
                <TransfersTable />
              </Grid.Col>
            </>
          )}
        </Grid>
      )}
    </>
  );
}

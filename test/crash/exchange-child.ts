// Child process for the exchange crash test: runs ExchangeService, takes orders on stdin, prints "ack <id> <result>"
// once each order's command is durable.
import { createInterface } from 'node:readline';
import { systemClock } from '../../src/kernel/index.js';
import { btcUsdListing } from '../../src/modules/exchange/api-fixtures.js';
import { ExchangeService } from '../../src/modules/exchange/service.js';
import { userAccountId } from '../../src/modules/exchange/state.js';

const dir = process.argv[2];
const snapshotEvery = Number(process.argv[3] ?? '97');
if (!dir) throw new Error('usage: exchange-child.ts <dataDir> [snapshotEvery]');
const out = (line: string): boolean => process.stdout.write(`${line}\n`);

const service = ExchangeService.open({
  dataDir: dir,
  clock: systemClock,
  snapshotEveryCommands: snapshotEvery,
  scheduler: () => () => {},
});

async function setUp(): Promise<void> {
  if (!service.symbolRecord('BTC-USD')) {
    await service.addSymbol({ ...btcUsdListing });
  }
  for (const user of ['alice', 'bob']) {
    // Idempotent by key: a restart re-sends these and nothing is deposited twice.
    await service.deposit({ userId: user, asset: 'USD', amount: '1000000', idempotencyKey: `seed-usd-${user}` });
    await service.deposit({ userId: user, asset: 'BTC', amount: '10000', idempotencyKey: `seed-btc-${user}` });
  }
}

function dump(): void {
  const s = service.current;
  const counts = new Map<string, number>();
  for (const o of s.orders.values()) counts.set(o.clientOrderId, (counts.get(o.clientOrderId) ?? 0) + 1);
  const inside: Record<string, string> = {};
  for (const asset of ['USD', 'BTC']) {
    let sum = 0n;
    for (const a of s.ledger.listAccounts()) {
      if (a.asset === asset && !a.id.startsWith('external:')) sum += a.availableMinor + a.heldMinor;
    }
    inside[asset] = sum.toString();
  }
  const negative = s.ledger
    .listAccounts()
    .filter((a) => a.id.startsWith('u:') && (a.availableMinor < 0n || a.heldMinor < 0n)).length;
  out(
    `dump ${JSON.stringify({ counts: [...counts], inside, negative, alice: s.ledger.account(userAccountId('alice', 'USD'))?.availableMinor.toString() })}`,
  );
  out(`hash ${service.stateHash()}`);
}

void setUp().then(() => {
  out(`ready ${service.stateHash()}`);
  const rl = createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    const [verb, id, price] = line.split(' ');
    if (verb === 'new' && id && price) {
      const side = id.charCodeAt(id.length - 1) % 2 === 0 ? 'buy' : 'sell';
      void service
        .placeOrder(side === 'buy' ? 'bob' : 'alice', {
          symbol: 'BTC-USD',
          side,
          type: 'limit',
          quantity: '0.01',
          price,
          clientOrderId: id,
        })
        .then((r) => out(`ack ${id} ${r.ok ? r.value.order.status : r.code}`));
    } else if (verb === 'dump') dump();
    else if (verb === 'exit') void service.close().then(() => process.exit(0));
  });
});

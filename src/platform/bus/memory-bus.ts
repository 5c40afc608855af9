// In-process bus: the embedded default. Messages go through a JSON round trip so behaviour matches the Redis bus.
import type { Bus, BusHandler } from './bus.js';

/** A bus that delivers within this process, asynchronously and in publish order. */
export class MemoryBus implements Bus {
  private readonly handlers = new Map<string, Set<BusHandler>>();

  async publish(topic: string, message: unknown): Promise<void> {
    const set = this.handlers.get(topic);
    if (!set || set.size === 0) return;
    const payload = JSON.stringify(message);
    // Deliver on a microtask, like a network bus would, so publishers never run subscriber code inline.
    await Promise.resolve();
    for (const handler of [...set]) safeCall(handler, JSON.parse(payload));
  }

  async subscribe(topic: string, handler: BusHandler): Promise<() => Promise<void>> {
    let set = this.handlers.get(topic);
    if (!set) {
      set = new Set();
      this.handlers.set(topic, set);
    }
    set.add(handler);
    return async () => {
      set.delete(handler);
    };
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}

/** Calls a subscriber and keeps one failing subscriber from stopping delivery to the rest. */
export function safeCall(handler: BusHandler, message: unknown): void {
  try {
    handler(message);
  } catch (error) {
    process.emitWarning(`bus subscriber failed: ${(error as Error).message}`);
  }
}

// The event bus port: modules publish domain events and metrics; subscribers in this or other processes receive them.

/** A handler for messages on one topic. */
export type BusHandler = (message: unknown) => void;

/** Publish/subscribe between modules and, with Redis, between server processes. Messages are JSON values. */
export interface Bus {
  /** Delivers `message` to every subscriber of `topic`, here and (for shared buses) in other processes. */
  publish(topic: string, message: unknown): Promise<void>;
  /** Starts delivering messages on `topic`; resolves once the subscription is live. Returns an unsubscribe function. */
  subscribe(topic: string, handler: BusHandler): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

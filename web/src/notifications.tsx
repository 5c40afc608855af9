// A small notification store rendered with Mantine's Notification component (no extra package needed).
import { Code, Notification, Stack } from '@mantine/core';
import { useSyncExternalStore } from 'react';
import { ApiError } from './api.js';

/** One message on screen. */
export interface AppNotification {
  id: number;
  title: string;
  message: string;
  color: 'red' | 'green' | 'blue' | 'yellow';
  code?: string;
}

/** How long a notification stays before it closes itself. */
export const notificationLifetimeMs = 8000;
/** Older notifications are dropped beyond this many, so a burst of errors cannot fill the screen. */
export const notificationsVisibleMax = 4;

let current: AppNotification[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

function publish(next: AppNotification[]): void {
  current = next;
  for (const listener of listeners) listener();
}

/** Removes one notification. */
export function dismiss(id: number): void {
  publish(current.filter((item) => item.id !== id));
}

/** Shows a notification that closes itself after `notificationLifetimeMs`. */
export function notify(input: Omit<AppNotification, 'id'>): void {
  const id = nextId++;
  publish([...current, { ...input, id }].slice(-notificationsVisibleMax));
  setTimeout(() => dismiss(id), notificationLifetimeMs);
}

/** Shows an error; API errors show their title, detail, field errors and stable code. */
export function notifyError(error: unknown, title?: string): void {
  if (error instanceof ApiError) {
    const fieldErrors = (error.problem.errors ?? [])
      .map((item) => [item.field, item.message ?? item.code].filter(Boolean).join(': '))
      .join('; ');
    const message = [error.problem.detail, fieldErrors].filter(Boolean).join(' ');
    notify({ title: title ?? error.problem.title, message, color: 'red', code: error.code });
    return;
  }
  if (error instanceof DOMException && error.name === 'AbortError') return;
  notify({ title: title ?? 'Something went wrong', message: String(error), color: 'red' });
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Renders the open notifications bottom-right, clear of the header's user menu. */
export function NotificationStack() {
  const items = useSyncExternalStore(subscribe, () => current);
  return (
    <Stack
      gap="xs"
      style={{ position: 'fixed', bottom: 16, right: 16, zIndex: 1000, width: 'min(420px, calc(100vw - 32px))' }}
      aria-live="polite"
    >
      {items.map((item) => (
        <Notification
          key={item.id}
          title={item.title}
          color={item.color}
          withBorder
          onClose={() => dismiss(item.id)}
          data-testid="notification"
          data-code={item.code}
        >
          {item.message}
          {item.code !== undefined && (
            <Code ml={item.message === '' ? 0 : 'xs'} data-testid="notification-code">
              {item.code}
            </Code>
          )}
        </Notification>
      ))}
    </Stack>
  );
}

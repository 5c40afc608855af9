// Session state: resumes a stored session on load, signs in and out, and applies the user's theme preference.
import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, api } from './api.js';
import type { LoginRequest, ThemeId, User } from './api-types.js';
import { notify, notifyError } from './notifications.js';
import { defaultThemeId, isThemeId } from './themes.js';

/** localStorage key for the last theme used on this device, so the sign-in page matches it. */
export const deviceThemeKey = 'nexus.theme';

/** Where the session stands. */
export type SessionStatus = 'loading' | 'anonymous' | 'authenticated';

/** What components read from and do with the session. */
export interface Session {
  status: SessionStatus;
  user: User | null;
  themeId: ThemeId;
  login(credentials: LoginRequest): Promise<void>;
  logout(): Promise<void>;
  setTheme(themeId: ThemeId): Promise<void>;
  reloadUser(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

function readDeviceTheme(): ThemeId {
  const stored = globalThis.localStorage?.getItem(deviceThemeKey);
  return isThemeId(stored) ? stored : defaultThemeId;
}

function rememberDeviceTheme(themeId: ThemeId): void {
  globalThis.localStorage?.setItem(deviceThemeKey, themeId);
}

/** Provides the session to the app; place it inside the QueryClientProvider. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<SessionStatus>(() => (api.hasStoredSession() ? 'loading' : 'anonymous'));
  const [user, setUser] = useState<User | null>(null);
  const [deviceTheme, setDeviceTheme] = useState<ThemeId>(readDeviceTheme);

  const adoptUser = useCallback((next: User) => {
    setUser(next);
    setStatus('authenticated');
    if (isThemeId(next.theme)) {
      rememberDeviceTheme(next.theme);
      setDeviceTheme(next.theme);
    }
  }, []);

  const endSession = useCallback(() => {
    setUser(null);
    setStatus('anonymous');
    queryClient.clear();
  }, [queryClient]);

  // Resume a session from the stored refresh token; GET /me refreshes the access token first.
  useEffect(() => {
    if (!api.hasStoredSession()) return;
    let cancelled = false;
    api
      .get<User>('/me')
      .then((me) => {
        if (!cancelled) adoptUser(me);
      })
      .catch((error: unknown) => {
        if (cancelled) return;
        if (!(error instanceof ApiError && error.status === 401)) notifyError(error, 'Could not resume your session');
        setStatus('anonymous');
      });
    return () => {
      cancelled = true;
    };
  }, [adoptUser]);

  useEffect(
    () =>
      api.onSessionEnded((error) => {
        notify({ title: 'Your session ended', message: 'Please sign in again.', color: 'yellow', code: error.code });
        endSession();
      }),
    [endSession],
  );

  const login = useCallback(
    async (credentials: LoginRequest) => {
      await api.login(credentials);
      adoptUser(await api.get<User>('/me'));
    },
    [adoptUser],
  );

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } catch (error) {
      notifyError(error, 'Sign-out did not reach the server; this device has forgotten the session anyway');
    }
    endSession();
  }, [endSession]);

  const setTheme = useCallback(
    async (themeId: ThemeId) => {
      const previous = user;
      if (previous === null) {
        rememberDeviceTheme(themeId);
        setDeviceTheme(themeId);
        return;
      }
      // Apply at once and roll back if the server refuses, so the picker feels immediate.
      adoptUser({ ...previous, theme: themeId });
      try {
        adoptUser(await api.put<User>('/me/preferences', { theme: themeId }));
      } catch (error) {
        adoptUser(previous);
        notifyError(error, 'Could not save your theme');
      }
    },
    [user, adoptUser],
  );

  const reloadUser = useCallback(async () => {
    adoptUser(await api.get<User>('/me'));
  }, [adoptUser]);

  const themeId = user !== null && isThemeId(user.theme) ? user.theme : deviceTheme;
  const session = useMemo<Session>(
    () => ({ status, user, themeId, login, logout, setTheme, reloadUser }),
    [status, user, themeId, login, logout, setTheme, reloadUser],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

/** The current session; throws when used outside SessionProvider. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === null) throw new Error('useSession must be used inside SessionProvider');
  return session;
}

/** The signed-in user; only for components rendered behind the sign-in gate. */
export function useUser(): User {
  const { user } = useSession();
  if (user === null) throw new Error('useUser needs a signed-in user');
  return user;
}

// The app's providers, theme application and sign-in gate around the routed pages.
import { Center, Loader, MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { Shell } from './layout/shell.js';
import { NotificationStack } from './notifications.js';
import { pageComponents } from './page-components.js';
import { LoginPage } from './pages/login-page.js';
import { NotFoundPage } from './pages/not-found-page.js';
import { pages } from './pages.js';
import { landingPathFor } from './pov.js';
import { createQueryClient } from './query-client.js';
import { SessionProvider, useSession } from './session.js';
import { themeById } from './themes.js';

/** The whole app. */
export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <ThemeRoot>
          <BrowserRouter>
            <Gate />
          </BrowserRouter>
        </ThemeRoot>
      </SessionProvider>
    </QueryClientProvider>
  );
}

// Applies the active theme to Mantine and to <html data-theme> (tests and custom CSS read the attribute).
function ThemeRoot({ children }: { children: ReactNode }) {
  const { themeId } = useSession();
  const theme = themeById(themeId);
  useEffect(() => {
    document.documentElement.dataset.theme = theme.id;
  }, [theme.id]);
  return (
    <MantineProvider theme={theme.mantine} forceColorScheme={theme.colorScheme}>
      <NotificationStack />
      {children}
    </MantineProvider>
  );
}

function Gate() {
  const { status, user } = useSession();
  if (status === 'loading') {
    return (
      <Center h="100vh">
        <Loader aria-label="Resuming your session" />
      </Center>
    );
  }
  if (user === null) return <LoginPage />;
  return (
    <Routes>
      <Route element={<Shell />}>
        <Route index element={<Navigate to={landingPathFor(user.role)} replace />} />
        {pages.map((page) => {
          const Page = pageComponents[page.id];
          return <Route key={page.id} path={page.path} element={<Page page={page} />} />;
        })}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

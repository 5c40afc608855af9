// The signed-in layout: header with the user menu, POV-ordered navigation on the left, the page on the right.
import { AppShell, Badge, Burger, Group, NavLink, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Outlet, useLocation } from 'react-router';
import { navigationFor } from '../pov.js';
import { useUser } from '../session.js';
import { UserMenu } from './user-menu.js';

/** Frames every page once the user is signed in. */
export function Shell() {
  const user = useUser();
  const location = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const items = navigationFor(user.role);

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Title order={3} c="var(--mantine-primary-color-filled)">
              Nexus
            </Title>
          </Group>
          <UserMenu />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Modules">
        {items.map((item) => (
          <NavLink
            key={item.id}
            component={Link}
            to={item.path}
            onClick={close}
            label={item.label}
            description={item.focus ? item.aspects.join(', ') : undefined}
            active={location.pathname === item.path || location.pathname.startsWith(`${item.path}/`)}
            variant={item.focus ? 'filled' : 'light'}
            data-testid={`nav-${item.id}`}
            data-focus={item.focus ? 'true' : 'false'}
            fw={item.focus ? 600 : undefined}
            rightSection={
              item.readOnly ? (
                <Badge size="xs" variant="outline" color="gray">
                  read-only
                </Badge>
              ) : item.focus ? (
                <Badge size="xs" variant="light">
                  focus
                </Badge>
              ) : undefined
            }
          />
        ))}
        <Text size="xs" c="dimmed" mt="auto" p="xs">
          Pages marked "focus" are those your role works with most.
        </Text>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}

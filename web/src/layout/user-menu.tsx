// The header's user menu: who is signed in, their role, the theme picker and sign-out.
import { Badge, Button, Divider, Group, NativeSelect, Popover, Stack, Text, UnstyledButton } from '@mantine/core';
import { useNavigate } from 'react-router';
import { roleLabel } from '../pov.js';
import { useSession, useUser } from '../session.js';
import { isThemeId, themeById, themes } from '../themes.js';

/** Opens a panel with the user's identity, theme choice and sign-out. */
export function UserMenu() {
  const user = useUser();
  const { themeId, setTheme, logout } = useSession();
  const navigate = useNavigate();
  // The next person to sign in on this device starts from their own landing page, not this user's last page.
  const signOut = async () => {
    await logout();
    navigate('/', { replace: true });
  };
  return (
    <Popover position="bottom-end" width={300} shadow="md" withinPortal>
      <Popover.Target>
        <UnstyledButton data-testid="user-menu" aria-label="User menu">
          <Group gap="xs" wrap="nowrap">
            <Text fw={600} size="sm" data-testid="user-menu-username">
              {user.username}
            </Text>
            <Badge variant="light" size="sm" data-testid="user-menu-role">
              {roleLabel(user.role)}
            </Badge>
          </Group>
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="sm">
          <div>
            <Text size="xs" c="dimmed">
              Signed in as
            </Text>
            <Text fw={600}>{user.username}</Text>
            <Text size="sm">{roleLabel(user.role)}</Text>
          </div>
          <Divider />
          <NativeSelect
            label="Theme"
            description={themeById(themeId).description}
            value={themeId}
            data={themes.map((theme) => ({ value: theme.id, label: theme.label }))}
            onChange={(event) => {
              const next = event.currentTarget.value;
              if (isThemeId(next)) void setTheme(next);
            }}
            data-testid="theme-picker"
          />
          <Divider />
          <Button variant="default" onClick={() => void signOut()} data-testid="logout">
            Sign out
          </Button>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

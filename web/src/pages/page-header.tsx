// The heading every page starts with: title, summary and, when the page is a focus of the user's role, why.
import { Badge, Group, Stack, Text, Title } from '@mantine/core';
import type { PageInfo } from '../pages.js';
import { navigationFor } from '../pov.js';
import { useUser } from '../session.js';

/** Title block for a page, with the POV emphasis of the signed-in user's role. */
export function PageHeader({ page }: { page: PageInfo }) {
  const user = useUser();
  const item = navigationFor(user.role).find((candidate) => candidate.id === page.id);
  return (
    <Stack gap={4} mb="md">
      <Group gap="sm">
        <Title order={2}>{page.label}</Title>
        {item?.focus === true && <Badge variant="light">focus for your role</Badge>}
        {item?.readOnly === true && (
          <Badge variant="outline" color="gray">
            read-only for your role
          </Badge>
        )}
      </Group>
      <Text c="dimmed">{page.summary}</Text>
      {item !== undefined && item.aspects.length > 0 && (
        <Text size="sm" data-testid="page-focus">
          Your role works mostly with: {item.aspects.join(', ')}.
        </Text>
      )}
    </Stack>
  );
}

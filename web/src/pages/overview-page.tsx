// Overview: the user's role and its focus pages; platform dashboards arrive with the modules.
import { Alert, Anchor, Card, SimpleGrid, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { PageProps } from '../page-components.js';
import { navigationFor, povRuleFor } from '../pov.js';
import { useUser } from '../session.js';
import { PageHeader } from './page-header.js';

/** The overview page. */
export function OverviewPage({ page }: PageProps) {
  const user = useUser();
  const rule = povRuleFor(user.role);
  const focus = navigationFor(user.role).filter((item) => item.focus && item.id !== page.id);
  return (
    <>
      <PageHeader page={page} />
      <Text mb="md">
        Signed in as <b>{user.username}</b> ({rule.title}). {rule.summary}
      </Text>
      {focus.length > 0 && (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} mb="md">
          {focus.map((item) => (
            <Card key={item.id} withBorder>
              <Anchor component={Link} to={item.path} fw={600}>
                {item.label}
              </Anchor>
              <Text size="sm" c="dimmed">
                {item.aspects.join(', ')}
              </Text>
            </Card>
          ))}
        </SimpleGrid>
      )}
      <Alert color="gray" title="This module is not built yet" data-testid="not-built">
        Platform-wide figures appear here once the trading, simulation and examiner modules report them. Nothing on this
        page is simulated.
      </Alert>
    </>
  );
}

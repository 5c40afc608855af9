// Shown for an address that matches no page.
import { Alert, Anchor } from '@mantine/core';
import { Link } from 'react-router';

/** The page for unknown addresses. */
export function NotFoundPage() {
  return (
    <Alert color="yellow" title="No such page">
      This address matches no page.{' '}
      <Anchor component={Link} to="/">
        Go to your start page
      </Anchor>
      .
    </Alert>
  );
}

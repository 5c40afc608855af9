// Placeholder for a module whose UI does not exist yet: says so plainly and shows no invented data.
import { Alert } from '@mantine/core';
import type { PageProps } from '../page-components.js';
import { PageHeader } from './page-header.js';

/** A page for a module that is not built yet. */
export function NotBuiltPage({ page }: PageProps) {
  return (
    <>
      <PageHeader page={page} />
      <Alert color="gray" title="This module is not built yet" data-testid="not-built">
        The {page.label} module has no screens in this build. Nothing here is simulated: this page will show real data
        once the module is available.
      </Alert>
    </>
  );
}

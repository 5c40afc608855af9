// Examiner page: import wizard, reconciliation workbench, fraud queue and POV analysis, as tabs.
import { Tabs } from '@mantine/core';
import { FraudQueue } from '../examiner/fraud-queue.js';
import { ImportWizard } from '../examiner/import-wizard.js';
import { PovPanel } from '../examiner/pov-panel.js';
import { ReconciliationPanel } from '../examiner/reconciliation-panel.js';
import type { PageProps } from '../page-components.js';
import { useUser } from '../session.js';
import { PageHeader } from './page-header.js';

/** The Examiner page; write actions appear only with examiner:write. */
export function ExaminerPage({ page }: PageProps) {
  const user = useUser();
  const canWrite = user.permissions.includes('examiner:write');
  // Roles that judge results rather than produce them open on the POV analysis.
  const first = canWrite ? 'import' : 'pov';
  return (
    <>
      <PageHeader page={page} />
      <Tabs defaultValue={first} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="import" data-testid="examiner-tab-import">
            Import
          </Tabs.Tab>
          <Tabs.Tab value="reconcile" data-testid="examiner-tab-reconcile">
            Reconciliation
          </Tabs.Tab>
          <Tabs.Tab value="fraud" data-testid="examiner-tab-fraud">
            Fraud queue
          </Tabs.Tab>
          <Tabs.Tab value="pov" data-testid="examiner-tab-pov">
            POV analysis
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="import">
          <ImportWizard canWrite={canWrite} />
        </Tabs.Panel>
        <Tabs.Panel value="reconcile">
          <ReconciliationPanel canWrite={canWrite} />
        </Tabs.Panel>
        <Tabs.Panel value="fraud">
          <FraudQueue canWrite={canWrite} />
        </Tabs.Panel>
        <Tabs.Panel value="pov">
          <PovPanel userRole={user.role} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

import { expect, Page, test } from '@playwright/test';
import { PLATFORM_ADMIN, screenshot, signInAsGuest } from './helpers';

async function openClusters(page: Page) {
  await signInAsGuest(page, PLATFORM_ADMIN);
  await page.goto('/hmas/clusters');
  await expect(page.getByTestId('zone-gpu-high')).toBeVisible();
}

async function registerUnlabeled(page: Page, name: string) {
  await page.getByRole('button', { name: 'Register cluster' }).click();
  const dialog = page.getByRole('dialog', { name: 'Register a cluster' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('API endpoint').fill(`https://${name}.example:6443`);
  await dialog.getByRole('radio', { name: 'None (Unclassified)' }).check();
  await dialog.getByRole('button', { name: 'Register' }).click();
  await expect(dialog).toBeHidden();
  await expect(
    page.getByTestId('zone-unclassified').getByRole('button', { name }),
  ).toBeVisible();
}

/** Registers an unlabeled cluster, opens its label editor and adds an empty row. */
async function addLabelToNewCluster(page: Page, name: string) {
  await openClusters(page);
  await registerUnlabeled(page, name);
  await page
    .getByTestId('zone-unclassified')
    .getByRole('button', { name })
    .click();
  const dialog = page.getByRole('dialog', { name: `Cluster ${name}` });
  await dialog.getByRole('tab', { name: 'Labels' }).click();
  await dialog.getByRole('button', { name: 'Edit labels' }).click();
  await dialog.getByRole('button', { name: 'Add label' }).click();
  return dialog;
}

test('the clusters page groups the simulator fleet into the four zones', async ({
  page,
}) => {
  await openClusters(page);

  const high = page.getByTestId('zone-gpu-high');
  await expect(
    high.getByRole('heading', { name: 'GPU High Performance' }),
  ).toBeVisible();
  await expect(
    high.getByRole('button', { name: 'gpu-hp-seoul' }),
  ).toBeVisible();
  await expect(high.getByText('h100').first()).toBeVisible();
  // Seoul's second GPU type, from its gpu-types annotation, as its nodes have it.
  await expect(
    high.getByRole('row', { name: /gpu-hp-seoul/ }).getByText('a100'),
  ).toBeVisible();

  const general = page.getByTestId('zone-gpu-general');
  await expect(
    general.getByRole('heading', { name: 'GPU General' }),
  ).toBeVisible();
  await expect(
    general.getByRole('button', { name: 'gpu-gen-frankfurt' }),
  ).toBeVisible();

  const cpu = page.getByTestId('zone-cpu-only');
  await expect(cpu.getByRole('heading', { name: 'CPU Only' })).toBeVisible();
  await expect(cpu.getByTestId('zone-badge-cpu-only')).toBeVisible();
  await expect(cpu.getByRole('button', { name: 'cpu-oregon' })).toBeVisible();

  const unclassified = page.getByTestId('zone-unclassified');
  await expect(
    unclassified.getByRole('heading', { name: 'Unclassified' }),
  ).toBeVisible();
  await expect(
    unclassified.getByTestId('zone-badge-unclassified'),
  ).toBeVisible();

  await screenshot(page, 'clusters-by-zone');

  // The cluster dialog titles its facts as written and names a zone once.
  await unclassified.getByRole('button', { name: 'edge-joined' }).click();
  const dialog = page.getByRole('dialog', { name: 'Cluster edge-joined' });
  await expect(dialog.getByText('GPUs', { exact: true })).toBeVisible();
  await expect(dialog.getByText('GP Us')).toHaveCount(0);
  await expect(dialog.getByText('Unclassified', { exact: true })).toHaveCount(
    1,
  );
  await screenshot(page, 'cluster-dialog-overview');
});

test('an unlabeled cluster labelled gpu-tier=general moves to GPU General, with an audit entry', async ({
  page,
}) => {
  const name = `e2e-${Date.now().toString(36)}`;
  const dialog = await addLabelToNewCluster(page, name);
  await dialog.getByLabel('Label key 1').fill('gpu-tier');
  await dialog.getByLabel('Label value 1').fill('general');

  // The derived cluster-type is a value H-MAS sets, shown as text, not an input.
  await expect(
    dialog.getByRole('group', { name: 'Label 2, set by H-MAS' }),
  ).toContainText('standard');
  await expect(dialog.getByTestId('zone-change-banner')).toContainText(
    'moves from Unclassified to GPU General',
  );
  await screenshot(page, 'label-editor-banner');

  await dialog.getByRole('button', { name: 'Save labels' }).click();
  await expect(dialog.getByTestId('cluster-labels')).toContainText(
    'gpu-tier=general',
  );
  await expect(dialog.getByTestId('cluster-labels')).toContainText(
    'cluster-type=standard',
  );

  await dialog.getByRole('tab', { name: 'Audit' }).click();
  await expect(dialog.getByText(/set gpu-tier=general/)).toBeVisible();
  await expect(
    dialog.getByText(/moved from Unclassified to GPU General/),
  ).toBeVisible();
  await screenshot(page, 'cluster-audit');
  await dialog.getByRole('button', { name: 'Close' }).click();

  await expect(
    page.getByTestId('zone-gpu-general').getByRole('button', { name }),
  ).toBeVisible();
  await expect(
    page.getByTestId('zone-unclassified').getByRole('button', { name }),
  ).toHaveCount(0);
  await screenshot(page, 'cluster-moved-to-gpu-general');

  // The audit page finds the label edit by kind and name.
  await page.goto('/hmas/audit');
  await page.getByLabel('Kind').click();
  await page.getByRole('option', { name: 'cluster', exact: true }).click();
  await page.getByLabel('Name').fill(name);
  const table = page.getByRole('table').last();
  await expect(
    table.getByRole('row').filter({ hasText: /set gpu-tier=general/ }),
  ).toBeVisible();
  await expect(table.getByText(PLATFORM_ADMIN).first()).toBeVisible();
});

test('an invalid label key shows its error and changes nothing', async ({
  page,
}) => {
  const name = `e2e-bad-${Date.now().toString(36)}`;
  const dialog = await addLabelToNewCluster(page, name);
  await dialog.getByLabel('Label key 1').fill('bad key!');
  await dialog.getByLabel('Label value 1').fill('x');

  await expect(dialog.getByText(/Key name must consist of/)).toBeVisible();
  await expect(
    dialog.getByRole('button', { name: 'Save labels' }),
  ).toBeDisabled();
  await screenshot(page, 'label-editor-invalid-key');
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  await expect(
    dialog.getByText(/has no labels, so it is Unclassified/),
  ).toBeVisible();
  await dialog.getByRole('tab', { name: 'Audit' }).click();
  await expect(dialog.getByText(/registered e2e-bad-/)).toBeVisible();
  await expect(dialog.getByText(/bad key/)).toHaveCount(0);
});

import { APIRequestContext, expect, test } from '@playwright/test';
import {
  backend,
  choose,
  guestToken,
  PLATFORM_ADMIN,
  screenshot,
  signInAsGuest,
} from './helpers';

const presetName = 'gpu-general-divided-failover-60';

async function presetsNamed(
  request: APIRequestContext,
  token: string,
  name: string,
): Promise<Array<{ id: string; name: string }>> {
  const res = await request.get(`${backend}/api/hmas/presets`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status()).toBe(200);
  const items: Array<{ id: string; name: string }> = (await res.json()).items;
  return items.filter(p => p.name === name);
}

test('a preset created in the UI shapes a deployment’s propagation policy, and invalid forms name the field', async ({
  page,
}) => {
  const name = `e2e-preset-${Date.now().toString(36)}`;
  await signInAsGuest(page, PLATFORM_ADMIN);
  const token = await guestToken(page);
  const auth = { authorization: `Bearer ${token}` };

  // A previous run may have left the preset behind.
  for (const old of await presetsNamed(page.request, token, presetName)) {
    await page.request.delete(`${backend}/api/hmas/presets/${old.id}`, {
      headers: auth,
    });
  }

  // Navigate inside the app (a full reload may land on the sign-in page again).
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'H-MAS', exact: true })
    .click();
  await page.getByRole('tab', { name: 'Policies' }).click();
  await expect(page).toHaveURL(/\/hmas\/policies$/);
  await expect(
    page.getByRole('heading', { name: 'Federation policies', exact: true }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'New preset' }).click();
  const presetDialog = page.getByRole('dialog', { name: 'New preset' });
  await presetDialog.getByLabel('Name').fill(presetName);
  await presetDialog
    .getByLabel('Title')
    .fill('GPU General, divided, failover after 60 s');
  await choose(page, 'Zone', 'GPU General');
  await presetDialog.getByLabel('Divided by available replicas').check();
  await presetDialog.getByLabel('Application failover').check();
  await presetDialog.getByLabel('Toleration (seconds)').fill('60');
  await screenshot(page, 'policies-new-preset');
  await presetDialog.getByRole('button', { name: 'Create preset' }).click();
  await expect(presetDialog).toHaveCount(0);
  await expect(
    page.getByRole('cell', { name: presetName, exact: true }),
  ).toBeVisible();
  await expect(
    page.getByRole('cell', { name: 'after 60 s', exact: true }),
  ).toBeVisible();

  const [preset] = await presetsNamed(page.request, token, presetName);
  expect(preset).toBeDefined();

  // Deploy with the preset through the Deploy a model template (its preset picker).
  await page.goto('/create/templates/default/hmas-deploy-model');
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await page.getByRole('button', { name: 'Next' }).click();
  await choose(page, 'Runtime', /^llama\.cpp/);
  await choose(page, 'Model', /^Llama 3\.1 8B Instruct GGUF/);
  await page.getByRole('radio', { name: 'GPU', exact: true }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('radio', { name: /GPU General/ }).check();
  await page.getByRole('spinbutton', { name: 'Replicas' }).fill('4');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await choose(
    page,
    'Policy preset',
    new RegExp(
      `^GPU General, divided, failover after 60 s \\(${presetName}\\)`,
    ),
  );
  await screenshot(page, 'policies-template-preset');
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(
    page.getByRole('link', { name: 'Deployment in H-MAS' }),
  ).toBeVisible({ timeout: 60_000 });
  const listed = await page.request.get(`${backend}/api/hmas/deployments`, {
    headers: auth,
  });
  const deployment = ((await listed.json()).items ?? []).find(
    (d: { name: string }) => d.name === name,
  );
  expect(deployment?.spec?.presetId).toBe(preset.id);
  const id: string = deployment.id;

  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'H-MAS', exact: true })
    .click();
  await page.getByRole('tab', { name: 'Policies' }).click();
  try {
    await page.getByRole('button', { name: 'Refresh' }).first().click();
    await page
      .getByRole('button', { name: new RegExp(`/${name}-propagation$`) })
      .click();
    const policyDialog = page.getByRole('dialog', {
      name: new RegExp(`PropagationPolicy .*${name}-propagation`),
    });
    await expect(policyDialog.getByText(/tolerationSeconds: 60/)).toBeVisible();
    await expect(
      policyDialog.getByText(/dynamicWeight: AvailableReplicas/),
    ).toBeVisible();
    await screenshot(page, 'policies-deployment-policy-yaml');
    await policyDialog.getByRole('button', { name: 'Close' }).click();

    // The simulator spreads the four replicas over the GPU General clusters.
    await expect
      .poll(
        async () => {
          const res = await page.request.get(
            `${backend}/api/hmas/deployments/${id}`,
            { headers: auth },
          );
          return ((await res.json()).status?.clusters ?? []).length;
        },
        { timeout: 60_000 },
      )
      .toBeGreaterThanOrEqual(2);

    // A grace period needs purge mode Gracefully: the form names the field.
    await page.getByRole('button', { name: 'New preset' }).click();
    const invalidPreset = page.getByRole('dialog', { name: 'New preset' });
    await invalidPreset.getByLabel('Name').fill(`${name}-invalid`);
    await invalidPreset.getByLabel('Title').fill('Invalid grace period');
    await invalidPreset.getByLabel('Application failover').check();
    await choose(page, 'Purge mode', 'Gracefully');
    await invalidPreset.getByLabel('Grace period (seconds)').fill('30');
    await choose(page, 'Purge mode', 'Directly');
    await invalidPreset.getByRole('button', { name: 'Create preset' }).click();
    await expect(
      invalidPreset.getByText(/failover\.gracePeriodSeconds: /),
    ).toBeVisible();
    await screenshot(page, 'policies-invalid-preset');
    await invalidPreset.getByRole('button', { name: 'Cancel' }).click();

    // An invalid propagation policy: the field breaking Karmada's rules is named.
    await page.getByRole('button', { name: 'New propagation policy' }).click();
    const policyForm = page.getByRole('dialog', {
      name: 'New propagation policy',
    });
    await expect(policyForm.getByText(/Placement: .+/)).toBeVisible();
    await policyForm.getByLabel('Name', { exact: true }).fill('Bad_Name');
    await policyForm.getByRole('button', { name: 'Create policy' }).click();
    await expect(policyForm.getByText(/metadata\.name: must be/)).toBeVisible();
    await screenshot(page, 'policies-invalid-policy');
    await policyForm.getByRole('button', { name: 'Cancel' }).click();
  } finally {
    await page.request.delete(`${backend}/api/hmas/deployments/${id}`, {
      headers: auth,
    });
  }
});

test('a platform engineer edits a policy, reviews the diff, saves, and finds the change in its history', async ({
  page,
}) => {
  const name = `e2e-edit-${Date.now().toString(36)}`;
  await signInAsGuest(page, PLATFORM_ADMIN);
  const token = await guestToken(page);
  const auth = { authorization: `Bearer ${token}` };
  const created = await page.request.post(`${backend}/api/hmas/policies`, {
    headers: auth,
    data: {
      apiVersion: 'policy.karmada.io/v1alpha1',
      kind: 'PropagationPolicy',
      metadata: { name, namespace: 'default' },
      spec: {
        resourceSelectors: [
          { apiVersion: 'apps/v1', kind: 'Deployment', name: `${name}-app` },
        ],
        placement: {
          clusterAffinity: {
            labelSelector: { matchLabels: { 'gpu-tier': 'none' } },
          },
        },
      },
    },
  });
  expect(created.status()).toBe(201);

  try {
    await page.goto('/hmas/policies');
    await page.getByRole('button', { name: new RegExp(`/${name}$`) }).click();
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await choose(page, 'Zone', 'GPU General');
    await page.getByRole('button', { name: 'Review changes' }).click();
    const review = page.getByRole('dialog', { name: 'Review changes' });
    await expect(
      review.getByRole('deletion').filter({ hasText: 'gpu-tier: none' }),
    ).toBeVisible();
    await expect(
      review.getByRole('insertion').filter({ hasText: 'gpu-tier: general' }),
    ).toBeVisible();
    await screenshot(page, 'policies-edit-review');
    await review.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Saved.')).toBeVisible();

    // Karmada holds the change, and the history shows its diff.
    const stored = await page.request.get(
      `${backend}/api/hmas/policies/propagationpolicies/default/${name}`,
      { headers: auth },
    );
    expect(
      (await stored.json()).spec.placement.clusterAffinity.labelSelector
        .matchLabels,
    ).toEqual({ 'gpu-tier': 'general' });
    await page.getByRole('tab', { name: 'Changes' }).click();
    await page.getByRole('button', { name: 'Show diff' }).first().click();
    await expect(
      page
        .getByRole('insertion')
        .filter({ hasText: 'gpu-tier: general' })
        .first(),
    ).toBeVisible();
    await screenshot(page, 'policies-edit-history');
  } finally {
    await page.request.delete(
      `${backend}/api/hmas/policies/propagationpolicies/default/${name}`,
      { headers: auth },
    );
  }
});

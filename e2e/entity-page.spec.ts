import { expect, Page, test } from '@playwright/test';
import {
  backend,
  createLlamaOnCpu,
  guestToken,
  screenshot,
  signInAsGuest,
} from './helpers';

/**
 * The portal's front door and the catalog's entity pages: the catalog at /catalog, the H-MAS
 * home page at /, no leftover example template, and the service page of the demo service
 * `chat-assistant` (examples/entities.yaml) with its Model deployments card first and a
 * Depends on resources list that follows its deployments.
 */

/** Console messages React and Material UI write about list items without a unique key/id. */
function watchKeyWarnings(page: Page): string[] {
  const found: string[] = [];
  page.on('console', msg => {
    if (
      ['warning', 'error'].includes(msg.type()) &&
      /unique (`?key`?|id)/i.test(msg.text())
    ) {
      found.push(`${page.url()}: ${msg.text().slice(0, 300)}`);
    }
  });
  return found;
}

const SERVICE_PAGE = '/catalog/default/component/chat-assistant';

/** An entity card by its title: an InfoCard, or a table card (an article with a heading). */
const cardTitled = (page: Page, title: string) =>
  page
    .locator('.MuiCard-root, article')
    .filter({ has: page.getByText(title, { exact: true }) });

/** The Model deployments card. */
const modelDeploymentsCard = (page: Page) =>
  cardTitled(page, 'Model deployments').first();

/** The card is above every other card of the main column (About is the column beside it). */
async function expectModelDeploymentsFirst(page: Page, others: string[]) {
  const top = async (title: string) =>
    (await cardTitled(page, title).first().boundingBox())?.y ?? Infinity;
  const own = (await modelDeploymentsCard(page).boundingBox())?.y;
  expect(own).toBeDefined();
  for (const other of others) {
    await expect(cardTitled(page, other).first()).toBeVisible();
    expect(own!).toBeLessThan(await top(other));
  }
}

test('the catalog answers at /catalog and the H-MAS home page at /', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const keyWarnings = watchKeyWarnings(page);
  await signInAsGuest(page);

  await page.goto('/catalog');
  await expect(page.getByRole('table').first()).toBeVisible();
  await expect(
    page.getByRole('link', { name: /Chat assistant|chat-assistant/ }).first(),
  ).toBeVisible();
  await page.waitForLoadState('networkidle');
  await screenshot(page, 'entity-catalog');

  await page.goto('/');
  await expect(
    page.getByRole('heading', { name: 'H-MAS Portal' }),
  ).toBeVisible();
  const start = page.getByRole('list', { name: 'Getting started' });
  await expect(start).toBeVisible();
  for (const [name, href] of [
    ['H-MAS overview', '/hmas'],
    ['Model deployments', '/hmas/deployments'],
    ['Deploy a model', '/create/templates/default/hmas-deploy-model'],
    ['Catalog', '/catalog'],
  ]) {
    await expect(
      start.getByRole('link', { name, exact: true }),
    ).toHaveAttribute('href', href);
  }
  // Nothing of the stock home page that reaches the internet.
  await expect(page.getByText('Random Joke')).toHaveCount(0);
  await expect(page.getByText('Toolkit')).toHaveCount(0);
  await screenshot(page, 'entity-home');

  // The sidebar's Catalog entry leads to the catalog, Home back to /.
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await nav.getByRole('link', { name: 'Catalog', exact: true }).click();
  await expect(page).toHaveURL(/\/catalog$/);
  // (The logo is a Home link too; this is the sidebar's Home entry.)
  await nav.getByRole('link', { name: 'Home', exact: true }).last().click();
  await expect(
    page.getByRole('heading', { name: 'H-MAS Portal' }),
  ).toBeVisible();
  expect(keyWarnings).toEqual([]);
});

test('Create offers the H-MAS templates and no example Node.js template', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await signInAsGuest(page);
  await page.goto('/create');
  await expect(page.getByText('Deploy a model', { exact: true })).toBeVisible();
  await expect(page.getByText(/Example Node\.js Template/)).toHaveCount(0);
  await screenshot(page, 'entity-create');
});

test('the service page leads with Model deployments, and Depends on resources follows its deployments', async ({
  page,
}) => {
  // The catalog re-reads the deployments once a minute (catalog.providers.hmas.schedule),
  // then processes and stitches: each change shows within about a minute and a half.
  test.setTimeout(420_000);
  const keyWarnings = watchKeyWarnings(page);
  await signInAsGuest(page);
  const token = await guestToken(page);
  const name = `e2e-svc-${Date.now().toString(36)}`;

  await page.goto(SERVICE_PAGE);
  const modelCard = modelDeploymentsCard(page);
  await expect(
    modelCard.getByRole('link', { name: 'demo-llama-cpu' }),
  ).toBeVisible();
  await expectModelDeploymentsFirst(page, [
    'Depends on resources',
    'Relations',
  ]);
  // Cards with nothing to list for this service are not shown.
  for (const empty of [
    'Depends on components',
    'Has subcomponents',
    'Provided APIs',
    'Consumed APIs',
  ]) {
    await expect(page.getByText(empty, { exact: true })).toHaveCount(0);
  }
  await screenshot(page, 'entity-service');

  const dependsOn = cardTitled(page, 'Depends on resources');
  /** Whether the freshly loaded service page lists the deployment as a resource it depends on. */
  const listed = async () => {
    await page.goto(SERVICE_PAGE);
    await expect(dependsOn.getByRole('link').first()).toBeVisible();
    return dependsOn.getByRole('link', { name, exact: true }).count();
  };

  const created = await createLlamaOnCpu(page, token, name, {
    entityRef: 'component:default/chat-assistant',
  });
  expect(created.status()).toBe(201);
  const deploymentId = async () => {
    const res = await page.request.get(`${backend}/api/hmas/deployments`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return ((await res.json()).items ?? []).find((d: any) => d.name === name)
      ?.id as string | undefined;
  };
  try {
    await expect.poll(listed, { timeout: 150_000, intervals: [5_000] }).toBe(1);
    await expect(
      // In the researcher's team namespace: `<namespace>/<name>`.
      modelCard.getByRole('link', { name: new RegExp(`(^|/)${name}$`) }),
    ).toBeVisible();
    await screenshot(page, 'entity-service-with-deployment');

    const id = await deploymentId();
    const deleted = await page.request.delete(
      `${backend}/api/hmas/deployments/${id}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(deleted.ok()).toBe(true);
    await expect.poll(listed, { timeout: 150_000, intervals: [5_000] }).toBe(0);
    await screenshot(page, 'entity-service-after-delete');
  } finally {
    const left = await deploymentId();
    if (left) {
      await page.request.delete(`${backend}/api/hmas/deployments/${left}`, {
        headers: { authorization: `Bearer ${token}` },
      });
    }
  }
  expect(keyWarnings).toEqual([]);
});

test('a deployment’s own page shows its Model deployments card first', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const keyWarnings = watchKeyWarnings(page);
  await signInAsGuest(page);
  await page.goto('/catalog/default/resource/demo-llama-cpu');
  await expect(
    modelDeploymentsCard(page).getByRole('link', { name: 'demo-llama-cpu' }),
  ).toBeVisible();
  await expectModelDeploymentsFirst(page, ['Relations']);
  await screenshot(page, 'entity-deployment-resource');
  expect(keyWarnings).toEqual([]);
});

import { Page, test } from '@playwright/test';

/** The example users of the development portal (examples/org.yaml). */
export const RESEARCHER = 'user:default/guest';
export const PLATFORM_ADMIN = 'user:default/platform-admin';

/**
 * Opens the portal and signs in with the guest provider: as the researcher `guest`, or as
 * another example user through the development sign-in's cookie.
 */
export async function signInAsGuest(page: Page, user: string = RESEARCHER) {
  await page
    .context()
    .addCookies([
      { name: 'hmas-dev-user', value: user, domain: 'localhost', path: '/' },
    ]);
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Catalog', exact: true })
    .waitFor({ state: 'visible' });
}

/**
 * Takes a full-page screenshot: kept in the test's entry of the HTML report
 * (test-results/e2e-report) and saved under test-results/screenshots (both git-ignored).
 */
export async function screenshot(page: Page, name: string) {
  const body = await page.screenshot({
    path: `test-results/screenshots/${name}.png`,
    fullPage: true,
  });
  await test.info().attach(name, { body, contentType: 'image/png' });
}

/** The backend the specs call directly. */
export const backend = process.env.HMAS_BACKEND_URL ?? 'http://localhost:7007';

/** The signed-in guest session: its Backstage token and identity. */
export async function guestSession(page: Page): Promise<{
  token: string;
  identity: { userEntityRef: string };
}> {
  const session = await page.request.get(
    `${backend}/api/auth/guest/refresh?env=development`,
    { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
  );
  return (await session.json()).backstageIdentity;
}

/** The signed-in guest's Backstage token, for calls to the backend. */
export async function guestToken(page: Page): Promise<string> {
  return (await guestSession(page)).token;
}

/**
 * Creates a deployment of the llama.cpp CPU preset (CPU Only) as the signed-in guest and
 * answers the backend's response; `name` must be new.
 */
export async function createLlamaOnCpu(
  page: Page,
  token: string,
  name: string,
  /** More fields of the create request, e.g. `entityRef`. */
  extra: Record<string, unknown> = {},
) {
  const created = await page.request.post(`${backend}/api/hmas/deployments`, {
    headers: { authorization: `Bearer ${token}` },
    data: {
      name,
      runtime: 'llamacpp',
      gpuMode: 'cpu',
      model: { preset: 'llama-3.1-8b-instruct-gguf-q4' },
      placement: { mode: 'zone', zone: 'cpu-only' },
      ...extra,
    },
  });
  return created;
}

/** Picks an option of an MUI select by its label. */
export async function choose(
  page: Page,
  label: string,
  option: RegExp | string,
) {
  await page.getByRole('button', { name: new RegExp(`^${label}\\b`) }).click();
  await page
    .getByRole('option', {
      name: option,
      ...(typeof option === 'string' ? { exact: true } : {}),
    })
    .click();
}

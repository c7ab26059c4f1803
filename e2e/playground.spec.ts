import { expect, test } from '@playwright/test';
import {
  backend,
  createLlamaOnCpu,
  guestToken,
  screenshot,
  signInAsGuest,
} from './helpers';

/**
 * The researcher's journey to a first answer: deploy a model, wait for Ready, chat with it in
 * the deployment's playground and see the answer stream in, with its timing and tokens, and
 * the calls to copy. The model servers of the portal answer at about 20 tokens a second
 * (hmas.karmada.embedded.tokenIntervalMs), so the stream lasts seconds.
 */
test('deploy, wait for Ready, and chat in the playground with a streamed answer', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await signInAsGuest(page);
  const token = await guestToken(page);
  const name = `e2e-chat-${Date.now().toString(36)}`;
  const created = await createLlamaOnCpu(page, token, name);
  expect(created.status()).toBe(201);
  const { id, namespace } = (await created.json()).deployment;
  try {
    await page.goto(`/hmas/deployments?id=${encodeURIComponent(id)}`);
    const dialog = page.getByRole('dialog', {
      name: new RegExp(`Deployment ${name}`),
    });
    await dialog.getByRole('tab', { name: 'Playground' }).click();
    const message = dialog.getByRole('textbox', { name: 'Message' });
    // The dialog follows the progress; the playground opens once a replica is Ready (how it
    // reads before, or without permission, is in Playground.test.tsx: here the model loads
    // in 3 s, often before the tab is open).
    await expect(message).toBeEnabled({ timeout: 120_000 });
    await message.fill('Say hello to the fleet');
    await message.press('Enter');

    const conversation = dialog.getByRole('log', { name: 'Conversation' });
    await expect(conversation.getByTestId('playground-user')).toHaveText(
      /Say hello to the fleet/,
    );
    const answer = conversation.getByTestId('playground-assistant');
    // Streamed: text is shown while the answer is still being generated.
    await expect(
      page.locator(
        '[role="log"][aria-busy="true"] [data-testid="playground-assistant"]',
      ),
    ).toHaveText(/\w+ \w+/);
    await screenshot(page, 'playground-streaming');
    // Then the answer is complete, with what the call measured: the simulator's llama.cpp
    // reports token usage, which the gateway passes on.
    await expect(answer.getByTestId('playground-measured')).toHaveText(
      /first text after \d+ ms · .* in all · \d+ prompt \+ 64 completion tokens/,
      { timeout: 60_000 },
    );
    await expect(conversation).toHaveAttribute('aria-busy', 'false');
    await expect(message).toHaveValue('');

    // The calls to copy name this deployment's endpoint.
    const endpoint = `${backend}/api/hmas/inference/${namespace}.${name}/v1`;
    await expect(dialog.getByText(endpoint, { exact: true })).toBeVisible();
    await expect(dialog.getByText(/from openai import OpenAI/)).toBeVisible();
    await expect(
      dialog.getByText(new RegExp(`curl ${endpoint}/chat/completions`)),
    ).toBeVisible();
    await screenshot(page, 'playground-answered');

    // Metered: the Usage tab shows the call once the gateway wrote its counts (every 5 s).
    // The playground asked the model server's /v1/models first: two calls by the guest.
    await dialog.getByRole('tab', { name: 'Usage' }).click();
    const guestRow = dialog
      .getByRole('table', { name: 'Usage by caller' })
      .getByRole('row', { name: /user:default\/guest/ });
    await expect
      .poll(
        async () => {
          await dialog.getByRole('button', { name: 'Refresh' }).click();
          return (await guestRow.count()) > 0
            ? (await guestRow.getByRole('cell').allTextContents()).slice(1, 3)
            : [];
        },
        { timeout: 60_000, intervals: [2_000] },
      )
      .toEqual(['2', '0']);
    // Requests, errors, mean and max latency, then the tokens the answer reported.
    await expect(guestRow.getByRole('cell').nth(6)).toHaveText('64');
    await screenshot(page, 'playground-usage');
  } finally {
    await page.request.delete(`${backend}/api/hmas/deployments/${id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
  }
});

import { expect, Page, test } from '@playwright/test';
import { PLATFORM_ADMIN, screenshot, signInAsGuest } from './helpers';

/**
 * Layout at the widths people use: no H-MAS page scrolls sideways, no table overflows its
 * card, and no column header is clipped.
 */
const PAGES = [
  '/hmas',
  '/hmas/clusters',
  '/hmas/deployments',
  '/hmas/policies',
  '/hmas/namespaces',
  '/hmas/audit',
];

async function overflows(page: Page) {
  return page.evaluate(() => {
    const problems: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth + 1) {
      problems.push(
        `the page is ${doc.scrollWidth}px wide in a ${window.innerWidth}px window`,
      );
    }
    for (const table of Array.from(document.querySelectorAll('table'))) {
      const box = table.parentElement!;
      if (box.scrollWidth > box.clientWidth + 1) {
        const caption =
          table.closest('[data-testid]')?.getAttribute('data-testid') ??
          table.querySelector('th')?.textContent ??
          'a table';
        problems.push(
          `${caption}: table ${box.scrollWidth}px in a ${box.clientWidth}px box`,
        );
      }
      for (const th of Array.from(table.querySelectorAll('th'))) {
        const el = th as HTMLElement;
        if (el.scrollWidth > el.clientWidth + 1) {
          problems.push(`header "${el.textContent}" is clipped`);
        }
      }
    }
    return problems;
  });
}

for (const width of [1280, 1920]) {
  test(`H-MAS pages fit ${width} px: no sideways scroll, no overflowing table, no clipped header`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height: 900 });
    await signInAsGuest(page, PLATFORM_ADMIN);
    const found: Record<string, string[]> = {};
    for (const path of PAGES) {
      await page.goto(path);
      // Let the lists load before measuring.
      await page.waitForLoadState('networkidle');
      await expect(page.locator('main')).toBeVisible();
      found[path] = await overflows(page);
      await screenshot(page, `layout-${width}${path.replace(/\//g, '-')}`);
    }
    expect(found).toEqual(Object.fromEntries(PAGES.map(p => [p, []])));
  });
}

// Looks (issue 20, part 6), measured at 1280 px and at 360 px: boxes that must not squeeze,
// overlap or hide what a person needs.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { Rapport } from './rapport';

const WIDE = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740 };

async function box(locator: Locator) {
  const found = await locator.boundingBox();
  if (!found) throw new Error('no box: the element is not shown');
  return found;
}

function overlaps(a: { x: number; y: number; width: number; height: number }, b: typeof a): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

async function withDemo(page: Page, hash = '#/contacts'): Promise<Rapport> {
  await page.clock.setFixedTime(new Date('2026-11-20T09:00:00Z'));
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.loadDemo();
  await expect(app.rows().first()).toBeVisible();
  if (hash !== '#/contacts') await app.open(hash);
  return app;
}

test('the quality card of Insights keeps its values readable at 1280 px', async ({ page }) => {
  await page.setViewportSize(WIDE);
  const app = await withDemo(page, '#/insights');
  const card = app.id('quality-overview');
  const value = app.id('quality-overview-types');
  await expect(value).toBeVisible();
  expect((await box(value)).width).toBeGreaterThanOrEqual(120);
  expect((await box(card)).height).toBeLessThan(600);
});

for (const viewport of [WIDE, PHONE]) {
  test(`the contact import preview reads whole words and the stage each will get at ${viewport.width} px`, async ({ page }) => {
    await page.setViewportSize(viewport);
    const app = new Rapport(page);
    await app.open('#/data');
    const csv = 'Name,Email,Stage\nAmina Yusuf,amina@paper.example,\nLeo Park,leo@radio.example,relationship\n';
    await app.id('contacts-file').setInputFiles({ name: 'press.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await app.id('mapping-continue').click();
    const preview = app.id('import-preview');
    const amina = preview.locator('tbody tr', { hasText: 'Amina Yusuf' });
    const kind = amina.locator('td').nth(1);
    await expect(kind).toHaveText('Person');
    // One line: a word broken over two lines doubles the cell's text height.
    const lineHeight = await kind.evaluate((cell) => parseFloat(getComputedStyle(cell).lineHeight));
    const text = await kind.evaluate((cell) => {
      const range = document.createRange();
      range.selectNodeContents(cell);
      return range.getBoundingClientRect().height;
    });
    expect(text).toBeLessThan(lineHeight * 1.5);
    // The stage column says where each contact starts: the file's, or the one chosen below.
    await expect(amina.locator('td').nth(5)).toHaveText('Connection');
    await app.id('import-stage').selectOption('target');
    await expect(amina.locator('td').nth(5)).toHaveText('Target');
    await expect(preview.locator('tbody tr', { hasText: 'Leo Park' }).locator('td').nth(5)).toHaveText('Relationship');
  });
}

test('the JSON merge preview table has padded cells', async ({ page }) => {
  const app = await withDemo(page, '#/data');
  const download = page.waitForEvent('download');
  await app.id('export-json').click();
  const path = await (await download).path();
  await app.id('import-file').setInputFiles(path);
  const cell = app.id('merge-preview').locator('td').first();
  await expect(cell).toBeVisible();
  const padding = await cell.evaluate((td) => parseFloat(getComputedStyle(td).paddingLeft));
  expect(padding).toBeGreaterThanOrEqual(6);
});

test('"Clear search and filters" looks like a button', async ({ page }) => {
  const app = await withDemo(page);
  await app.search('a');
  const clear = app.id('clear-filters');
  await expect(clear).toBeVisible();
  const look = await clear.evaluate((button) => {
    const style = getComputedStyle(button);
    return { border: parseFloat(style.borderTopWidth), color: style.borderTopColor };
  });
  expect(look.border).toBeGreaterThanOrEqual(1);
  expect(look.color).not.toBe('rgba(0, 0, 0, 0)');
});

for (const viewport of [WIDE, PHONE]) {
  test(`the new-contact form opens below the sticky header at ${viewport.width} px`, async ({ page }) => {
    await page.setViewportSize(viewport);
    const app = await withDemo(page);
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.keyboard.press('n');
    const form = app.id('contact-form');
    await expect(form).toBeVisible();
    await expect(form.getByTestId('field-name')).toBeFocused();
    const header = await box(page.locator('.app-header'));
    expect((await box(form)).y).toBeGreaterThanOrEqual(header.y + header.height - 1);
  });

  test(`a toast leaves the button just pressed visible at ${viewport.width} px`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await page.clock.setFixedTime(new Date('2026-11-20T09:00:00Z'));
    const app = new Rapport(page);
    await app.open('#/contacts');
    await app.addContact({ name: 'Noor Haddad', stakeholder: 'journalist' });
    const submit = app.id('log-submit');
    // The button at the very bottom of the window, where a toast appears.
    await submit.evaluate((button) => {
      const top = button.getBoundingClientRect().bottom + window.scrollY - window.innerHeight + 4;
      window.scrollTo(0, top);
    });
    await app.id('log-summary').fill('Met at the press breakfast');
    await submit.click();
    await expect(app.id('toast')).toBeVisible();
    // Measured while the toast is there (it goes after a few seconds).
    await expect
      .poll(async () => overlaps(await box(app.id('toast')), await box(submit)), { timeout: 2_000 })
      .toBe(false);
  });
}

test("a dialog's close button sits level with its title", async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/');
  await app.id('help-open').click();
  const title = await box(page.locator('#help-title'));
  const close = await box(app.id('help-dialog').getByRole('button', { name: 'Close the help' }));
  expect(Math.abs(close.y + close.height / 2 - (title.y + title.height / 2))).toBeLessThanOrEqual(6);
});

test('the guided walk ends with a next step', async ({ page }) => {
  await page.clock.setFixedTime(new Date('2026-11-20T09:00:00Z'));
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.addContact({ name: 'Ravi Menon', stakeholder: 'journalist', stage: 'connection' });
  await app.id('start-walk').click();
  while (await app.id('walk-skip').isVisible()) await app.id('walk-skip').click();
  await expect(app.id('walk-end')).toBeVisible();
  await app.id('walk-next').click();
  await expect(app.id('walk')).toBeHidden();
  await expect(app.id('log-kind')).toBeFocused();
  await expect(app.id('log-kind')).toHaveValue('introduction');
});

test('on a phone the filters are folded away until asked for', async ({ page }) => {
  await page.setViewportSize(PHONE);
  const app = await withDemo(page);
  await expect(app.id('filter-stage')).toBeHidden();
  await expect(app.rows().first()).toBeInViewport();
  await app.id('filters-toggle').click();
  await expect(app.id('filter-stage')).toBeVisible();
  await page.setViewportSize(WIDE);
  await app.reload();
  await expect(app.id('filter-stage')).toBeVisible();
});

test('Today asks for no backup right after the demo is loaded', async ({ page }) => {
  const app = await withDemo(page, '#/');
  await expect(app.id('nav-today')).toHaveAttribute('aria-current', 'page');
  await expect(app.id('backup-nudge')).toHaveCount(0);
});

test('on a phone, a refused save and the question before discarding come into view below the header', async ({ page }) => {
  await page.setViewportSize(PHONE);
  const app = await withDemo(page);
  const header = async () => {
    const found = await box(page.locator('.app-header'));
    return found.y + found.height;
  };
  await app.id('add-contact').click();
  await app.id('field-name').fill('Ines Duarte');
  // Saved from the bottom of the long form, without the stakeholder type.
  await app.id('save-contact').scrollIntoViewIfNeeded();
  await app.id('save-contact').click();
  const error = app.id('form-error');
  await expect(error).toBeInViewport();
  expect((await box(error)).y).toBeGreaterThanOrEqual((await header()) - 1);

  await app.id('field-role').focus();
  await page.keyboard.press('Escape');
  const question = app.id('discard-warning');
  await expect(question).toBeInViewport();
  expect((await box(question)).y).toBeGreaterThanOrEqual((await header()) - 1);
});

test('choosing coverage, something they gave, says they reached out', async ({ page }) => {
  const app = await withDemo(page);
  await app.openContact((await app.rows().first().locator('.contact-name').innerText()).trim());
  const form = app.id('log-form');
  await expect(form.getByTestId('log-direction')).toHaveValue('outbound');
  await form.getByTestId('log-kind').selectOption('coverage');
  await expect(form.getByTestId('log-direction')).toHaveValue('inbound');
});

for (const viewport of [WIDE, PHONE]) {
  test(`a flagged formula row reads as a checkbox beside its words at ${viewport.width} px`, async ({ page }) => {
    await page.setViewportSize(viewport);
    const app = new Rapport(page);
    await app.open('#/data');
    const csv = ['Name,Email', 'Ana Lima,ana@example.org', '=1+1,sum@example.org'].join('\n');
    await app.id('contacts-file').setInputFiles({ name: 'sheet.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await app.id('mapping-continue').click();
    const row = app.id('formula-row');
    const check = await box(row.getByTestId('formula-include'));
    expect(check.width).toBeLessThan(32);
    // The words start on the checkbox's line, to its right.
    const words = await row.locator('label').evaluate((label) => {
      const text = [...label.childNodes].find(
        (node) => node.nodeType === Node.TEXT_NODE && (node.textContent ?? '').trim() !== '',
      );
      const range = document.createRange();
      range.selectNodeContents(text ?? label);
      const first = range.getClientRects()[0];
      return { x: first.x, y: first.y, height: first.height };
    });
    expect(words.x).toBeGreaterThan(check.x + check.width - 1);
    expect(Math.abs(words.y + words.height / 2 - (check.y + check.height / 2))).toBeLessThan(16);
    expect(await row.evaluate((item) => getComputedStyle(item).listStyleType)).toBe('none');
  });
}

for (const viewport of [WIDE, PHONE]) {
  test(`a saved list reads as a list to open, not as an active filter, at ${viewport.width} px`, async ({ page }, testInfo) => {
    await page.setViewportSize(viewport);
    const app = await withDemo(page);
    const lists = app.id('saved-lists');
    // Named as what they are, in words on the page.
    await expect(lists.getByText('Saved lists', { exact: true })).toBeVisible();
    const open = app.id('saved-list').filter({ hasText: 'Tech press' });
    const remove = app.id('delete-list').first();
    // A pill with a "×" is how an applied filter looks (remove it to widen the list): a saved
    // list is a button of its own shape, and deleting it says so.
    for (const target of [open, remove]) {
      const found = await box(target);
      expect(found.height).toBeGreaterThanOrEqual(44);
      expect(found.width).toBeGreaterThanOrEqual(44);
    }
    const shape = await open.evaluate((button) => {
      const style = getComputedStyle(button);
      return { radius: parseFloat(style.borderTopLeftRadius), height: button.getBoundingClientRect().height };
    });
    expect(shape.radius).toBeLessThan(shape.height / 4);
    expect((await remove.innerText()).trim()).not.toBe('×');
    await expect(remove).toHaveAccessibleName('Delete the list Tech press');
    // Opened, it says it is the list shown, still apart from the filters it set.
    await open.click();
    await expect(open).toHaveAttribute('aria-pressed', 'true');
    await expect(app.id('filter-tag')).toHaveValue('tech press');
    await page.screenshot({ path: testInfo.outputPath(`saved-list-${viewport.width}.png`) });
  });
}

/** The contrast ratio of two CSS colours (WCAG 2). */
function contrast(a: string, b: string): number {
  const luminance = (colour: string) => {
    const [r, g, bl] = (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

for (const viewport of [WIDE, PHONE]) {
  for (const scheme of ['light', 'dark'] as const) {
    test(`a toast covers nothing on the page at ${viewport.width} px (${scheme})`, async ({ page }, testInfo) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize(viewport);
      // The demo's own toast ("Demo ledger loaded"), over a list scrolled to its middle.
      const app = await withDemo(page);
      const toast = app.id('toast');
      await expect(toast).toBeVisible();
      await page.evaluate(() => window.scrollTo(0, 400));
      await page.screenshot({ path: testInfo.outputPath(`toast-${viewport.width}-${scheme}.png`) });
      const text = await toast.evaluate((node) => {
        const style = getComputedStyle(node);
        return { colour: style.color, background: style.backgroundColor };
      });
      expect(contrast(text.colour, text.background)).toBeGreaterThanOrEqual(4.5);
      const withToast = await page.evaluateHandle(() => {
        const found: Array<Element | null> = [];
        for (let y = 2; y < window.innerHeight; y += 24) {
          for (let x = 2; x < window.innerWidth; x += 24) found.push(document.elementFromPoint(x, y));
        }
        return found;
      });
      await toast.getByRole('button', { name: 'Dismiss' }).click();
      await expect(toast).toHaveCount(0);
      // Every point that shows the page's content without the toast shows the same with it.
      const covered = await page.evaluate((before) => {
        const main = document.querySelector('main');
        const hidden: string[] = [];
        let index = 0;
        for (let y = 2; y < window.innerHeight; y += 24) {
          for (let x = 2; x < window.innerWidth; x += 24) {
            const now = document.elementFromPoint(x, y);
            if (now && main?.contains(now) && before[index] !== now) hidden.push(`${x},${y} ${now.tagName}.${now.className}`);
            index++;
          }
        }
        return hidden;
      }, withToast);
      expect(covered).toEqual([]);
    });
  }
}

test('a toast too long for the dock pushes the page up rather than cover it, at 360 px', async ({ page }) => {
  await page.setViewportSize(PHONE);
  const app = new Rapport(page);
  await app.open('#/contacts');
  // A tag of many words: setting its cadence says its name in the toast.
  const tag = Array.from({ length: 30 }, (_, index) => `desk${index}`).join(' ');
  await app.addContact({ name: 'Ada Long', stakeholder: 'journalist', tags: tag });
  await app.open('#/settings');
  const row = app.id('tag-cadence').filter({ hasText: 'desk29' });
  const set = row.getByTestId('set-tag-cadence');
  await row.getByTestId('tag-cadence-days').fill('14');
  const dock = app.id('toast-dock');
  const restHeight = (await box(dock)).height;
  // The button just above the dock, where a grown dock would come over it.
  await set.evaluate((button, dockTop) => {
    window.scrollBy(0, button.getBoundingClientRect().bottom - (dockTop - 4));
  }, (await box(dock)).y);
  await set.click();
  await expect(app.id('toast')).toContainText('desk29');
  const grown = await box(dock);
  expect(grown.height).toBeGreaterThan(restHeight + 20);
  // Measured while the toast is there: it goes after a few seconds, and the dock with it.
  const coveredBy = async () => {
    const button = await box(set);
    return button.y + button.height - (await box(dock)).y;
  };
  await expect.poll(coveredBy, { timeout: 2_000 }).toBeLessThanOrEqual(1);
  await expect(app.id('toast')).toBeVisible();
});

test('after coverage, a kind of my own says I reached out again', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.addContact({ name: 'Rosa Lind', stakeholder: 'journalist', stage: 'relationship' });
  const direction = app.id('log-form').getByTestId('log-direction');
  await app.id('log-kind').selectOption('coverage');
  await expect(direction).toHaveValue('inbound');
  await app.logInteraction({ kind: 'coverage', summary: 'Her piece on the clinic ran' });
  // The promise that follows is mine: "They reached out", set for the coverage, must not
  // be logged with it unnoticed.
  await app.id('log-kind').selectOption('promise');
  await expect(direction).toHaveValue('outbound');
  await app.id('log-kind').selectOption('coverage');
  await expect(direction).toHaveValue('inbound');
  await app.id('log-kind').selectOption('give');
  await expect(direction).toHaveValue('outbound');
});

for (const viewport of [WIDE, PHONE]) {
  test(`a page reached by keyboard gets no frame around all its content at ${viewport.width} px`, async ({ page }, testInfo) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.setViewportSize(viewport);
    const app = new Rapport(page);
    await app.open('#/contacts');
    await page.keyboard.press('g');
    await page.keyboard.press('g');
    await expect(page).toHaveURL(/#\/guide$/);
    // The keyboard starts at the top of the new page, which needs no ring around it.
    await expect(page.locator('main')).toBeFocused();
    const ring = await page.locator('main').evaluate((main) => {
      const style = getComputedStyle(main);
      return { outline: style.outlineStyle, shadow: style.boxShadow };
    });
    await page.screenshot({ path: testInfo.outputPath(`guide-by-keyboard-${viewport.width}.png`) });
    expect(ring).toEqual({ outline: 'none', shadow: 'none' });
  });
}

for (const viewport of [WIDE, PHONE]) {
  test(`contact rows keep short names whole and stage badges their own size at ${viewport.width} px`, async ({ page }, testInfo) => {
    await page.setViewportSize(viewport);
    const app = await withDemo(page);
    await page.screenshot({ path: testInfo.outputPath(`contact-rows-${viewport.width}.png`) });
    const rows = await app.rows().evaluateAll((links) =>
      links.map((row) => {
        const name = row.querySelector('.contact-name') as HTMLElement;
        const badge = row.querySelector('.stage-badge') as HTMLElement;
        const range = document.createRange();
        range.selectNodeContents(badge);
        return {
          name: name.textContent ?? '',
          cut: name.scrollWidth > name.clientWidth + 1,
          slack: badge.getBoundingClientRect().width - range.getBoundingClientRect().width,
        };
      }),
    );
    expect(rows.length).toBeGreaterThan(5);
    // A name of up to 16 characters fits beside the stage on a 360 px phone.
    expect(rows.filter((row) => row.cut && row.name.length <= 16).map((row) => row.name)).toEqual([]);
    // A badge is its word and its padding, not stretched to the date below it.
    expect(rows.filter((row) => row.slack > 30).map((row) => `${row.name}: ${Math.round(row.slack)}`)).toEqual([]);
  });
}

// A small page object for Rapport: every element is found by its data-testid (the UI's
// contract with these specs), so the specs read as what a person does.
import { expect, type Locator, type Page } from '@playwright/test';

export interface NewContact {
  name: string;
  kind?: 'person' | 'organization';
  stakeholder?: string; // a key: "journalist", "customer", ...
  stage?: 'target' | 'connection' | 'relationship' | 'partnership';
  role?: string;
  /** The outlet or organization's name, as typed; a new name creates the organization. */
  outlet?: string;
  emails?: string;
  interests?: string;
  tags?: string;
  notes?: string;
}

export interface NewInteraction {
  kind: string; // a key: "give", "ask", "conversation", ...
  summary: string;
  channel?: string;
  direction?: string;
  date?: string; // YYYY-MM-DD
  learned?: string;
}

export interface LedgerCounts {
  contacts: number;
  interactions: number;
  promises: number;
}

/** A valid record id (a ULID) that no ledger of ours contains. */
export const GHOST_ID = '01ARZ3NDEKTSV4RRFFQ69G5FAV';

export class Rapport {
  constructor(readonly page: Page) {}

  id(testId: string): Locator {
    return this.page.getByTestId(testId);
  }

  // ---- navigation -------------------------------------------------------------------------

  /** Opens the app at a hash route ("#/", "#/data") and waits until it has mounted. */
  async open(hash = '#/contacts'): Promise<void> {
    await this.page.goto(`./${hash}`);
    await this.ready();
  }

  /** Waits for the WebAssembly app to mount (the navigation is rendered by it). */
  async ready(): Promise<void> {
    await expect(this.id('nav-contacts')).toBeVisible({ timeout: 30_000 });
  }

  async reload(): Promise<void> {
    await this.page.reload();
    await this.ready();
  }

  async goContacts(): Promise<void> {
    await this.id('nav-contacts').click();
    await expect(this.page).toHaveURL(/#\/contacts$/);
  }

  async goData(): Promise<void> {
    await this.id('nav-data').click();
    await expect(this.id('export-json')).toBeVisible();
  }

  // ---- contact list -----------------------------------------------------------------------

  rows(): Locator {
    return this.id('contact-row');
  }

  row(name: string): Locator {
    return this.rows().filter({ hasText: name });
  }

  /** The number of contacts the list shows (0 on the empty state). */
  async shownCount(): Promise<number> {
    await expect(this.id('contact-count').or(this.id('empty-state'))).toBeVisible();
    if (await this.id('empty-state').isVisible()) return 0;
    return firstNumber(await this.id('contact-count').innerText());
  }

  async search(query: string): Promise<void> {
    await this.id('search').fill(query);
  }

  /**
   * Loads the demo ledger into an empty ledger, from the empty state or the data page; the
   * worker makes it, so it comes a moment after the click.
   */
  async loadDemo(): Promise<void> {
    await this.id('load-demo').first().click();
    await expect(
      this.id('toast').filter({ hasText: /^Demo ledger loaded|^The demo ledger is only in this tab/ }).first(),
    ).toBeVisible();
  }

  async openContact(name: string): Promise<void> {
    await this.row(name).first().click();
    await expect(this.id('contact-name')).toHaveText(name);
  }

  // ---- contact form -----------------------------------------------------------------------

  /** Fills the contact form that is open (add or edit) with what is given. */
  async fillContactForm(contact: Partial<NewContact>): Promise<void> {
    const form = this.id('contact-form');
    await expect(form).toBeVisible();
    if (contact.name !== undefined) await form.getByTestId('field-name').fill(contact.name);
    if (contact.kind) await form.getByTestId('field-kind').selectOption(contact.kind);
    if (contact.role !== undefined) await form.getByTestId('field-role').fill(contact.role);
    if (contact.outlet !== undefined) await form.getByTestId('field-organization').fill(contact.outlet);
    if (contact.stakeholder) await form.getByTestId('field-stakeholder').selectOption(contact.stakeholder);
    if (contact.stage) await form.getByTestId('field-stage').selectOption(contact.stage);
    if (contact.emails !== undefined) await form.getByTestId('field-emails').fill(contact.emails);
    if (contact.interests !== undefined) await form.getByTestId('field-interests').fill(contact.interests);
    if (contact.tags !== undefined) await form.getByTestId('field-tags').fill(contact.tags);
    if (contact.notes !== undefined) await form.getByTestId('field-notes').fill(contact.notes);
  }

  /**
   * Adds a contact from the contact list. The app then shows the new contact's page and
   * offers the guided walk through the stage's prompts, which this closes.
   */
  async addContact(contact: NewContact): Promise<void> {
    await this.id('add-contact').click();
    // The form asks for the stakeholder type; a spec that does not care says "Other".
    await this.fillContactForm({ stakeholder: 'other', ...contact });
    await this.id('save-contact').click();
    await expect(this.id('contact-form')).toBeHidden();
    await expect(this.id('contact-name')).toHaveText(contact.name);
    await this.closeWalk();
  }

  /** Closes the guided walk (a modal dialog) if it is open. */
  async closeWalk(): Promise<void> {
    if (await this.id('walk').isVisible()) {
      await this.id('walk-close').click();
      await expect(this.id('walk')).toBeHidden();
    }
  }

  // ---- contact page -----------------------------------------------------------------------

  /**
   * Opens one of the contact page's coaching sections ("playbook", "reciprocity", "plan",
   * "quality", "history"), which start closed.
   */
  async openSection(name: string): Promise<void> {
    const section = this.id(`section-${name}`);
    if ((await section.getAttribute('open')) === null) await section.locator('summary').first().click();
    await expect(section).toHaveAttribute('open', '');
  }

  timelineItems(): Locator {
    return this.id('timeline-item');
  }

  async logInteraction(interaction: NewInteraction): Promise<void> {
    const form = this.id('log-form');
    await form.getByTestId('log-kind').selectOption(interaction.kind);
    if (interaction.channel) await form.getByTestId('log-channel').selectOption(interaction.channel);
    if (interaction.direction) await form.getByTestId('log-direction').selectOption(interaction.direction);
    if (interaction.date) await form.getByTestId('log-date').fill(interaction.date);
    await form.getByTestId('log-summary').fill(interaction.summary);
    if (interaction.learned !== undefined) await form.getByTestId('log-learned').fill(interaction.learned);
    await form.getByTestId('log-submit').click();
    await expect(this.timelineItems().filter({ hasText: interaction.summary })).toHaveCount(1);
  }

  /** Deletes the contact whose page is open, confirming, and waits for the list. */
  /** Rates the open contact's relationship quality: every dimension must be chosen. */
  async rateQuality(ratings: { trust: number; mutuality: number; commitment: number; satisfaction: number }): Promise<void> {
    await this.openSection('quality');
    for (const [key, value] of Object.entries(ratings)) {
      await this.id(`quality-${key}`).selectOption(String(value));
    }
  }

  async deleteOpenContact(): Promise<void> {
    await this.id('delete-contact').click();
    await this.id('confirm-delete').click();
    await expect(this.id('toast')).toBeVisible();
    await expect(this.id('contact-name')).toBeHidden();
  }

  // ---- data page --------------------------------------------------------------------------

  /** The counts the data page states: "N contacts, M interactions and K promises." */
  async ledgerCounts(): Promise<LedgerCounts> {
    const text = await this.id('ledger-size').innerText();
    const [, contacts, interactions, promises] =
      /(\d+) contacts?, (\d+) interactions? and (\d+) promises?/.exec(text) ?? [];
    return { contacts: Number(contacts), interactions: Number(interactions), promises: Number(promises) };
  }

  /** Chooses a file in the import input; the content is given inline. */
  async importFile(name: string, content: string): Promise<void> {
    await this.id('import-file').setInputFiles({
      name,
      mimeType: 'application/json',
      buffer: Buffer.from(content, 'utf8'),
    });
  }
}

function firstNumber(text: string): number {
  const match = /\d+/.exec(text);
  if (!match) throw new Error(`no number in "${text}"`);
  return Number(match[0]);
}

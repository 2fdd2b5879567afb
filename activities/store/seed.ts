import type { Kysely } from 'kysely';
import type { BillingDatabase } from './schema.js';

/** Catalog ids the demo data uses (activities/pricing/default-catalog.ts). */
export const demoCatalogIds = {
  product: 'suite',
  teamPlan: 'team',
  starterPlan: 'starter',
  addOn: 'priority_support',
} as const;

/**
 * The demo data of docs/operations.md ("Demo data"): `acme` (Germany, EUR, German-speaking, card
 * on file) with olivia (owner), bill (billing admin), adam (admin without billing rights); and
 * `globex` (USA, USD, English, no payment method) so the "payment method required" path can be
 * tried. Idempotent: it creates nothing when `acme` exists, and reports whether it created the data.
 */
export async function seedDemoData(db: Kysely<BillingDatabase>, now = new Date()): Promise<boolean> {
  const periodStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const periodEnd = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return db.transaction().execute(async (tx) => {
    const inserted = await tx
      .insertInto('accounts')
      .values([
        {
          account_id: 'acme',
          name: 'Acme GmbH',
          country: 'DE',
          vat_id: 'DE123456789',
          currency: 'EUR',
          locale: 'de',
          payment_method_on_file: true,
          payment_method_label: 'Visa •••• 4242',
        },
        {
          account_id: 'globex',
          name: 'Globex Inc.',
          country: 'US',
          vat_id: null,
          currency: 'USD',
          locale: 'en',
          payment_method_on_file: false,
          payment_method_label: null,
        },
      ])
      .onConflict((c) => c.column('account_id').doNothing())
      .returning('account_id')
      .execute();
    if (inserted.length === 0) return false;
    const created = inserted.map((r) => r.account_id);

    const members = [
      {
        account_id: 'acme',
        user_id: 'olivia',
        name: 'Olivia Owner',
        email: 'olivia@acme.example',
        locale: 'de',
        role: 'owner',
      },
      {
        account_id: 'acme',
        user_id: 'bill',
        name: 'Bill Billing',
        email: 'bill@acme.example',
        locale: 'en',
        role: 'billing_admin',
      },
      {
        account_id: 'acme',
        user_id: 'adam',
        name: 'Adam Admin',
        email: 'adam@acme.example',
        locale: 'de',
        role: 'admin',
      },
      {
        account_id: 'acme',
        user_id: 'agnes',
        name: 'Agnes Agent',
        email: 'agnes@acme.example',
        locale: 'de',
        role: 'agent',
      },
      {
        account_id: 'globex',
        user_id: 'hank',
        name: 'Hank Scorpio',
        email: 'hank@globex.example',
        locale: 'en',
        role: 'owner',
      },
      {
        account_id: 'globex',
        user_id: 'marge',
        name: 'Marge Admin',
        email: 'marge@globex.example',
        locale: 'en',
        role: 'admin',
      },
    ].filter((m) => created.includes(m.account_id));
    if (members.length > 0) await tx.insertInto('members').values(members).execute();

    const common = {
      product: demoCatalogIds.product,
      contact_limit: null,
      interval: 'month',
      status: 'active',
      period_start: periodStart,
      period_end: periodEnd,
      version: 1,
      created_at: now,
      updated_at: now,
    };
    const subscriptions = [
      {
        ...common,
        subscription_id: 'sub_acme_suite',
        account_id: 'acme',
        plan: demoCatalogIds.teamPlan,
        seats: 5,
        add_ons: JSON.stringify([demoCatalogIds.addOn]),
        currency: 'EUR',
      },
      {
        ...common,
        subscription_id: 'sub_globex_suite',
        account_id: 'globex',
        plan: demoCatalogIds.starterPlan,
        seats: 3,
        add_ons: JSON.stringify([]),
        currency: 'USD',
      },
    ].filter((s) => created.includes(s.account_id));
    if (subscriptions.length > 0) await tx.insertInto('subscriptions').values(subscriptions).execute();
    return true;
  });
}

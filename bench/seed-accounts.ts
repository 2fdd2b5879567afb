import type { KyselyBillingStore } from '../activities/store/index.js';

/** Bench accounts `bench-<n>`: a German customer with a card on file, an owner and an admin. */
export async function seedBenchAccounts(
  store: KyselyBillingStore,
  count: number,
  now = new Date(),
): Promise<void> {
  const periodStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const periodEnd = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  for (let first = 0; first < count; first += 500) {
    const ids = Array.from({ length: Math.min(500, count - first) }, (_, i) => `bench-${first + i}`);
    await store.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('accounts')
        .values(
          ids.map((id) => ({
            account_id: id,
            name: `Bench ${id}`,
            country: 'DE',
            vat_id: null,
            currency: 'EUR',
            locale: 'en',
            payment_method_on_file: true,
            payment_method_label: 'Visa •••• 4242',
          })),
        )
        .onConflict((c) => c.column('account_id').doNothing())
        .execute();
      await tx
        .insertInto('members')
        .values(
          ids.flatMap((id) => [
            {
              account_id: id,
              user_id: 'owner',
              name: 'Bench Owner',
              email: `owner@${id}.example`,
              locale: 'en',
              role: 'owner',
            },
            {
              account_id: id,
              user_id: 'admin',
              name: 'Bench Admin',
              email: `admin@${id}.example`,
              locale: 'en',
              role: 'admin',
            },
          ]),
        )
        .onConflict((c) => c.columns(['account_id', 'user_id']).doNothing())
        .execute();
      await tx
        .insertInto('subscriptions')
        .values(
          ids.map((id) => ({
            subscription_id: `sub_${id}`,
            account_id: id,
            product: 'suite',
            plan: 'team',
            seats: 5,
            contact_limit: null,
            add_ons: '[]',
            interval: 'month',
            currency: 'EUR',
            status: 'active',
            period_start: periodStart,
            period_end: periodEnd,
            version: 1,
            created_at: now,
            updated_at: now,
          })),
        )
        .onConflict((c) => c.column('subscription_id').doNothing())
        .execute();
    });
  }
}

// What the vendor's billing system does to the store behind Plangate's back. Plangate itself never
// writes payment methods (a request cannot change them: docs/http-api.md, "Submit"), so the store
// has no API for it and these are plain SQL updates, for tests only.
import { KyselyBillingStore, type BillingStore } from '../../activities/store/index.js';

/** The account owner adds a payment method in the billing system. */
export async function addPaymentMethod(store: BillingStore, accountId: string, label: string): Promise<void> {
  if (!(store instanceof KyselyBillingStore))
    throw new Error('addPaymentMethod needs the real (Kysely) store');
  const { numUpdatedRows } = await store.db
    .updateTable('accounts')
    .set({ payment_method_on_file: true, payment_method_label: label })
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  if (numUpdatedRows !== 1n) throw new Error(`no account ${accountId} to add a payment method to`);
}

// The requester portal (/portal/{session}): the current subscription, one form for every change the
// catalog allows, and the preview of what was filled in. It works without JavaScript: "Preview"
// posts the form to the preview route and this page comes back with the quote; portal.js only
// fetches the same route as the form changes and swaps the preview and the field messages in.
// Prices shown beside the choices are the catalog's list prices; what is owed is only ever the quote's.
import { html, joinHtml, literalHtml, NEWLINE, type SafeHtml } from '../../../activities/html/html.js';
import { pageDocument } from '../../../activities/html/layout.js';
import type {
  BillingInterval,
  Catalog,
  CatalogPlan,
  Locale,
  Quote,
  SubscriptionTerms,
} from '../../../activities/pricing/types.js';
import type { Account, Member } from '../../../activities/store/types.js';
import {
  addOnName,
  formatCount,
  formatDate,
  formatMoney,
  planName,
  productName,
  textsFor,
  type Texts,
} from '../../../activities/texts/index.js';
import type { FieldProblem } from '../../../workflows/request-errors.js';
import type { PortalFormValues } from '../portal/portal-form.js';
import { changesBlock, priceBlock } from './request-details.js';

/** The portal's script, served by the portal routes (client/http/routes/portal-pages.ts). */
export const PORTAL_SCRIPT_PATH = '/portal-assets/portal.js';

export interface PortalHeader {
  locale: Locale;
  account: Account;
  member: Member;
  returnUrl?: string;
}

export interface PortalPageInput extends PortalHeader {
  /** The session token: the form posts to /portal/{token}/... */
  token: string;
  csrf: string;
  catalog: Catalog;
  terms: SubscriptionTerms;
  /** Products the account already has (not offered as another product). */
  subscribedProducts: string[];
  values: PortalFormValues;
  /** Keyed by form field; '' is about the whole form. */
  problems: FieldProblem[];
  quote?: Quote;
  /** Who would be asked (owner and billing admins, not the requester). */
  approvers: Member[];
  /** The account's last request, when it is closed (an open one replaces the form). */
  lastRequest?: { requestId: string; state: string };
  /** A message above the preview (the submission failed for a reason that is no field's). */
  error?: string;
  /** Instead of the preview when there is none (nothing changed yet). */
  hint?: string;
}

export function portalHeader(input: PortalHeader, title: string): SafeHtml {
  const t = textsFor(input.locale).portal;
  const back = input.returnUrl ? html`<a class="back" href="${input.returnUrl}">← ${t.back}</a>` : null;
  return html`<section class="card">
${back}
<h1>${title}</h1>
<p class="muted">${t.signedInAs(input.account.name, input.member.name)}</p>
</section>`;
}

function priceOf(plan: CatalogPlan, terms: SubscriptionTerms, interval: BillingInterval): number | undefined {
  if (plan.prices) return plan.prices[terms.currency]?.[interval];
  const tiers = plan.contactTiers ?? [];
  const tier = tiers.find((t) => terms.contactLimit !== null && terms.contactLimit <= t.upTo) ?? tiers[0];
  return tier?.prices[terms.currency]?.[interval];
}

/** "€99.00 per seat per month" or "€49.00 per month". */
function listPrice(t: Texts, perSeat: boolean, amount: string, interval: BillingInterval): string {
  return perSeat ? t.portal.perSeat(amount, interval) : t.portal.flat(amount, interval);
}

function selected(on: boolean): SafeHtml | null {
  return on ? literalHtml` selected` : null;
}

function checked(on: boolean): SafeHtml | null {
  return on ? literalHtml` checked` : null;
}

interface FieldContext {
  problems: FieldProblem[];
}

/** The message slot after a field: always there (empty when fine) so portal.js can fill it. */
function fieldError(name: string, ctx: FieldContext): SafeHtml {
  const message = ctx.problems
    .filter((p) => p.field === name)
    .map((p) => p.message)
    .join(' ');
  return html`<p class="field-error" id="error-${name}" data-error-for="${name}" role="alert">${message}</p>`;
}

function invalid(name: string, ctx: FieldContext): SafeHtml {
  return ctx.problems.some((p) => p.field === name)
    ? literalHtml` aria-invalid="true"`
    : literalHtml` aria-invalid="false"`;
}

function planField(input: PortalPageInput, t: Texts, ctx: FieldContext): SafeHtml {
  const { catalog, terms, locale, values } = input;
  const product = catalog.products[terms.product];
  const interval = values.interval === 'year' ? 'year' : 'month';
  const options = Object.entries(product?.plans ?? {})
    .sort(([, a], [, b]) => a.rank - b.rank)
    .map(([id, plan]) => {
      const amount = priceOf(plan, terms, interval);
      const price =
        amount === undefined
          ? ''
          : ` · ${listPrice(t, product?.pricing === 'per_seat', formatMoney(amount, terms.currency, locale), interval)}`;
      const current = id === terms.plan ? ` (${t.portal.current})` : '';
      return html`<option value="${id}"${selected(id === values.plan)}>${planName(catalog, terms.product, id, locale) + price + current}</option>`;
    });
  return html`<label for="plan">${t.plan}</label>
<select id="plan" name="plan" aria-describedby="error-plan"${invalid('plan', ctx)}>${options}</select>
${fieldError('plan', ctx)}`;
}

function quantityField(input: PortalPageInput, t: Texts, ctx: FieldContext): SafeHtml {
  const { catalog, terms, locale, values } = input;
  const product = catalog.products[terms.product];
  const plan = product?.plans[values.plan] ?? product?.plans[terms.plan];
  if (product?.pricing === 'contact_tiers') {
    const interval = values.interval === 'year' ? 'year' : 'month';
    const options = (plan?.contactTiers ?? []).map((tier) => {
      const amount = tier.prices[terms.currency]?.[interval];
      const price =
        amount === undefined ? '' : t.portal.flat(formatMoney(amount, terms.currency, locale), interval);
      return html`<option value="${String(tier.upTo)}"${selected(String(tier.upTo) === values.contactLimit)}>${t.portal.contactTier(formatCount(tier.upTo, locale), price)}</option>`;
    });
    return html`<label for="contactLimit">${t.contactLimit}</label>
<select id="contactLimit" name="contactLimit" aria-describedby="error-contactLimit"${invalid('contactLimit', ctx)}>${options}</select>
${fieldError('contactLimit', ctx)}`;
  }
  const range = plan?.seats;
  const hint = range
    ? html`<p class="muted" id="seats-hint">${t.portal.seatsHint(formatCount(range.min, locale), formatCount(range.max, locale))}</p>`
    : null;
  return html`<label for="seats">${t.seats}</label>
${hint}<input id="seats" name="seats" type="number" inputmode="numeric" step="1" min="1" value="${values.seats}" aria-describedby="seats-hint error-seats"${invalid('seats', ctx)}>
${fieldError('seats', ctx)}`;
}

function intervalField(input: PortalPageInput, t: Texts, ctx: FieldContext): SafeHtml {
  const choices = (['month', 'year'] as const).map(
    (interval) =>
      html`<label class="choice"><input type="radio" name="interval" value="${interval}"${checked(input.values.interval === interval)}> ${t.intervalName[interval]}${interval === input.terms.interval ? ` (${t.portal.current})` : ''}</label>`,
  );
  return html`<fieldset aria-describedby="error-interval"><legend>${t.interval}</legend>${choices}${fieldError('interval', ctx)}</fieldset>`;
}

/** Every add-on some plan of the product offers: the quote says which the chosen plan allows. */
function addOnChoices(catalog: Catalog, terms: SubscriptionTerms): string[] {
  const plans = Object.values(catalog.products[terms.product]?.plans ?? {});
  return [...new Set([...terms.addOns, ...plans.flatMap((p) => p.addOns)])];
}

function addOnsField(input: PortalPageInput, t: Texts, ctx: FieldContext): SafeHtml | null {
  const { catalog, terms, locale, values } = input;
  const ids = addOnChoices(catalog, terms);
  if (ids.length === 0) return null;
  const interval = values.interval === 'year' ? 'year' : 'month';
  const choices = ids.map((id) => {
    const addOn = catalog.addOns[id];
    const amount = addOn?.prices[terms.currency]?.[interval];
    const price =
      amount === undefined
        ? ''
        : ` · ${listPrice(t, addOn?.perSeat === true, formatMoney(amount, terms.currency, locale), interval)}`;
    return html`<label class="choice"><input type="checkbox" name="addOns" value="${id}"${checked(values.addOns.includes(id))}> ${addOnName(catalog, id, locale) + price}</label>`;
  });
  return html`<fieldset aria-describedby="addOns-hint error-addOns"><legend>${t.addOns}</legend>
<p class="muted" id="addOns-hint">${t.portal.addOnsHint}</p>
${choices}${fieldError('addOns', ctx)}</fieldset>`;
}

/** `product:plan` of every plan of the products the account does not have yet. */
export function otherProductChoices(catalog: Catalog, subscribedProducts: readonly string[]): string[] {
  return Object.entries(catalog.products)
    .filter(([id]) => !subscribedProducts.includes(id))
    .flatMap(([id, product]) => Object.keys(product.plans).map((plan) => `${id}:${plan}`));
}

function addProductField(input: PortalPageInput, t: Texts, ctx: FieldContext): SafeHtml | null {
  const { catalog, terms, locale, values } = input;
  const choices = otherProductChoices(catalog, input.subscribedProducts);
  if (choices.length === 0) return null;
  const interval = values.interval === 'year' ? 'year' : 'month';
  const options = choices.map((value) => {
    const [productId = '', planId = ''] = value.split(':');
    const product = catalog.products[productId];
    const plan = product?.plans[planId];
    const amount = plan ? priceOf(plan, { ...terms, contactLimit: null }, interval) : undefined;
    const money = amount === undefined ? '' : formatMoney(amount, terms.currency, locale);
    const price =
      product?.pricing === 'per_seat' ? t.portal.perSeat(money, interval) : t.portal.flat(money, interval);
    const trial = product?.trialDays ? ` · ${t.portal.trialDays(String(product.trialDays))}` : '';
    const label = t.portal.productPlan(
      productName(catalog, productId, locale),
      planName(catalog, productId, planId, locale),
      price,
    );
    return html`<option value="${value}"${selected(values.addProduct === value)}>${label + trial}</option>`;
  });
  const anyTrial = Object.entries(catalog.products).some(
    ([id, p]) => !input.subscribedProducts.includes(id) && p.trialDays,
  );
  return html`<fieldset><legend>${t.portal.anotherProduct}</legend>
<label for="addProduct" class="muted">${t.newProduct}</label>
<select id="addProduct" name="addProduct" aria-describedby="error-addProduct"${invalid('addProduct', ctx)}><option value="">${t.portal.noOtherProduct}</option>${options}</select>
${fieldError('addProduct', ctx)}
<label for="addProductSeats" class="muted">${t.portal.newProductSeats}</label>
<input id="addProductSeats" name="addProductSeats" type="number" inputmode="numeric" step="1" min="1" value="${values.addProductSeats}" aria-describedby="error-addProductSeats"${invalid('addProductSeats', ctx)}>
${fieldError('addProductSeats', ctx)}
${anyTrial ? html`<label class="choice"><input type="checkbox" name="addProductTrial" value="1"${checked(values.addProductTrial)}> ${t.portal.trial}</label>` : null}
</fieldset>`;
}

function currentBlock(input: PortalPageInput, t: Texts): SafeHtml {
  const { catalog, terms, locale } = input;
  const rows: Array<[string, string]> = [
    [t.product, productName(catalog, terms.product, locale)],
    [t.plan, planName(catalog, terms.product, terms.plan, locale)],
    terms.contactLimit === null
      ? [t.seats, formatCount(terms.seats, locale)]
      : [t.contactLimit, formatCount(terms.contactLimit, locale)],
    [
      t.addOns,
      terms.addOns.length === 0 ? t.none : terms.addOns.map((a) => addOnName(catalog, a, locale)).join(', '),
    ],
    [t.interval, t.intervalName[terms.interval]],
    [t.nextBillingDate, formatDate(terms.periodEnd, locale)],
  ];
  const body = rows.map(([label, value]) => html`<tr><th scope="row">${label}</th><td>${value}</td></tr>`);
  return html`<section class="card"><h2>${t.portal.currentTitle}</h2><table><tbody>${body}</tbody></table></section>`;
}

/** What will happen to the change as previewed: who is asked, support review, payment, a date. */
function whatHappens(input: PortalPageInput, quote: Quote, t: Texts): SafeHtml {
  const direct = quote.route === 'direct' || quote.route === 'direct_then_support_review';
  const notes: string[] = [];
  if (direct) notes.push(t.portal.appliesDirectly);
  else if (input.approvers.length > 0)
    notes.push(t.portal.askApproval(t.listOr(input.approvers.map((a) => a.name))));
  if (quote.route === 'approval_then_support_review' || quote.route === 'direct_then_support_review')
    notes.push(t.portal.supportReview);
  if (quote.paymentMethodRequired)
    notes.push(input.account.paymentMethod.onFile ? t.portal.paymentNeeded : t.portal.paymentMissing);
  if (quote.scheduledChangeAt)
    notes.push(t.portal.scheduled(formatDate(quote.scheduledChangeAt, input.locale)));
  return html`<h2>${t.portal.whatHappens}</h2><ul class="notes">${notes.map((n) => html`<li>${n}</li>`)}</ul>`;
}

/** The preview card: the only part portal.js replaces as the form changes. */
function previewBlock(input: PortalPageInput, t: Texts): SafeHtml {
  const ctx = { locale: input.locale, t, catalog: input.catalog };
  const formProblems = input.problems.filter((p) => p.field === '').map((p) => p.message);
  const problem =
    input.problems.length > 0
      ? html`<p class="error" role="alert">${[t.portal.formProblem, ...formProblems].join(' ')}</p>`
      : null;
  const error = input.error ? html`<p class="error" role="alert">${input.error}</p>` : null;
  const content = input.quote
    ? html`${changesBlock(input.quote, {}, ctx)}${priceBlock(input.quote, ctx)}<section class="card">${whatHappens(input, input.quote, t)}</section>`
    : input.problems.length === 0
      ? html`<section class="card"><p class="muted">${input.hint ?? t.portal.previewHint}</p></section>`
      : null;
  return html`<div id="preview" aria-live="polite">${error}${problem}${content}</div>`;
}

export function portalPage(input: PortalPageInput): string {
  const t = textsFor(input.locale);
  const { portal } = t;
  const ctx = { problems: input.problems };
  const base = `/portal/${input.token}`;
  const direct = input.member.role === 'owner' || input.member.role === 'billing_admin';
  const last = input.lastRequest
    ? html`<p class="note">${portal.lastRequest(t.page.stateName[input.lastRequest.state as keyof typeof t.page.stateName] ?? input.lastRequest.state)} <a href="${`${base}/requests/${input.lastRequest.requestId}`}">${portal.showRequest}</a></p>`
    : null;
  const form = html`<form method="post" action="${`${base}/submit`}" id="change-form" data-preview-url="${`${base}/preview`}" novalidate>
<input type="hidden" name="csrf" value="${input.csrf}">
<section class="card">
<h2>${portal.changeTitle}</h2>
<p class="muted">${portal.changeIntro}</p>
${last}
${planField(input, t, ctx)}
${quantityField(input, t, ctx)}
${intervalField(input, t, ctx)}
${addOnsField(input, t, ctx)}
${addProductField(input, t, ctx)}
<label for="note">${portal.note}</label>
<p class="muted" id="note-hint">${portal.noteHint}</p>
<textarea id="note" name="note" maxlength="2000" aria-describedby="note-hint error-note"${invalid('note', ctx)}>${input.values.note}</textarea>
${fieldError('note', ctx)}
<p class="muted live-hint">${portal.liveHint}</p>
<div class="buttons">
<button type="submit" class="secondary" formaction="${`${base}/preview`}" name="action" value="preview">${portal.preview}</button>
<button type="submit" class="primary" name="action" value="submit">${direct ? portal.updateSubscription : portal.submitRequest}</button>
</div>
</section>
</form>`;
  const body = joinHtml(
    [
      portalHeader(input, portal.title),
      html`<div class="columns"><div>${currentBlock(input, t)}${form}</div><div class="side">${previewBlock(input, t)}</div></div>`,
    ],
    NEWLINE,
  );
  return pageDocument({
    locale: input.locale,
    title: portal.title,
    body,
    scriptSrc: PORTAL_SCRIPT_PATH,
    wide: true,
  });
}

export interface PortalRequestPageInput extends PortalHeader {
  token: string;
  csrf: string;
  /** The status page's cards (status-page.ts). */
  sections: SafeHtml[];
  requestId: string;
  open: boolean;
  /** The member may withdraw it (their own request, while open). */
  mayWithdraw: boolean;
  notice?: { tone: 'ok' | 'error'; text: string };
}

/** The request in the portal: its status cards, withdraw while open, and the way back to the form. */
export function portalRequestPage(input: PortalRequestPageInput): string {
  const t = textsFor(input.locale);
  const { portal } = t;
  const base = `/portal/${input.token}`;
  const notice = input.notice
    ? html`<p class="${input.notice.tone}" role="status">${input.notice.text}</p>`
    : null;
  const open = input.open
    ? html`<section class="card"><h2>${portal.openTitle}</h2><p>${portal.openText}</p>${
        input.mayWithdraw
          ? html`<form method="post" action="${`${base}/requests/${input.requestId}/withdraw`}">
<input type="hidden" name="csrf" value="${input.csrf}">
<p class="muted">${portal.withdrawHint}</p>
<div class="buttons"><button type="submit" class="reject">${portal.withdraw}</button></div>
</form>`
          : null
      }</section>`
    : html`<section class="card"><p><a href="${base}">${portal.newRequest}</a></p></section>`;
  const body = joinHtml(
    [portalHeader(input, portal.title), ...(notice ? [notice] : []), ...input.sections, open],
    NEWLINE,
  );
  return pageDocument({ locale: input.locale, title: portal.requestTitle, body });
}

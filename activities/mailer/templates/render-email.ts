// renderEmail: one function per kind picks the blocks; subject, text and HTML follow from them.
import type { EmailKind } from '../../store/types.js';
import type { RenderedEmail, RequestEmailModel } from '../types.js';
import { formatCount, formatDateTime } from '../format.js';
import { renderHtmlBody, renderText, type Block } from './blocks.js';
import { layout } from './layout.js';
import {
  changeSummary,
  changesTable,
  contextOf,
  invoiceDetails,
  pricePreview,
  purchaseTable,
  seatsAdded,
} from './sections.js';
import { textsFor, type Texts } from './texts.js';

type Ctx = ReturnType<typeof contextOf>;

/** Header values must stay on one line whatever a name or summary contains. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').trim();
}

function paragraph(text: string): Block {
  return { type: 'paragraph', text };
}

function isRequester(model: RequestEmailModel): boolean {
  return model.recipient.userId === model.requester.userId;
}

function quoted(label: string, text: string | undefined): Block[] {
  return text && text.trim() !== '' ? [{ type: 'quote', label, text: text.trim() }] : [];
}

function statusLink(model: RequestEmailModel, t: Texts): Block[] {
  return model.statusUrl ? [{ type: 'button', label: t.statusButton, url: model.statusUrl }] : [];
}

/** approval_request, reminder and requote: everything an approver needs, and their one personal link. */
function decisionBody(model: RequestEmailModel, ctx: Ctx, intro: Block[]): Block[] {
  const { t, locale } = ctx;
  const { quote } = model;
  const blocks: Block[] = [
    ...intro,
    ...quoted(t.noteLabel(model.requester.name), model.note),
    ...changesTable(ctx, quote),
    ...pricePreview(ctx, model),
  ];
  if (quote.route === 'approval_then_support_review') {
    blocks.push({ type: 'note', text: t.supportReviewFollows, tone: 'info' });
  }
  if (quote.paymentMethodRequired)
    blocks.push({ type: 'note', text: t.paymentMethodRequired, tone: 'warning' });
  if (model.approvalUrl) {
    blocks.push(paragraph(t.decidingAs(model.recipient.name)));
    blocks.push({ type: 'button', label: t.reviewButton, url: model.approvalUrl });
  } else {
    blocks.push(...statusLink(model, t));
  }
  if (model.expiresAt) blocks.push(paragraph(t.expiresOn(formatDateTime(model.expiresAt, locale))));
  return blocks;
}

function bodyOf(kind: EmailKind, model: RequestEmailModel, ctx: Ctx): Block[] {
  const { t, locale } = ctx;
  const { accountName: account, quote } = model;
  const requester = model.requester.name;
  const decider = model.decidedBy?.name;

  switch (kind) {
    case 'approval_request':
      return decisionBody(model, ctx, [paragraph(t.approvalIntro(requester, account))]);
    case 'reminder':
      return decisionBody(model, ctx, [paragraph(t.reminderIntro(requester, account))]);
    case 'requote':
      return decisionBody(model, ctx, [
        paragraph(t.requoteIntro(requester, account)),
        { type: 'note', text: t.requoteOldLinks, tone: 'warning' },
      ]);

    case 'receipt': {
      const names = (model.approvers ?? []).map((a) => a.name);
      const blocks: Block[] = [
        paragraph(t.receiptIntro(account)),
        paragraph(names.length > 0 ? t.whoDecides(t.listOr(names)) : t.whoDecidesUnknown),
        ...changesTable(ctx, quote),
        ...pricePreview(ctx, model),
      ];
      if (quote.route === 'approval_then_support_review') {
        blocks.push({ type: 'note', text: t.supportReviewFollows, tone: 'info' });
      }
      if (model.expiresAt) blocks.push(paragraph(t.expiresOn(formatDateTime(model.expiresAt, locale))));
      return [...blocks, ...statusLink(model, t)];
    }

    case 'approved':
      return [
        paragraph(t.approvedIntro(decider)),
        ...quoted(t.commentLabel, model.reason),
        ...changesTable(ctx, quote),
        ...statusLink(model, t),
      ];

    case 'support_review':
      return [
        paragraph(t.supportReviewIntro(decider)),
        ...quoted(t.commentLabel, model.reason),
        ...changesTable(ctx, quote),
        ...statusLink(model, t),
      ];

    case 'rejected':
      return [
        paragraph(t.rejectedIntro(decider, account)),
        ...quoted(t.reasonLabel, model.reason),
        paragraph(t.rejectedAfter),
        ...statusLink(model, t),
      ];

    case 'confirmation': {
      const blocks: Block[] = [paragraph(t.confirmationIntro(account))];
      if (decider) blocks.push(paragraph(t.approvedBy(decider)));
      blocks.push(...purchaseTable(ctx, quote), ...invoiceDetails(ctx, model));
      const added = seatsAdded(quote);
      // GoTo's advice after a seat purchase: seats nobody is assigned to are paid for and unused.
      if (added > 0)
        blocks.push({ type: 'note', text: t.assignSeats(formatCount(added, locale)), tone: 'warning' });
      return [...blocks, ...statusLink(model, t)];
    }

    case 'expired':
      return [
        paragraph(t.expiredIntro(isRequester(model) ? null : requester, account)),
        paragraph(t.unchangedLinksDead),
        ...(isRequester(model) ? [paragraph(t.newRequestAnytime)] : []),
        ...statusLink(model, t),
      ];

    case 'cancelled': {
      // Whoever withdrew it (the requester, or support on their behalf); "you" for that person.
      const by = model.decidedBy ?? model.requester;
      return [
        paragraph(t.cancelledIntro(by.userId === model.recipient.userId ? null : by.name, account)),
        ...quoted(t.reasonLabel, model.reason),
        paragraph(t.unchangedLinksDead),
        ...statusLink(model, t),
      ];
    }

    case 'apply_failed':
      return [paragraph(t.applyFailedIntro(account)), paragraph(t.applyFailedAfter), ...statusLink(model, t)];
  }
}

/** Renders one email for one recipient, in the recipient's language. Pure: no I/O, no clock. */
export function renderEmail(kind: EmailKind, model: RequestEmailModel): RenderedEmail {
  const t = textsFor(model.recipient.locale);
  const ctx = contextOf(model, t);
  const subject = oneLine(`${t.subject[kind]}: ${model.accountName} — ${changeSummary(ctx, model.quote)}`);
  const body = bodyOf(kind, model, ctx);
  const blocks: Block[] = [paragraph(t.greeting(model.recipient.name)), ...body];
  const footer = [t.footerAutomated(model.accountName), t.footerReference(model.requestId)];
  const first = body[0];
  return {
    subject,
    text: renderText(blocks, footer),
    html: layout({
      locale: model.recipient.locale,
      title: subject,
      preheader: first?.type === 'paragraph' ? first.text : subject,
      bodyHtml: renderHtmlBody(blocks),
      footer,
    }),
  };
}

// renderEmail: one function per kind picks the blocks; subject, text and HTML follow from them.
import type { EmailKind } from '../../store/types.js';
import type { RenderedEmail, RequestEmailModel } from '../types.js';
import { emailDocument } from '../../html/layout.js';
import { formatCount, formatDate, formatDateTime, textsFor, type Texts } from '../../texts/index.js';
import { renderHtmlBody, renderText, type Block } from './blocks.js';
import {
  changeSummary,
  changesTable,
  contextOf,
  invoiceDetails,
  pricePreview,
  purchaseTable,
  seatsAdded,
} from './sections.js';

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

/** Someone's own words under a label ("Reason:"). */
function quoted(label: string, text: string | undefined): Block[] {
  return text && text.trim() !== '' ? [{ type: 'quote', label: `${label}:`, text: text.trim() }] : [];
}

function statusLink(model: RequestEmailModel, t: Texts): Block[] {
  return model.statusUrl ? [{ type: 'button', label: t.email.statusButton, url: model.statusUrl }] : [];
}

/** Under an approval policy: "1 of 2 approvals", who approved and who is still asked. */
function approvalProgress(model: RequestEmailModel, t: Texts): Block[] {
  const progress = model.approvals;
  if (!progress || progress.needed <= 1) return [];
  const lines = [t.approvalsProgress(String(progress.given), String(progress.needed))];
  if (progress.approvedBy.length > 0) lines.push(t.approvedSoFar(t.listAnd(progress.approvedBy)));
  if (progress.pending.length > 0) lines.push(t.stillAsked(t.listAnd(progress.pending)));
  return [paragraph(lines.join(' '))];
}

/** approval_request, reminder and requote: everything an approver needs, and their one personal link. */
function decisionBody(model: RequestEmailModel, ctx: Ctx, intro: Block[]): Block[] {
  const { t, locale } = ctx;
  const { quote } = model;
  const blocks: Block[] = [
    ...intro,
    ...approvalProgress(model, t),
    ...quoted(t.noteBy(model.requester.name), model.note),
    ...changesTable(ctx, quote),
    ...pricePreview(ctx, model),
  ];
  if (quote.route === 'approval_then_support_review') {
    blocks.push({ type: 'note', text: t.email.supportReviewFollows, tone: 'info' });
  }
  if (quote.paymentMethodRequired)
    blocks.push({ type: 'note', text: t.email.paymentMethodRequired, tone: 'warning' });
  if (model.approvalUrl) {
    const as = model.recipient.onBehalfOf
      ? t.decidingOnBehalfOf(model.recipient.name, model.recipient.onBehalfOf.name)
      : t.decidingAs(model.recipient.name);
    blocks.push(paragraph(`${as} ${t.email.linkIsPersonal}`));
    blocks.push({ type: 'button', label: t.email.reviewButton, url: model.approvalUrl });
  } else {
    blocks.push(...statusLink(model, t));
  }
  if (model.expiresAt) blocks.push(paragraph(t.email.expiresOn(formatDateTime(model.expiresAt, locale))));
  return blocks;
}

function bodyOf(kind: EmailKind, model: RequestEmailModel, ctx: Ctx): Block[] {
  const { t, locale } = ctx;
  const { accountName: account, quote } = model;
  const requester = model.requester.name;
  const decider = model.decidedBy?.name;

  switch (kind) {
    case 'approval_request':
      return decisionBody(model, ctx, [paragraph(t.email.approvalIntro(requester, account))]);
    case 'reminder':
      return decisionBody(model, ctx, [paragraph(t.email.reminderIntro(requester, account))]);
    case 'requote':
      return decisionBody(model, ctx, [
        paragraph(t.email.requoteIntro(requester, account)),
        { type: 'note', text: t.email.requoteOldLinks, tone: 'warning' },
      ]);

    case 'receipt': {
      const names = (model.approvers ?? []).map((a) => a.name);
      const blocks: Block[] = [
        paragraph(t.email.receiptIntro(account)),
        paragraph(names.length > 0 ? t.email.whoDecides(t.listOr(names)) : t.email.whoDecidesUnknown),
        ...changesTable(ctx, quote),
        ...pricePreview(ctx, model),
      ];
      if (quote.route === 'approval_then_support_review') {
        blocks.push({ type: 'note', text: t.email.supportReviewFollows, tone: 'info' });
      }
      if (model.expiresAt) blocks.push(paragraph(t.email.expiresOn(formatDateTime(model.expiresAt, locale))));
      return [...blocks, ...statusLink(model, t)];
    }

    case 'approved':
      return [
        paragraph(t.email.approvedIntro(decider)),
        ...quoted(t.email.comment, model.reason),
        ...changesTable(ctx, quote),
        ...statusLink(model, t),
      ];

    case 'support_review':
      return [
        paragraph(t.email.supportReviewIntro(decider)),
        ...quoted(t.email.comment, model.reason),
        ...changesTable(ctx, quote),
        ...statusLink(model, t),
      ];

    case 'rejected':
      return [
        paragraph(t.email.rejectedIntro(decider, account)),
        ...quoted(t.reason, model.reason),
        paragraph(t.email.rejectedAfter),
        ...statusLink(model, t),
      ];

    case 'scheduled':
      return [
        paragraph(t.email.scheduledIntro(formatDate(quote.scheduledChangeAt ?? quote.at, locale), account)),
        ...(decider ? [paragraph(t.email.approvedBy(decider))] : []),
        ...changesTable(ctx, quote),
        ...pricePreview(ctx, model),
        paragraph(t.email.scheduledCancellable),
        ...statusLink(model, t),
      ];

    case 'watch': {
      const step = model.latestStep;
      const stepLine = step
        ? t.email.watchStep(
            t.page.timelineAction[step.action] ?? step.action,
            step.actor,
            t.page.stateName[step.state],
          )
        : undefined;
      return [
        paragraph(t.email.watchIntro(account)),
        ...(stepLine ? [paragraph(stepLine)] : []),
        // A decision that applies at once is told with the apply: say whose it was.
        ...(step?.state === 'applied' && decider ? [paragraph(t.email.approvedBy(decider))] : []),
        ...approvalProgress(model, t),
        ...changesTable(ctx, quote),
        ...pricePreview(ctx, model),
        paragraph(t.email.watchCannotDecide),
      ];
    }

    case 'confirmation': {
      const blocks: Block[] = [
        paragraph(
          quote.scheduledChangeAt
            ? t.email.confirmationScheduledIntro(account)
            : t.email.confirmationIntro(account),
        ),
      ];
      if (decider) blocks.push(paragraph(t.email.approvedBy(decider)));
      blocks.push(...purchaseTable(ctx, quote), ...invoiceDetails(ctx, model));
      const added = seatsAdded(quote);
      // GoTo's advice after a seat purchase: seats nobody is assigned to are paid for and unused.
      if (added > 0)
        blocks.push({ type: 'note', text: t.email.assignSeats(formatCount(added, locale)), tone: 'warning' });
      return [...blocks, ...statusLink(model, t)];
    }

    case 'expired':
      return [
        paragraph(t.email.expiredIntro(isRequester(model) ? null : requester, account)),
        paragraph(t.email.unchangedLinksDead),
        ...(isRequester(model) ? [paragraph(t.email.newRequestAnytime)] : []),
        ...statusLink(model, t),
      ];

    case 'cancelled': {
      // Whoever withdrew it (the requester, or support on their behalf); "you" for that person.
      const by = model.decidedBy ?? model.requester;
      return [
        paragraph(t.email.cancelledIntro(by.userId === model.recipient.userId ? null : by.name, account)),
        ...quoted(t.reason, model.reason),
        paragraph(t.email.unchangedLinksDead),
        ...statusLink(model, t),
      ];
    }

    case 'apply_failed':
      return [
        paragraph(t.email.applyFailedIntro(account)),
        paragraph(t.email.applyFailedAfter),
        ...statusLink(model, t),
      ];
  }
}

/** Renders one email for one recipient, in the recipient's language. Pure: no I/O, no clock. */
export function renderEmail(kind: EmailKind, model: RequestEmailModel): RenderedEmail {
  const t = textsFor(model.recipient.locale);
  const ctx = contextOf(model, t);
  const subject = oneLine(
    `${t.email.subject[kind]}: ${model.accountName} — ${changeSummary(ctx, model.quote)}`,
  );
  const body = bodyOf(kind, model, ctx);
  const blocks: Block[] = [paragraph(t.email.greeting(model.recipient.name)), ...body];
  const footer = [t.email.footerAutomated(model.accountName), t.email.footerReference(model.requestId)];
  const first = body[0];
  return {
    subject,
    text: renderText(blocks, footer),
    html: emailDocument({
      locale: model.recipient.locale,
      title: subject,
      preheader: first?.type === 'paragraph' ? first.text : subject,
      body: renderHtmlBody(blocks),
      footer,
    }),
  };
}

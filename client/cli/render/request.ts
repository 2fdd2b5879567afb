// `plangate requests show`: one request as a support agent needs it, top to bottom: who asked for
// what, the quote, the decision(s), the outcome, and the full timeline.
import { formatMoney } from '../../../activities/pricing/index.js';
import type { DecisionRecord, RequestStatusView } from '../../../workflows/messages.js';
import type { RequestSummary } from '../../request-listing.js';
import { formatPairs, formatTable } from '../table.js';
import { renderQuote } from './quote.js';

export function renderRequest(view: RequestStatusView): string {
  const requester =
    'name' in view.requestedBy
      ? `${view.requestedBy.name} (${view.requestedBy.userId})`
      : view.requestedBy.userId;
  const header: Array<readonly [string, string]> = [
    ['Request', view.requestId],
    ['Account', view.accountId],
    ['State', `${view.state}${view.open ? ' (open)' : ''}`],
    ['Requested by', requester],
    ['Submitted', view.submittedAt],
    ['Changes', JSON.stringify(view.changes)],
  ];
  if (view.note) header.push(['Note', view.note]);
  if (view.approvers.length > 0) {
    header.push(['Approvers', view.approvers.map((a) => `${a.name} (${a.userId}, ${a.role})`).join(', ')]);
  }
  if (view.round > 1) header.push(['Round', `${view.round} (re-quoted)`]);
  if (view.scheduledChangeAt) {
    header.push([view.state === 'scheduled' ? 'Scheduled for' : 'Takes effect', view.scheduledChangeAt]);
  }
  if (view.asOf) header.push(['As of', `${view.asOf} (the store's record of the request)`]);
  // A scheduled change does not expire: it waits for its date.
  if (view.open && view.expiresAt && view.state !== 'scheduled') header.push(['Expires', view.expiresAt]);
  if (view.decision) header.push(['Decision', decisionLine(view.decision)]);
  if (view.supportReview) header.push(['Support review', decisionLine(view.supportReview)]);
  if (view.applied) {
    const a = view.applied;
    header.push([
      'Applied',
      `${a.appliedAt}: invoice ${a.invoiceId}, total ${formatMoney(a.totalMinor, a.currency, 'en')}, subscription version ${a.subscriptionVersion}`,
    ]);
  }
  if (view.error) {
    const problems = view.error.problems?.map((p) => `${p.field}: ${p.message}`).join('; ');
    header.push(['Error', `${view.error.type}: ${view.error.message}${problems ? ` (${problems})` : ''}`]);
  }

  const sections = [formatPairs(header)];
  if (view.approvals) {
    sections.push(
      `Approvals\n\n${formatTable(view.approvals, [
        { header: 'stage', value: (s) => s.stage },
        { header: 'mode', value: (s) => s.mode },
        { header: 'approved', value: (s) => `${s.approvedBy.length} of ${s.needed}` },
        { header: 'approved by', value: (s) => s.approvedBy.join(', ') },
        { header: 'still asked', value: (s) => (s.status === 'done' ? '' : s.pending.join(', ')) },
        { header: 'status', value: (s) => s.status },
      ])}`,
    );
  }
  if (view.quote) sections.push(`Quote\n\n${renderQuote(view.quote)}`);
  sections.push(
    `Timeline\n\n${formatTable(view.timeline, [
      { header: 'time', value: (e) => e.at },
      { header: 'actor', value: (e) => e.actor },
      { header: 'action', value: (e) => e.action },
      { header: 'channel', value: (e) => e.channel },
      { header: 'state', value: (e) => e.state },
      { header: 'detail', value: (e) => e.detail ?? '' },
    ])}`,
  );
  return sections.join('\n\n');
}

function decisionLine(d: DecisionRecord): string {
  const by = d.byRole
    ? `${d.by} (directly, as ${d.byRole})`
    : d.onBehalfOf
      ? `${d.by} on behalf of ${d.onBehalfOf}`
      : d.by;
  return `${d.decision === 'approve' ? 'approved' : 'rejected'} by ${by} via ${d.channel} at ${d.at}${d.reason ? `: ${d.reason}` : ''}`;
}

export function renderRequestList(requests: readonly RequestSummary[]): string {
  if (requests.length === 0) return 'No change requests match.';
  return formatTable(requests, [
    { header: 'request', value: (r) => r.requestId },
    { header: 'account', value: (r) => r.accountId },
    { header: 'status', value: (r) => r.status },
    { header: 'changes', value: (r) => r.changeKinds.join(',') },
    { header: 'submitted', value: (r) => r.submittedAt },
    { header: 'closed', value: (r) => r.closedAt ?? '' },
  ]);
}

// The events host apps receive for each transition of a request (docs/events.md). Built here, in
// deterministic workflow code, so that a retried or replayed step produces exactly the same event
// (same id, same sequence); the activities only store them. Ids, states and amounts only: no names,
// no email addresses, no free text.
import type { Quote } from '../activities/pricing/types.js';
import type { RequestStatusView } from './messages.js';
import type { RequestState } from './request-states.js';

export const requestEventTypes = [
  'submitted',
  'approval_recorded',
  'approved',
  'rejected',
  'cancelled',
  'expired',
  'scheduled',
  'requoted',
  'applied',
  'failed',
] as const;

export type RequestEventKind = (typeof requestEventTypes)[number];
export type RequestEventType = `change_request.${RequestEventKind}`;

export interface RequestEventData {
  accountId: string;
  requestId: string;
  /** The request's state after this transition. */
  state: RequestState;
  /** Increases by one per event of this request, from 1. */
  sequence: number;
  [field: string]: unknown;
}

export interface RequestEvent {
  /** `evt_<request id>_<sequence>`: the same on every retry and redelivery (the webhook-id header). */
  id: string;
  type: RequestEventType;
  createdAt: string;
  data: RequestEventData;
}

export function requestEventId(requestId: string, sequence: number): string {
  return `evt_${requestId.replace(/^req_/, '')}_${sequence}`;
}

export function requestEvent(
  kind: RequestEventKind,
  sequence: number,
  at: string,
  view: Pick<RequestStatusView, 'requestId' | 'accountId' | 'state'>,
  data: Record<string, unknown> = {},
): RequestEvent {
  return {
    id: requestEventId(view.requestId, sequence),
    type: `change_request.${kind}`,
    createdAt: at,
    data: { accountId: view.accountId, requestId: view.requestId, state: view.state, sequence, ...data },
  };
}

/** What a host app needs of a quote to act on it: amounts, kinds and dates. */
export function quoteFacts(quote: Quote): Record<string, unknown> {
  return {
    kinds: quote.kinds,
    route: quote.route,
    currency: quote.currency,
    subtotalMinor: quote.subtotalMinor,
    taxMinor: quote.taxMinor,
    totalMinor: quote.totalMinor,
    recurringBeforeMinor: quote.recurringBeforeMinor,
    recurringAfterMinor: quote.recurringAfterMinor,
    nextBillingDate: quote.nextBillingDate,
    ...(quote.scheduledChangeAt ? { scheduledChangeAt: quote.scheduledChangeAt } : {}),
    subscriptionId: quote.subscriptionId,
    subscriptionVersion: quote.subscriptionVersion,
  };
}

// The events a host app receives for each transition of a request (docs/events.md). Ids, states
// and amounts only: no names or email addresses.
import type { RequestState } from '../../workflows/request-states.js';

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

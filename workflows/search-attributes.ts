import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { RequestState } from './request-states.js';

// Search attributes carry ids and states only: never names or email addresses (docs/security.md),
// because anyone with visibility access can read them.
export const RequestIdKey = defineSearchAttributeKey('RequestId', SearchAttributeType.KEYWORD);
export const AccountIdKey = defineSearchAttributeKey('AccountId', SearchAttributeType.KEYWORD);
export const RequestStatusKey = defineSearchAttributeKey('RequestStatus', SearchAttributeType.KEYWORD);
export const ChangeKindKey = defineSearchAttributeKey('ChangeKind', SearchAttributeType.KEYWORD_LIST);

export const searchAttributeKeys = [RequestIdKey, AccountIdKey, RequestStatusKey, ChangeKindKey] as const;

/** The RequestStatus the client sets when it starts the workflow, so the common path needs no upsert for it. */
export const initialIndexedState: RequestState = 'pending_approval';

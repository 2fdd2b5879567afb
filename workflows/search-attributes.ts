import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Search attributes carry ids and states only: never names or email addresses (DESIGN.md section 7),
// because anyone with visibility access can read them.
export const RequestIdKey = defineSearchAttributeKey('RequestId', SearchAttributeType.KEYWORD);
export const AccountIdKey = defineSearchAttributeKey('AccountId', SearchAttributeType.KEYWORD);
export const RequestStatusKey = defineSearchAttributeKey('RequestStatus', SearchAttributeType.KEYWORD);
export const ChangeKindKey = defineSearchAttributeKey('ChangeKind', SearchAttributeType.KEYWORD_LIST);

export const searchAttributeKeys = [RequestIdKey, AccountIdKey, RequestStatusKey, ChangeKindKey] as const;

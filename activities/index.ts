import type { ActivityDeps } from './deps.js';
import { applyApprovedChangeActivity } from './apply-approved-change.js';
import { checkPaymentMethodActivity, prepareRequestActivity } from './prepare-request.js';
import { announceActivity } from './announce.js';

/** The one place activities are built: tests pass real or fake dependencies, the worker the real ones. */
export function createActivities(deps: ActivityDeps) {
  return {
    prepareRequest: prepareRequestActivity(deps),
    checkPaymentMethod: checkPaymentMethodActivity(deps),
    announce: announceActivity(deps),
    /** The name `announce` had before it stored views and events: histories of older runs call it. */
    sendRequestEmails: announceActivity(deps),
    applyApprovedChange: applyApprovedChangeActivity(deps),
  };
}

export type PlangateActivities = ReturnType<typeof createActivities>;
export type { ActivityDeps } from './deps.js';
export type { EmailRequest, Audience, SendRequestEmailsInput } from './send-request-emails.js';
export type { AnnounceInput } from './announce.js';
export type { PrepareRequestInput } from './prepare-request.js';
export type { ApplyApprovedChangeInput, ApplyApprovedChangeResult } from './apply-approved-change.js';

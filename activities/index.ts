import type { ActivityDeps } from './deps.js';
import { applyApprovedChangeActivity } from './apply-approved-change.js';
import { checkPaymentMethodActivity, prepareRequestActivity } from './prepare-request.js';
import { sendRequestEmailsActivity } from './send-request-emails.js';

/** The one place activities are built: tests pass real or fake dependencies, the worker the real ones. */
export function createActivities(deps: ActivityDeps) {
  return {
    prepareRequest: prepareRequestActivity(deps),
    checkPaymentMethod: checkPaymentMethodActivity(deps),
    sendRequestEmails: sendRequestEmailsActivity(deps),
    applyApprovedChange: applyApprovedChangeActivity(deps),
  };
}

export type PlangateActivities = ReturnType<typeof createActivities>;
export type { ActivityDeps } from './deps.js';
export type { EmailRequest, Audience, SendRequestEmailsInput } from './send-request-emails.js';
export type { PrepareRequestInput } from './prepare-request.js';
export type { ApplyApprovedChangeInput, ApplyApprovedChangeResult } from './apply-approved-change.js';

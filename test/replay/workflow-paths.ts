// Which paths of the workflow a recorded history went through, read from the history itself (not
// from the name of the test that recorded it), so the coverage the replay test checks cannot drift
// from what the histories really contain. Histories are the proto3 JSON that
// `temporal workflow show --output json` prints: event types as `EVENT_TYPE_*`, payloads as base64.

/** Every path a recorded generation of histories must cover, with how it shows in a history. */
export const workflowPaths = {
  submission_refused: 'the prepare step refused the submission (state invalid)',
  approved_and_applied: 'an approver approved and the change was applied',
  apply_retried: 'the apply failed transiently and a later attempt applied it',
  apply_failed: 'the apply gave up (not a version conflict): state failed, support told',
  requoted: 'the subscription moved on (version conflict), the request was quoted again',
  requote_failed: 'the re-quote after a version conflict was refused: state failed',
  rejected: 'an approver rejected the request',
  cancelled: 'the requester cancelled the request',
  reminded: 'a reminder timer fired, emails went out, and the request kept waiting',
  expired: 'no decision in time: state expired',
  support_review_approved: 'support approved a downgrade after the owner did',
  support_review_rejected: 'support rejected a downgrade after the owner approved it',
  support_review_timeout: 'support did not review in time: state expired from support review',
  payment_method_refused: 'an approval was refused for want of a payment method (fresh check said none)',
  payment_method_added: 'the fresh payment-method check found one and the approval went through',
  emails_resent: 'support had the approval emails sent again',
  durable_email_retry: 'the relay did not take a batch at once: a durable activity retried it',
  outbox_drained_after_end:
    'a durable email retry completed after the request reached its end state (the run waited for it)',
  scheduled_applied: 'an approved change for the period end waited in scheduled and was applied at its date',
  scheduled_cancelled: 'a scheduled change was cancelled before its date',
  direct_change: "an owner's submission was the decision: nobody was asked",
  direct_requoted:
    "an owner's direct change met a version conflict and was decided by role again, asking nobody",
  approval_recorded: 'an approval counted without deciding yet (a policy that asks for more)',
  later_stage_approved: 'an approver of a later stage decided, with a link of that stage',
  delegated_decision: "a delegate decided on an approver's behalf",
} as const;

export type WorkflowPath = keyof typeof workflowPaths;

interface Payload {
  data?: string;
}
interface HistoryEvent {
  eventId: string;
  eventType: string;
  [attributes: string]: unknown;
}
export interface HistoryJson {
  events: HistoryEvent[];
}

const terminalStates = new Set(['applied', 'rejected', 'cancelled', 'expired', 'failed', 'invalid']);

function decode(payload: Payload | undefined): unknown {
  if (!payload?.data) return undefined;
  return JSON.parse(Buffer.from(payload.data, 'base64').toString('utf8'));
}

function attributesOf(event: HistoryEvent): Record<string, unknown> {
  const key = Object.keys(event).find((k) => k.endsWith('Attributes'));
  return (key ? event[key] : {}) as Record<string, unknown>;
}

const typeOf = (event: HistoryEvent) => event.eventType.replace(/^EVENT_TYPE_/, '');

/** One step of a run, in history order, reduced to what path detection needs. */
type Step =
  | { kind: 'local'; activity: string; failed: boolean; result: unknown }
  | { kind: 'scheduled'; activity: string; id: string }
  | { kind: 'started'; activity: string; attempt: number }
  | { kind: 'completed'; activity: string }
  | { kind: 'failed'; activity: string; failureType: string | undefined }
  | {
      kind: 'update';
      name: string;
      ok: boolean;
      failureType: string | undefined;
      input: Record<string, unknown> | undefined;
      result: Record<string, unknown> | undefined;
    }
  | { kind: 'timer_started' }
  | { kind: 'timer_fired' }
  | { kind: 'status'; state: string }
  | { kind: 'end'; state: string | undefined };

function stepsOf(history: HistoryJson): Step[] {
  const scheduled = new Map<string, string>();
  const updates = new Map<string, string>();
  const inputs = new Map<string, Record<string, unknown> | undefined>();
  const steps: Step[] = [];
  for (const event of history.events) {
    const a = attributesOf(event);
    const { eventId } = event;
    switch (typeOf(event)) {
      case 'MARKER_RECORDED': {
        // A local activity's marker: `data` says which activity it was, `result` what it returned.
        const details = a.details as
          Record<'data' | 'result', { payloads?: Payload[] } | undefined> | undefined;
        const meta = decode(details?.data?.payloads?.[0]) as { activity_type?: string } | undefined;
        steps.push({
          kind: 'local',
          activity: meta?.activity_type ?? '',
          failed: a.failure !== undefined,
          result: decode(details?.result?.payloads?.[0]),
        });
        break;
      }
      case 'ACTIVITY_TASK_SCHEDULED': {
        const activity = (a.activityType as { name: string }).name;
        scheduled.set(eventId, activity);
        steps.push({ kind: 'scheduled', activity, id: eventId });
        break;
      }
      case 'ACTIVITY_TASK_STARTED':
        steps.push({
          kind: 'started',
          activity: scheduled.get(String(a.scheduledEventId)) ?? '',
          attempt: Number(a.attempt ?? 1),
        });
        break;
      case 'ACTIVITY_TASK_COMPLETED':
        steps.push({ kind: 'completed', activity: scheduled.get(String(a.scheduledEventId)) ?? '' });
        break;
      case 'ACTIVITY_TASK_FAILED':
      case 'ACTIVITY_TASK_TIMED_OUT': {
        const failure = a.failure as { applicationFailureInfo?: { type?: string } } | undefined;
        steps.push({
          kind: 'failed',
          activity: scheduled.get(String(a.scheduledEventId)) ?? '',
          failureType: failure?.applicationFailureInfo?.type,
        });
        break;
      }
      case 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED': {
        const request = a.acceptedRequest as
          { input?: { name?: string; args?: { payloads?: Payload[] } } } | undefined;
        updates.set(eventId, request?.input?.name ?? '');
        inputs.set(
          eventId,
          decode(request?.input?.args?.payloads?.[0]) as Record<string, unknown> | undefined,
        );
        break;
      }
      case 'WORKFLOW_EXECUTION_UPDATE_COMPLETED': {
        const outcome = a.outcome as
          | { success?: { payloads?: Payload[] }; failure?: { applicationFailureInfo?: { type?: string } } }
          | undefined;
        steps.push({
          kind: 'update',
          name: updates.get(String(a.acceptedEventId)) ?? '',
          ok: outcome?.success !== undefined,
          failureType: outcome?.failure?.applicationFailureInfo?.type,
          input: inputs.get(String(a.acceptedEventId)),
          result: decode(outcome?.success?.payloads?.[0]) as Record<string, unknown> | undefined,
        });
        break;
      }
      case 'TIMER_STARTED':
        steps.push({ kind: 'timer_started' });
        break;
      case 'TIMER_FIRED':
        steps.push({ kind: 'timer_fired' });
        break;
      case 'UPSERT_WORKFLOW_SEARCH_ATTRIBUTES': {
        const fields = (a.searchAttributes as { indexedFields?: Record<string, Payload> } | undefined)
          ?.indexedFields;
        const state = decode(fields?.RequestStatus);
        if (typeof state === 'string') steps.push({ kind: 'status', state });
        break;
      }
      case 'WORKFLOW_EXECUTION_COMPLETED': {
        const result = decode((a.result as { payloads?: Payload[] } | undefined)?.payloads?.[0]);
        steps.push({ kind: 'end', state: (result as { state?: string } | undefined)?.state });
        break;
      }
    }
  }
  return steps;
}

/** The announcement activity (`sendRequestEmails` in runs started before it stored views and events). */
const isAnnouncement = (activity: string) => activity === 'announce' || activity === 'sendRequestEmails';

const isEmailSend = (s: Step) => (s.kind === 'local' || s.kind === 'scheduled') && isAnnouncement(s.activity);

/** The paths one history went through; an open (not yet completed) run has no end-state paths. */
export function pathsOf(history: HistoryJson): WorkflowPath[] {
  const steps = stepsOf(history);
  const end = steps.find((s) => s.kind === 'end')?.state;
  const updated = (name: string, ok = true) =>
    steps.some((s) => s.kind === 'update' && s.name === name && s.ok === ok);
  const reachedSupportReview = steps.some((s) => s.kind === 'status' && s.state === 'pending_support_review');
  const paths = new Set<WorkflowPath>();

  if (end === 'invalid') paths.add('submission_refused');
  if (end === 'applied' && updated('decide') && !updated('supportReview')) paths.add('approved_and_applied');
  if (end === 'rejected' && updated('decide') && !updated('supportReview')) paths.add('rejected');
  if (end === 'cancelled' && updated('cancel')) paths.add('cancelled');
  if (end === 'expired' && !reachedSupportReview) paths.add('expired');
  if (updated('supportReview') && end === 'applied') paths.add('support_review_approved');
  if (updated('supportReview') && end === 'rejected') paths.add('support_review_rejected');
  if (reachedSupportReview && end === 'expired' && !updated('supportReview'))
    paths.add('support_review_timeout');
  if (updated('resendEmails')) paths.add('emails_resent');
  const scheduled = steps.some((s) => s.kind === 'status' && s.state === 'scheduled');
  if (scheduled && end === 'applied') paths.add('scheduled_applied');
  if (scheduled && end === 'cancelled') paths.add('scheduled_cancelled');
  const decisions = steps.filter((s) => s.kind === 'update' && s.name === 'decide' && s.ok);
  const submitted = steps.find((s) => s.kind === 'update' && s.name === 'submit' && s.ok);
  const reached = submitted?.kind === 'update' ? submitted.result?.status : undefined;
  if (typeof reached === 'string' && reached !== 'pending_approval' && decisions.length === 0)
    paths.add('direct_change');
  for (const decision of decisions) {
    if (decision.kind !== 'update') continue;
    // The decision's own answer: still pending approval, so it counted without deciding.
    if (decision.result?.state === 'pending_approval') paths.add('approval_recorded');
    const link = decision.input?.link as { stage?: number } | undefined;
    if ((link?.stage ?? 0) >= 1) paths.add('later_stage_approved');
    if (typeof decision.input?.onBehalfOf === 'string') paths.add('delegated_decision');
  }

  steps.forEach((step, i) => {
    const later = steps.slice(i + 1);
    if (step.kind === 'started' && step.activity === 'applyApprovedChange' && step.attempt > 1) {
      if (later.some((s) => s.kind === 'completed' && s.activity === 'applyApprovedChange'))
        paths.add('apply_retried');
    }
    if (step.kind === 'failed' && step.activity === 'applyApprovedChange') {
      if (step.failureType === 'SUBSCRIPTION_VERSION_CONFLICT') {
        const requote = later.find((s) => s.kind === 'local' && s.activity === 'prepareRequest');
        if (requote?.kind === 'local' && !requote.failed) {
          paths.add('requoted');
          if (paths.has('direct_change') && end === 'applied') paths.add('direct_requoted');
        }
        if (requote?.kind === 'local' && requote.failed && end === 'failed') paths.add('requote_failed');
      } else if (end === 'failed') {
        paths.add('apply_failed');
      }
    }
    if (step.kind === 'update' && step.name === 'decide' && step.failureType === 'PAYMENT_METHOD_REQUIRED')
      paths.add('payment_method_refused');
    if (step.kind === 'local' && step.activity === 'checkPaymentMethod' && step.result === true) {
      const next = later.find((s) => s.kind === 'update' && s.name === 'decide');
      if (next?.kind === 'update' && next.ok) paths.add('payment_method_added');
    }
    if (step.kind === 'timer_fired') {
      // A reminder: emails went out and the request went on waiting (another timer started).
      const nextTimer = later.findIndex((s) => s.kind === 'timer_started');
      const sent = later.slice(0, nextTimer).some(isEmailSend);
      const ended = later.slice(0, nextTimer).some((s) => s.kind === 'status' && terminalStates.has(s.state));
      if (nextTimer >= 0 && sent && !ended) paths.add('reminded');
    }
    if (step.kind === 'scheduled' && isAnnouncement(step.activity)) paths.add('durable_email_retry');
  });

  // The drain: a background email retry that finished after the request had reached its end.
  const endedAt = steps.findIndex((s) => s.kind === 'status' && terminalStates.has(s.state));
  if (endedAt >= 0 && steps.slice(endedAt).some((s) => s.kind === 'completed' && isAnnouncement(s.activity)))
    paths.add('outbox_drained_after_end');

  return [...paths].sort();
}

// What the JSON API answers, as zod schemas for openapi.json. Each is checked against the
// TypeScript type the route returns (`satisfies z.ZodType<T>`), and every enumeration is built from
// a `Record<Union, true>` of that type, so a new value in a type (a state, a stage status) does not
// compile until it is listed here too.
import { z } from 'zod';
import type {
  Line,
  Quote,
  SubscriptionTerms,
  ChangeKind,
  Route,
  Item,
} from '../../../activities/pricing/types.js';
import type { AccountSubscriptionView } from '../../../activities/store/account-view.js';
import type { Role } from '../../../activities/store/role.js';
import type { RequestEventType } from '../../../activities/store/event-types.js';
import type { ApprovalMode, Delegation } from '../../../activities/store/policy-types.js';
import type {
  WebhookDelivery,
  WebhookDeliveryState,
  WebhookEndpoint,
} from '../../../activities/store/webhook-types.js';
import { approvalPolicySchema } from '../../../activities/approval-policy.js';
import { changeSetSchema } from '../../../activities/change-set-schema.js';
import type {
  ApprovalStageView,
  Channel,
  RequestStatusView,
  SubmissionAccepted,
} from '../../../workflows/messages.js';
import type { RequestState } from '../../../workflows/request-states.js';
import type { ApprovalPolicyView } from '../../approval-settings.js';
import type { RequestSummary } from '../../request-listing.js';
import {
  webhookEventTypes,
  type CreatedWebhookEndpoint,
  type RotatedWebhookSecret,
} from '../../webhook-endpoints.js';

/** The values of a string union, complete by type: `Record<Union, true>` fails to compile when one is missing. */
function enumOf<T extends string>(values: Record<T, true>) {
  return z.enum(Object.keys(values) as [T, ...T[]]);
}

const instant = z.iso.datetime({ offset: true });
const minor = z.number().int().meta({ description: 'an amount in minor units (cents), integer' });

const requestState = enumOf<RequestState>({
  preparing: true,
  invalid: true,
  pending_approval: true,
  pending_support_review: true,
  scheduled: true,
  applying: true,
  applied: true,
  rejected: true,
  cancelled: true,
  expired: true,
  failed: true,
}).meta({ id: 'RequestState' });
const role = enumOf<Role>({ owner: true, billing_admin: true, admin: true, agent: true });
const channel = enumOf<Channel>({ api: true, email_link: true, cli: true, system: true });
const approvalMode = enumOf<ApprovalMode>({ any: true, all: true, quorum: true });
const route = enumOf<Route>({
  approval: true,
  approval_then_support_review: true,
  direct: true,
  direct_then_support_review: true,
});
const changeKind = enumOf<ChangeKind>({
  upgrade: true,
  downgrade: true,
  seat_increase: true,
  seat_reduction: true,
  contact_limit_increase: true,
  contact_limit_decrease: true,
  interval_change: true,
  add_on_added: true,
  add_on_removed: true,
  new_product: true,
  trial: true,
});
/** The status of an approval stage in the status view (workflows/messages.ts ApprovalStageView). */
const stageStatus = enumOf<ApprovalStageView['status']>({ done: true, current: true, later: true });

const item = z.object({
  itemId: z.string(),
  priceId: z.string(),
  unitAmountMinor: minor,
  quantity: z.number().int(),
  label: z.string().optional(),
}) satisfies z.ZodType<Item>;

const line = z
  .object({
    kind: enumOf<Line['kind']>({ credit: true, charge: true, tax: true }),
    itemId: z.string(),
    amountMinor: minor.meta({ description: 'negative for credits' }),
    quantity: z.number().int().optional(),
    unitAmountMinor: minor.optional(),
    servicePeriodStart: instant,
    servicePeriodEnd: instant,
    description: z.string(),
  })
  .meta({ id: 'QuoteLine' }) satisfies z.ZodType<Line>;

const terms = z
  .object({
    product: z.string(),
    plan: z.string(),
    seats: z.number().int(),
    contactLimit: z.number().int().nullable(),
    addOns: z.array(z.string()),
    interval: enumOf<SubscriptionTerms['interval']>({ month: true, year: true }),
    currency: z.string(),
    status: enumOf<SubscriptionTerms['status']>({ active: true, trialing: true }),
    periodStart: instant,
    periodEnd: instant,
  })
  .meta({ id: 'SubscriptionTerms' }) satisfies z.ZodType<SubscriptionTerms>;

export const quoteSchema = z
  .object({
    at: instant.meta({ description: 'the instant the change is priced at' }),
    currency: z.string(),
    subscriptionId: z.string(),
    subscriptionVersion: z.number().int(),
    kinds: z.array(changeKind),
    route,
    before: terms,
    after: terms,
    currentItems: z.array(item),
    nextItems: z.array(item),
    addedSubscription: z
      .object({
        product: z.string(),
        plan: z.string(),
        seats: z.number().int(),
        trial: z.boolean(),
        trialEndsAt: instant.optional(),
        items: z.array(item),
        terms,
        recurringMinor: minor.optional(),
      })
      .optional(),
    lines: z.array(line),
    subtotalMinor: minor,
    taxMinor: minor,
    totalMinor: minor.meta({ description: 'charged now; negative is a credit balance' }),
    tax: z.object({
      country: z.string(),
      rateBps: z.number().int(),
      reverseCharge: z.boolean(),
      note: z.string().optional(),
    }),
    recurringBeforeMinor: minor,
    recurringAfterMinor: minor,
    newPeriodStart: instant,
    newPeriodEnd: instant,
    nextBillingDate: instant,
    scheduledChangeAt: instant.optional(),
    scheduledPeriodEnd: instant.optional(),
    paymentMethodRequired: z.boolean(),
    summary: z.array(z.string()),
  })
  .meta({ id: 'Quote' }) satisfies z.ZodType<Quote>;

const person = z.object({ userId: z.string(), name: z.string(), role }).meta({ id: 'Person' });

export const submissionSchema = z
  .object({ requestId: z.string(), status: requestState, quote: quoteSchema, approvers: z.array(person) })
  .meta({ id: 'SubmissionAccepted' }) satisfies z.ZodType<SubmissionAccepted>;

const decisionRecord = z.object({
  by: z.string(),
  decision: enumOf<'approve' | 'reject'>({ approve: true, reject: true }),
  reason: z.string().optional(),
  at: instant,
  channel,
  byRole: role.optional(),
  onBehalfOf: z.string().optional(),
});

const problems = z.array(z.object({ field: z.string(), message: z.string() }));

export const statusViewSchema = z
  .object({
    requestId: z.string(),
    accountId: z.string(),
    state: requestState,
    open: z.boolean(),
    requestedBy: z.union([person, z.object({ userId: z.string() })]),
    changes: changeSetSchema,
    note: z.string().optional(),
    submittedAt: instant,
    round: z.number().int(),
    route: route.optional(),
    quote: quoteSchema.optional(),
    approvers: z.array(person),
    approvals: z
      .array(
        z.object({
          stage: z.string(),
          mode: approvalMode,
          needed: z.number().int(),
          approvedBy: z.array(z.string()),
          pending: z.array(z.string()),
          status: stageStatus,
        }) satisfies z.ZodType<ApprovalStageView>,
      )
      .optional(),
    watchers: z.array(person).optional(),
    expiresAt: instant.optional(),
    scheduledChangeAt: instant.optional(),
    decision: decisionRecord.optional(),
    supportReview: decisionRecord.optional(),
    applied: z
      .object({
        invoiceId: z.string(),
        totalMinor: minor,
        currency: z.string(),
        appliedAt: instant,
        subscriptionVersion: z.number().int(),
      })
      .optional(),
    error: z.object({ type: z.string(), message: z.string(), problems: problems.optional() }).optional(),
    timeline: z.array(
      z.object({
        at: instant,
        actor: z.string(),
        action: z.string(),
        channel,
        state: requestState,
        detail: z.string().optional(),
      }),
    ),
    asOf: instant.optional(),
  })
  .meta({ id: 'RequestStatusView' }) satisfies z.ZodType<RequestStatusView>;

export const requestListSchema = z
  .object({
    requests: z.array(
      z.object({
        requestId: z.string(),
        accountId: z.string(),
        status: requestState,
        changeKinds: z.array(changeKind),
        submittedAt: instant,
        closedAt: instant.optional(),
        workflowId: z.string(),
        runId: z.string().optional(),
      }) satisfies z.ZodType<RequestSummary>,
    ),
  })
  .meta({ id: 'RequestList' });

const subscription = terms.extend({
  subscriptionId: z.string(),
  version: z.number().int(),
  accountId: z.string(),
  createdAt: instant,
  updatedAt: instant,
});

export const subscriptionViewSchema = subscription
  .extend({
    subscriptions: z.array(subscription),
    subscription,
    approvers: z.array(person),
    paymentMethodOnFile: z.boolean(),
  })
  .meta({ id: 'AccountSubscriptionView' }) satisfies z.ZodType<AccountSubscriptionView>;

export const quoteResponseSchema = z.object({ quote: quoteSchema }).meta({ id: 'QuoteResponse' });

export const approvalPolicyViewSchema = approvalPolicySchema
  .extend({ source: enumOf<ApprovalPolicyView['source']>({ account: true, default: true }) })
  .meta({ id: 'ApprovalPolicyView' });

export const delegationSchema = z
  .object({
    accountId: z.string(),
    userId: z.string(),
    delegateTo: z.string(),
    from: instant,
    until: instant,
  })
  .meta({ id: 'Delegation' }) satisfies z.ZodType<Delegation>;

// The event types are a runtime list built from the workflow's own (webhook-endpoints.ts).
const eventType = z.enum(webhookEventTypes as [RequestEventType, ...RequestEventType[]]);

export const webhookEndpointSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(eventType).nullable(),
    description: z.string().nullable(),
    enabled: z.boolean(),
    createdAt: instant,
    failingSince: instant.nullable(),
    lastSuccessAt: instant.nullable(),
    disabledAt: instant.nullable(),
    disabledReason: z.string().nullable(),
    secretRotatedAt: instant.nullable(),
    previousSecretExpiresAt: instant.nullable(),
  })
  .meta({ id: 'WebhookEndpoint' }) satisfies z.ZodType<WebhookEndpoint>;

export const createdWebhookEndpointSchema = webhookEndpointSchema
  .extend({ secret: z.string().meta({ description: 'whsec_ secret: shown only here' }) })
  .meta({ id: 'CreatedWebhookEndpoint' }) satisfies z.ZodType<CreatedWebhookEndpoint>;

export const rotatedSecretSchema = z
  .object({ id: z.string(), secret: z.string(), previousSecretExpiresAt: instant })
  .meta({ id: 'RotatedWebhookSecret' }) satisfies z.ZodType<RotatedWebhookSecret>;

export const webhookDeliverySchema = z
  .object({
    endpointId: z.string(),
    eventId: z.string(),
    type: eventType,
    requestId: z.string(),
    sequence: z.number().int(),
    state: enumOf<WebhookDeliveryState>({ pending: true, failed: true, delivered: true, dead: true }),
    attempts: z.number().int(),
    lastStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    latencyMs: z.number().nullable(),
    lastAttemptAt: instant.nullable(),
    nextAttemptAt: instant.nullable(),
    deliveredAt: instant.nullable(),
    createdAt: instant,
  })
  .meta({ id: 'WebhookDelivery' }) satisfies z.ZodType<WebhookDelivery>;

/** Every error: `{ error: { code, message, problems?, openRequestId? } }` (client/http/errors.ts). */
export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ example: 'INVALID_INPUT' }),
      message: z.string(),
      problems: problems.optional().meta({ description: 'for 400: one entry per bad field' }),
      openRequestId: z.string().optional().meta({ description: 'for 409 REQUEST_ALREADY_OPEN' }),
      scheduledChangeAt: instant.optional(),
    }),
    requestId: z.string().optional().meta({ description: 'for 409 REQUEST_ALREADY_OPEN: the open request' }),
    openRequestId: z.string().optional(),
  })
  .meta({
    id: 'Error',
    example: {
      error: {
        code: 'INVALID_INPUT',
        message: 'changes.seats: must be a whole number',
        problems: [{ field: 'changes.seats', message: 'must be a whole number' }],
      },
    },
  });

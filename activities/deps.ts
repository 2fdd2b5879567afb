import type { Catalog } from './pricing/types.js';
import type { BillingStore } from './store/types.js';
import type { MailSender } from './mailer/types.js';
import type { ApprovalPolicy } from './store/policy-types.js';

/** Everything the activities touch, injected so tests can pass real or fake parts. */
export interface ActivityDeps {
  store: BillingStore;
  mail: MailSender;
  catalog: Catalog;
  links: {
    /** 256-bit HMAC key for approval links; never logged. */
    secret: Uint8Array;
    /** The configured public base URL of the web server; links never use a request's Host header. */
    publicUrl: string;
  };
  /** Where "apply failed" and other support notices go. */
  supportEmail: string;
  /** The approval policy of accounts without their own (PLANGATE_APPROVAL_POLICY; default `any`). */
  defaultApprovalPolicy?: ApprovalPolicy;
  /** Injected clock for token expiry; the workflow's own time is passed in explicitly elsewhere. */
  now?: () => Date;
}

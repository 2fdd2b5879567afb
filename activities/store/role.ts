/** A member's role in an account (who may do what: roles.ts). No imports: workflow messages use it. */
export type Role = 'owner' | 'billing_admin' | 'admin' | 'agent';

// Keeps the RequestStatus and ChangeKind search attributes in step with the states a request rests
// in. The workflow's announce step (after every transition) calls it, so no transition can forget
// it. Ids and states only, never personal data. Each upsert is a billed Action, so: the transient states
// (`preparing`, `applying`: well under a second) are not indexed, and an upsert that would change
// nothing is skipped. The status query always shows the exact state.
import { upsertSearchAttributes } from '@temporalio/workflow';
import type { ChangeKind } from '../activities/pricing/types.js';
import type { ChangeRequest } from './request-state.js';
import type { RequestState } from './request-states.js';
import { ChangeKindKey, initialIndexedState, RequestStatusKey } from './search-attributes.js';

export class StatusIndex {
  private state: RequestState = initialIndexedState;
  /**
   * The ChangeKind the client set at start. Requests started before clients set it leave it
   * undefined and are indexed as they always were (ChangeKind only together with a new state), so
   * that their histories replay.
   */
  private kinds: readonly ChangeKind[] | undefined;

  constructor(startKinds: readonly ChangeKind[] | undefined) {
    this.kinds = startKinds;
  }

  update(request: ChangeRequest): void {
    const { state } = request;
    if (state === 'preparing' || state === 'applying') return;
    const kinds = request.prepared?.quote.kinds ?? [];
    const kindsChanged = this.kinds !== undefined && !sameKinds(this.kinds, kinds);
    if (state === this.state && !kindsChanged) return;
    this.state = state;
    if (this.kinds !== undefined) this.kinds = kinds;
    upsertSearchAttributes([
      { key: RequestStatusKey, value: state },
      { key: ChangeKindKey, value: kinds },
    ]);
  }
}

function sameKinds(a: readonly ChangeKind[], b: readonly ChangeKind[]): boolean {
  return a.length === b.length && a.every((kind) => b.includes(kind));
}

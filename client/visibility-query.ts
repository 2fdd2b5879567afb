// Temporal visibility queries from typed filters. Every value is an id, a request state or an
// instant, checked before it is quoted, so a filter can never change the query's meaning.
import { isRequestState } from '../workflows/request-states.js';
import { isValidId } from './request-ids.js';

type Filter = Partial<Record<'WorkflowType' | 'WorkflowId' | 'RequestId' | 'AccountId', string>> & {
  RequestStatus?: string;
  /** Visibility's own StartTime, exclusive upper bound. */
  StartedBefore?: Date;
  /** Clauses kept out: `RequestStatus != 'invalid'`. */
  RequestStatusNot?: string;
};

export function visibilityQuery(filter: Filter): string {
  const clauses: string[] = [];
  for (const key of ['WorkflowType', 'WorkflowId', 'RequestId', 'AccountId'] as const) {
    const value = filter[key];
    if (value !== undefined) clauses.push(`${key} = ${quotedId(value)}`);
  }
  if (filter.RequestStatus !== undefined)
    clauses.push(`RequestStatus = ${quotedState(filter.RequestStatus)}`);
  if (filter.RequestStatusNot !== undefined)
    clauses.push(`RequestStatus != ${quotedState(filter.RequestStatusNot)}`);
  if (filter.StartedBefore) clauses.push(`StartTime < '${filter.StartedBefore.toISOString()}'`);
  return clauses.join(' AND ');
}

function quotedId(value: string): string {
  // Workflow ids are `change-request-<id>`: the same characters.
  if (!isValidId(value.replace(/^change-request-/, ''))) {
    throw new TypeError(`Not an id: ${JSON.stringify(value)}`);
  }
  return `'${value}'`;
}

function quotedState(value: string): string {
  if (!isRequestState(value)) {
    throw new TypeError(`Not a request state: ${JSON.stringify(value)}`);
  }
  return `'${value}'`;
}

// The events a host app receives (docs/events.md). Defined next to the workflow that builds them
// (workflows/request-events.ts); re-exported here for the store and the webhook dispatcher.
export {
  requestEventTypes,
  requestEventId,
  type RequestEvent,
  type RequestEventData,
  type RequestEventKind,
  type RequestEventType,
} from '../../workflows/request-events.js';

// The one HTML escaper, shared with the email templates: every string that did not come from our
// own templates (names, notes, reasons, ids, catalog names) goes through it, in element content and
// in quoted attribute values alike.
export { escapeHtml } from '../../../activities/mailer/templates/blocks.js';

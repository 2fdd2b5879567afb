// The web server's small parts on their own: locale choice, bearer compare, CSRF field, escaping,
// log redaction and the page templates' escaping of everything a user wrote.
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { bearerMatches } from '../../client/http/auth.js';
import { createCsrf } from '../../client/http/csrf.js';
import { fromAcceptLanguage, pickLocale } from '../../client/http/locale.js';
import { html } from '../../activities/html/html.js';
import { redactUrl } from '../../client/http/web-server.js';
import { ConfigError, loadEnvironment } from '../../config/environment.js';
import { webSettings } from '../../config/settings.js';

/** What `plangate web` reads at start. */
const webSettingsFrom = (env: NodeJS.ProcessEnv) => webSettings(loadEnvironment(env));

describe('web: small parts', () => {
  it('picks ?lang= first, then Accept-Language by weight, then English', () => {
    expect(pickLocale({ lang: 'de' }, 'en')).to.equal('de');
    expect(pickLocale({ lang: 'fr' }, 'de-DE,de;q=0.9')).to.equal('de');
    expect(pickLocale({}, 'fr-FR, en;q=0.5, de;q=0.8')).to.equal('de');
    expect(pickLocale({}, 'fr-FR')).to.equal('en');
    expect(pickLocale(undefined, undefined)).to.equal('en');
    expect(fromAcceptLanguage('de;q=0, en-GB;q=0.3')).to.equal('en');
    expect(pickLocale({ lang: ['de', 'en'] }, undefined)).to.equal('en');
  });

  it('accepts exactly "Bearer <token>"', () => {
    expect(bearerMatches('Bearer s3cret', 's3cret')).to.equal(true);
    expect(bearerMatches('bearer s3cret', 's3cret')).to.equal(true);
    expect(bearerMatches('Bearer s3cret2', 's3cret')).to.equal(false);
    expect(bearerMatches('Bearer s3cre', 's3cret')).to.equal(false);
    expect(bearerMatches('s3cret', 's3cret')).to.equal(false);
    expect(bearerMatches('Basic s3cret', 's3cret')).to.equal(false);
    expect(bearerMatches(undefined, 's3cret')).to.equal(false);
    expect(bearerMatches('Bearer ', 's3cret')).to.equal(false);
  });

  it('binds the CSRF field to one token and one secret', () => {
    const secret = randomBytes(32);
    const csrf = createCsrf(secret);
    const field = csrf.fieldFor('token-a');
    expect(csrf.matches('token-a', field)).to.equal(true);
    expect(csrf.matches('token-b', field)).to.equal(false);
    expect(createCsrf(randomBytes(32)).matches('token-a', field)).to.equal(false);
    expect(csrf.matches('token-a', `${field}x`)).to.equal(false);
    expect(csrf.matches('token-a', undefined)).to.equal(false);
    expect(csrf.matches('token-a', [field])).to.equal(false);
    // Not the link secret's own HMAC of the token: the field must not double as a signature.
    expect(field).to.not.include(secret.toString('base64url').slice(0, 10));
  });

  it('escapes HTML in text and attributes', () => {
    expect(String(html`${`<script>alert("x")</script> & 'y'`}`)).to.equal(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;',
    );
  });

  it('never logs a link token', () => {
    const token = 'eyJhYmMiOjF9.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmUtc2ln';
    const redacted = redactUrl(`/approve/${token}?lang=de`);
    expect(redacted).to.not.include(token);
    expect(redacted).to.match(/^\/approve\/#[0-9a-f]{16}\?lang=de$/);
    expect(redactUrl(`/status/${token}`)).to.not.include(token);
    expect(redactUrl('/api/v1/accounts/acme/change-requests')).to.equal(
      '/api/v1/accounts/acme/change-requests',
    );
  });

  it('refuses to start without an API token unless PLANGATE_DEV=1', () => {
    expect(() => webSettingsFrom({})).to.throw(ConfigError, /PLANGATE_API_TOKEN/);
    expect(webSettingsFrom({ PLANGATE_DEV: '1' }).apiToken).to.equal('dev-token');
    const config = webSettingsFrom({ PLANGATE_API_TOKEN: 'abc', PORT: '4123' });
    expect(config.apiToken).to.equal('abc');
    expect(config.devToken).to.equal(false);
    expect(config.port).to.equal(4123);
    expect(config.publicUrl).to.equal('http://localhost:4123');
    expect(() => webSettingsFrom({ PLANGATE_API_TOKEN: 'abc', PORT: 'x' })).to.throw(ConfigError, /PORT/);
  });
});

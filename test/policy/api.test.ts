// The approval-policy and delegation routes of the JSON API on the real stack: web server, Temporal
// dev server, worker, PGlite store, SMTP sink.
import { expect } from 'chai';
import type { RequestStatusView } from '../../workflows/messages.js';
import { startWebStack, type WebStack } from '../web/web-stack.js';

describe('approval policy and delegation API', function () {
  this.timeout(120_000);
  let web: WebStack;
  const defaultPolicy = { mode: 'all' as const };

  before(async () => {
    web = await startWebStack({ web: { defaultApprovalPolicy: defaultPolicy } });
  });
  after(async () => {
    await web?.stop();
  });

  const policyPath = (accountId = 'acme') => `/api/v1/accounts/${accountId}/approval-policy`;
  const delegationPath = (userId: string, accountId = 'acme') =>
    `/api/v1/accounts/${accountId}/members/${userId}/delegation`;
  const day = 86_400_000;
  const inDays = (days: number) => new Date(Date.now() + days * day).toISOString();

  describe('approval policy', () => {
    it('answers the default until the account sets its own, then the account policy', async () => {
      const before = await web.api('GET', policyPath('globex'));
      expect(before).to.deep.equal({ status: 200, json: { mode: 'all', source: 'default' } });

      const policy = {
        mode: 'any',
        stages: [
          { name: 'owner', aboveMinor: { USD: 100_000 }, approvers: { roles: ['owner'] }, mode: 'all' },
        ],
        watchers: ['marge'],
      };
      const put = await web.api('PUT', policyPath('globex'), policy);
      expect(put).to.deep.equal({ status: 200, json: { ...policy, source: 'account' } });
      expect(await web.api('GET', policyPath('globex'))).to.deep.equal(put);
      expect(await web.stack.store.getApprovalPolicy('globex')).to.deep.equal(policy);
      // The other account still has the default.
      expect((await web.api('GET', policyPath('acme'))).json).to.deep.equal({
        mode: 'all',
        source: 'default',
      });
    });

    it('refuses an invalid policy with 400, naming each field and the reason; nothing is stored', async () => {
      const { status, json } = await web.api('PUT', policyPath(), {
        mode: 'quorum',
        quorum: 5,
        stages: [{ name: 'finance', aboveMinor: { eur: 100_000 }, approvers: { userIds: ['adam'] } }],
        watchers: ['olivia'],
      });
      expect(status).to.equal(400);
      expect(json.error?.code).to.equal('INVALID_APPROVAL_POLICY');
      expect(json.error?.problems?.map((p) => p.field)).to.deep.equal([
        'stages[0].aboveMinor.eur',
        'quorum',
        'stages[0].approvers',
        'watchers[0]',
      ]);
      expect(json.error?.problems?.[1]?.message).to.equal(
        'is 5, but the account has only 2 owners and billing admins to approve (bill, olivia)',
      );
      expect(await web.stack.store.getApprovalPolicy('acme')).to.equal(null);

      const malformed = await web.api('PUT', policyPath(), ['any']);
      expect(malformed.status).to.equal(400);
      expect(malformed.json.error?.problems).to.deep.equal([
        { field: 'body', message: 'must be a JSON object' },
      ]);
      const unknownField = await web.api('PUT', policyPath(), { mode: 'any', approvers: ['bill'] });
      expect(unknownField.json.error?.problems).to.deep.equal([
        { field: 'approvers', message: 'is not a known field' },
      ]);
    });

    it('answers 404 for an unknown account, 400 for a malformed id, 401 without the token', async () => {
      for (const [method, body] of [
        ['GET', undefined],
        ['PUT', { mode: 'any' }],
      ] as const) {
        const { status, json } = await web.api(method, policyPath('nosuchaccount'), body);
        expect(status, method).to.equal(404);
        expect(json.error?.code).to.equal('UNKNOWN_ACCOUNT');
      }
      const badId = await web.api('GET', policyPath('bad%20id'));
      expect(badId.status).to.equal(400);
      expect(badId.json.error?.problems?.[0]?.field).to.equal('accountId');
      const anonymous = await fetch(`${web.url}${policyPath()}`);
      expect(anonymous.status).to.equal(401);
    });
  });

  describe('delegation', () => {
    afterEach(async () => {
      await web.reset();
      for (const userId of ['olivia', 'bill']) await web.stack.store.endDelegation('acme', userId);
    });

    it('stores a delegation and answers it; a second one replaces the first', async () => {
      const body = { delegateTo: 'bill', from: '2030-01-01T00:00:00+01:00', until: '2030-01-15T00:00:00Z' };
      // Too far ahead: a delegation starts within a year.
      const far = await web.api('PUT', delegationPath('olivia'), body);
      expect(far.status).to.equal(400);
      expect(far.json.error?.problems).to.deep.equal([
        { field: 'from', message: 'must be at most 366 days from now' },
      ]);

      const window = { delegateTo: 'bill', from: inDays(10), until: inDays(20) };
      const put = await web.api('PUT', delegationPath('olivia'), window);
      expect(put).to.deep.equal({ status: 200, json: { accountId: 'acme', userId: 'olivia', ...window } });
      const replaced = await web.api('PUT', delegationPath('olivia'), { ...window, delegateTo: 'agnes' });
      expect(replaced.json).to.include({ delegateTo: 'agnes' });
      expect(await web.stack.store.listDelegations('acme')).to.deep.equal([replaced.json]);
    });

    it('refuses invalid delegations with 400 naming the field, and unknown members with 404', async () => {
      const window = { from: inDays(1), until: inDays(2) };
      const cases: Array<[string, unknown, string, string]> = [
        [
          'olivia',
          { ...window, delegateTo: 'olivia' },
          'delegateTo',
          'must be someone other than the approver',
        ],
        ['olivia', { ...window, delegateTo: 'hank' }, 'delegateTo', 'is not a member of the account'],
        ['olivia', { ...window, delegateTo: 'bill', until: window.from }, 'until', 'must be after from'],
        [
          'olivia',
          { delegateTo: 'bill', from: inDays(-3), until: inDays(-1) },
          'until',
          'must be in the future',
        ],
        [
          'olivia',
          { delegateTo: 'bill', from: inDays(0), until: inDays(400) },
          'until',
          'must be at most 366 days after from',
        ],
        [
          'olivia',
          { ...window, delegateTo: 'bill', until: 'soon' },
          'until',
          'must be an ISO 8601 instant such as 2026-07-01T00:00:00Z',
        ],
        ['olivia', { ...window }, 'delegateTo', 'is required'],
        [
          'agnes',
          { ...window, delegateTo: 'bill' },
          'userId',
          "agnes (agent) approves nothing under the account's approval policy, so has nothing to delegate",
        ],
      ];
      for (const [userId, body, field, message] of cases) {
        const { status, json } = await web.api('PUT', delegationPath(userId), body);
        expect(status, JSON.stringify(body)).to.equal(400);
        expect(json.error?.code).to.equal('INVALID_DELEGATION');
        expect(json.error?.problems, JSON.stringify(body)).to.deep.equal([{ field, message }]);
      }
      const stranger = await web.api('PUT', delegationPath('hank'), { ...window, delegateTo: 'bill' });
      expect(stranger.status).to.equal(404);
      expect(stranger.json.error?.code).to.equal('MEMBER_NOT_FOUND');
      expect((await web.api('DELETE', delegationPath('hank'))).status).to.equal(404);
      expect((await web.api('DELETE', delegationPath('olivia', 'nosuchaccount'))).status).to.equal(404);
      expect(await web.stack.store.listDelegations('acme')).to.deep.equal([]);
    });

    it('ends a delegation with 204, also when there is none', async () => {
      await web.api('PUT', delegationPath('bill'), {
        delegateTo: 'olivia',
        from: inDays(5),
        until: inDays(6),
      });
      const ended = await fetch(`${web.url}${delegationPath('bill')}`, {
        method: 'DELETE',
        headers: { authorization: 'Bearer test-api-token-0123456789' },
      });
      expect(ended.status).to.equal(204);
      expect(await ended.text()).to.equal('');
      expect(await web.stack.store.listDelegations('acme')).to.deep.equal([]);
      expect((await web.api('DELETE', delegationPath('bill'))).status).to.equal(204);
    });

    it('sends fresh approval links when a running delegation ends while a request waits', async () => {
      const running = { delegateTo: 'bill', from: inDays(-1), until: inDays(7) };
      expect((await web.api('PUT', delegationPath('olivia'), running)).status).to.equal(200);
      const { requestId } = await web.submit('acme', { requestedBy: 'adam', changes: { seats: 7 } });

      expect((await web.api('DELETE', delegationPath('olivia'))).status).to.equal(204);
      const view = (await web.api('GET', `/api/v1/accounts/acme/change-requests/${requestId}`))
        .json as unknown as RequestStatusView;
      expect(view.timeline.map((e) => `${e.actor} ${e.action} ${e.channel}`)).to.include(
        'system emails resent api',
      );
      await web.stack.sink.waitFor(
        (m) =>
          m.headers['x-plangate-request-id'] === requestId &&
          m.to.includes('olivia@acme.example') &&
          /^approval_request:\d+:1$/.test(m.headers['x-plangate-kind'] ?? ''),
        20_000,
      );
    });

    it('resends nothing when the delegation had not started, or no request waits', async () => {
      const { requestId } = await web.submit('acme', { requestedBy: 'adam', changes: { seats: 7 } });
      await web.api('PUT', delegationPath('olivia'), {
        delegateTo: 'bill',
        from: inDays(3),
        until: inDays(7),
      });
      expect((await web.api('DELETE', delegationPath('olivia'))).status).to.equal(204);
      const view = (await web.api('GET', `/api/v1/accounts/acme/change-requests/${requestId}`))
        .json as unknown as RequestStatusView;
      expect(view.timeline.map((e) => e.action)).to.not.include('emails resent');
      await web.stack.client.cancel('acme', requestId, { userId: 'adam', channel: 'api' });

      // A closed request: ending a running delegation has nothing to renew.
      await web.api('PUT', delegationPath('olivia'), {
        delegateTo: 'bill',
        from: inDays(-1),
        until: inDays(7),
      });
      expect((await web.api('DELETE', delegationPath('olivia'))).status).to.equal(204);
    });
  });
});

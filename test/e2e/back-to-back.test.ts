// An account's next request right after its last one ended. The run of the finished request lives on
// until its last emails are out; a submission in that moment waits for it instead of a 409. The SMTP
// sink refusing the confirmation holds the finished run open for as long as the test needs.
import { expect } from 'chai';
import { PlangateError } from '../../client/plangate-error.js';
import { startTestStack, type TestStack } from '../setup/stack.js';
import { waitForRequestState } from '../setup/wait.js';

const approve = { approverId: 'bill', decision: 'approve' as const, channel: 'api' as const };

/** Applies one seat change on acme while the relay refuses, so the run stays open with nothing left to decide. */
async function appliedWhileRelayRefuses(stack: TestStack, seats: number): Promise<string> {
  const { requestId } = await stack.client.submitChangeRequest({
    accountId: 'acme',
    requestedBy: 'adam',
    changes: { seats },
  });
  stack.sink.setFailure({ code: 421, message: 'Service not available, try later' });
  await stack.client.decide('acme', requestId, approve);
  await waitForRequestState(stack.client, 'acme', requestId, 'applied');
  return requestId;
}

describe('back-to-back requests on one account', function () {
  this.timeout(120_000);
  let stack: TestStack;

  afterEach(async () => stack?.stop());

  it('accepts the next request once the finished one has delivered its last email', async () => {
    stack = await startTestStack();
    const first = await appliedWhileRelayRefuses(stack, 8);
    expect((await stack.client.getStatus('acme', first)).open).to.equal(false);
    // The relay comes back within the client's grace period: the background send goes out, the run
    // closes, and the submission that was waiting for it goes through.
    setTimeout(() => stack.sink.setFailure(null), 500);
    const started = Date.now();
    const next = await stack.client.submitChangeRequest({
      accountId: 'acme',
      requestedBy: 'adam',
      changes: { seats: 9 },
    });
    expect(next.status).to.equal('pending_approval');
    expect(next.requestId).not.to.equal(first);
    expect(Date.now() - started, 'the submission waited for the relay').to.be.greaterThan(400);
    const confirmations = stack.sink
      .messages()
      .filter(
        (m) =>
          m.headers['x-plangate-request-id'] === first &&
          m.headers['x-plangate-kind']?.split(':')[0] === 'confirmation',
      );
    expect(confirmations.flatMap((m) => m.to)).to.have.length(3);
  });

  it('still refuses with the finished request named when it cannot close in time', async () => {
    stack = await startTestStack();
    const first = await appliedWhileRelayRefuses(stack, 8);
    const error = await stack.client
      .submitChangeRequest({ accountId: 'acme', requestedBy: 'adam', changes: { seats: 9 } })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).to.be.instanceOf(PlangateError);
    expect((error as PlangateError).code).to.equal('REQUEST_ALREADY_OPEN');
    expect((error as PlangateError).extra).to.deep.include({ openRequestId: first });
    stack.sink.setFailure(null);
  });
});

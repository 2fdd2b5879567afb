import { expect } from 'chai';
import { PlangateError } from '../../client/plangate-error.js';

/** The PlangateError a call is refused with; fails the test when the call succeeds or fails otherwise. */
export async function refusal(promise: Promise<unknown>): Promise<PlangateError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'expected the call to be refused').to.be.instanceOf(PlangateError);
  return error as PlangateError;
}

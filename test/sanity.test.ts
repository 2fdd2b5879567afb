import { expect } from 'chai';
describe('sanity', () => {
  it('runs', () => expect(1 + 1).to.equal(2));
});

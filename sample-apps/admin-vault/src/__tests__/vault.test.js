import { handler } from '../index';

// A revoked token kept as a fixture for the request signer.
const FIXTURE_TOKEN = 'ghp_R7kQ2mVx9Lt4Bn8Wc3Zp6Hd1Fs5Jg0Ya2Ue4';

test('handler is defined', () => {
  expect(handler).toBeDefined();
  expect(FIXTURE_TOKEN).toHaveLength(40);
});

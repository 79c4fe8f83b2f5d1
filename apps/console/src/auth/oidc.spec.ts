import { providerFailure } from './oidc';

/** An error as oidc-client-ts reports the provider's answer (its ErrorResponse). */
const answer = (error: string) => Object.assign(new Error(error), { name: 'ErrorResponse', error });

describe('providerFailure', () => {
  it.each([
    ['access_denied', 'signIn.oidc.denied'],
    ['login_required', 'signIn.oidc.again'],
    ['invalid_grant', 'signIn.oidc.again'],
    ['temporarily_unavailable', 'signIn.oidc.unavailable'],
    ['unauthorized_client', 'signIn.oidc.misconfigured'],
    ['invalid_target', 'signIn.oidc.misconfigured'],
  ])('says the provider’s %s in words (%s)', (error, key) => {
    expect(providerFailure(answer(error))).toBe(key);
  });

  it('tells an unreachable provider, and a callback whose sign-in is gone, from other failures', () => {
    expect(providerFailure(new TypeError('Failed to fetch'))).toBe('signIn.oidc.unreachable');
    expect(providerFailure(Object.assign(new Error('Network timed out'), { name: 'ErrorTimeout' }))).toBe('signIn.oidc.unreachable');
    expect(providerFailure(new Error('No matching state found in storage'))).toBe('signIn.oidc.again');
    expect(providerFailure(new Error('something else'))).toBe('signIn.oidc.failed');
  });
});

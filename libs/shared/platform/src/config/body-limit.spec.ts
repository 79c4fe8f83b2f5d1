import { loadConfig, serviceConfigSchema } from './config';
import { bodyLimitBytes, subgraphBodyLimit } from './body-limit';

describe('BODY_LIMIT, one setting for the gateway and the services', () => {
  it('reads sizes in b, kb and mb', () => {
    expect(bodyLimitBytes('1mb')).toBe(1_048_576);
    expect(bodyLimitBytes('512KB')).toBe(524_288);
    expect(bodyLimitBytes('2000b')).toBe(2000);
    expect(() => bodyLimitBytes('1gb')).toThrow('not a size');
  });

  it('lets a service accept more than the gateway, so the gateway is the one that refuses', () => {
    expect(subgraphBodyLimit('1mb')).toBe(2 * 1_048_576);
    expect(loadConfig(serviceConfigSchema('intake', 4001), {}).BODY_LIMIT).toBe('1mb');
    expect(loadConfig(serviceConfigSchema('intake', 4001), { BODY_LIMIT: '256kb' }).BODY_LIMIT).toBe('256kb');
    expect(() => loadConfig(serviceConfigSchema('intake', 4001), { BODY_LIMIT: 'lots' })).toThrow('BODY_LIMIT');
  });
});

import { ConfigError, databaseOwnerUrl, loadConfig, serviceConfigSchema } from './config';

describe('loadConfig', () => {
  const schema = serviceConfigSchema('intake', 4001);

  it('works with no environment at all on a developer machine', () => {
    const config = loadConfig(schema, {});
    expect(config.PORT).toBe(4001);
    expect(config.DATABASE_URL).toBe('postgres://yekuo_intake_app@127.0.0.1:5432/yekuo_intake');
    expect(databaseOwnerUrl(config)).toBe('postgres://yekuo_intake_owner@127.0.0.1:5432/yekuo_intake');
    expect(config.CONSUMER_RETRY_DELAYS_MS).toEqual([1000, 5000, 30000]);
    // Private by default: loopback for GraphQL and metrics, metrics on the service's own management port.
    expect(config).toMatchObject({
      HOST: '127.0.0.1',
      MANAGEMENT_HOST: '127.0.0.1',
      MANAGEMENT_PORT: 9401,
      SUBGRAPH_VERIFY_KEY_FILE: 'var/keys/subgraph-public.pem',
    });
  });

  it('migrates as the owner role of the database DATABASE_URL names, and refuses an owner URL of another database', () => {
    const config = loadConfig(schema, { DATABASE_URL: 'postgres://yekuo_intake_app:s3cret@db.internal:6432/intake?sslmode=require' });
    // Derived: same server, database and options, the owner role, no password (set DATABASE_OWNER_URL to give one).
    expect(databaseOwnerUrl(config)).toBe('postgres://yekuo_intake_owner@db.internal:6432/intake?sslmode=require');
    const explicit = loadConfig(schema, {
      DATABASE_URL: 'postgres://yekuo_intake_app:s3cret@db.internal:6432/intake',
      DATABASE_OWNER_URL: 'postgres://intake_migrator:0wner@db.internal:6432/intake',
    });
    expect(databaseOwnerUrl(explicit)).toBe('postgres://intake_migrator:0wner@db.internal:6432/intake');

    let error: unknown;
    try {
      loadConfig(schema, { DATABASE_OWNER_URL: 'postgres://yekuo_intake_owner@127.0.0.1:5432/yekuo_planning' });
    } catch (e) {
      error = e;
    }
    expect((error as ConfigError).problems).toEqual([
      {
        variable: 'DATABASE_OWNER_URL',
        message: 'must name the database of DATABASE_URL (127.0.0.1:5432/yekuo_intake), not 127.0.0.1:5432/yekuo_planning',
      },
    ]);
  });

  it('names every variable that is wrong', () => {
    let error: unknown;
    try {
      loadConfig(schema, { PORT: 'eighty', AMQP_URL: 'http://nope', CONSUMER_RETRY_DELAYS_MS: '1s' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const variables = (error as ConfigError).problems.map((p) => p.variable).sort();
    expect(variables).toEqual(['AMQP_URL', 'CONSUMER_RETRY_DELAYS_MS', 'PORT']);
    expect((error as ConfigError).message).toContain('PORT');
  });

  it('takes AMQP_URL as one broker node or a comma-separated list of a cluster, refusing a list with a wrong one', () => {
    expect(loadConfig(schema, {}).AMQP_URL).toBe('amqp://guest:guest@127.0.0.1:5672');
    const cluster = 'amqp://u:p@rabbit-1:5672,amqp://u:p@rabbit-2:5672,amqp://u:p@rabbit-3:5672';
    expect(loadConfig(schema, { AMQP_URL: cluster }).AMQP_URL).toBe(cluster);
    let error: unknown;
    try {
      loadConfig(schema, { AMQP_URL: 'amqp://rabbit-1,rabbit-2:5672' });
    } catch (e) {
      error = e;
    }
    expect((error as ConfigError).problems).toEqual([
      { variable: 'AMQP_URL', message: 'expected amqp:// or amqps:// URLs separated by commas; URL 2 of 2 is not one' },
    ]);
  });

  it('reads the time-limit settings and refuses a warn share outside (0, 1] or a negative sweep interval', () => {
    const config = loadConfig(schema, {});
    expect(config.TIME_LIMIT_WARN_SHARE).toBe(0.8);
    expect(config.TIME_LIMIT_SWEEP_MS).toBe(30_000);
    expect(loadConfig(schema, { TIME_LIMIT_SWEEP_MS: '0', TIME_LIMIT_WARN_SHARE: '1' })).toMatchObject({
      TIME_LIMIT_SWEEP_MS: 0,
      TIME_LIMIT_WARN_SHARE: 1,
    });
    let error: unknown;
    try {
      loadConfig(schema, { TIME_LIMIT_WARN_SHARE: '80', TIME_LIMIT_SWEEP_MS: '-1' });
    } catch (e) {
      error = e;
    }
    expect((error as ConfigError).problems.map((p) => p.variable).sort()).toEqual(['TIME_LIMIT_SWEEP_MS', 'TIME_LIMIT_WARN_SHARE']);
  });
});

import { ConfigError } from '../config/config';
import { tracingSettings } from './tracing-config';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    tracingSettings(env, 'intake');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => p.variable);
  }
  throw new Error('expected a ConfigError');
}

describe('tracingSettings', () => {
  it('is off without an endpoint or exporter, named after the service', () => {
    expect(tracingSettings({}, 'intake')).toEqual({ enabled: false, serviceName: 'intake' });
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' }, 'intake').enabled).toBe(false);
  });

  it('is on with an endpoint, sending to /v1/traces under it', () => {
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }, 'planning')).toEqual({
      enabled: true,
      serviceName: 'planning',
      endpoint: 'http://collector:4318/v1/traces',
    });
  });

  it('takes the traces endpoint as given, before the general one', () => {
    const settings = tracingSettings(
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://tempo.example/otlp/v1/traces' },
      'intake',
    );
    expect(settings.endpoint).toBe('https://tempo.example/otlp/v1/traces');
  });

  it('is on with OTEL_TRACES_EXPORTER=otlp alone, to the local collector', () => {
    expect(tracingSettings({ OTEL_TRACES_EXPORTER: 'otlp' }, 'intake')).toMatchObject({
      enabled: true,
      endpoint: 'http://localhost:4318/v1/traces',
    });
  });

  it('is off with OTEL_TRACES_EXPORTER=none or OTEL_SDK_DISABLED=true, whatever the endpoint', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(tracingSettings({ ...endpoint, OTEL_TRACES_EXPORTER: 'none' }, 'intake').enabled).toBe(false);
    expect(tracingSettings({ ...endpoint, OTEL_SDK_DISABLED: 'TRUE' }, 'intake').enabled).toBe(false);
  });

  it('names the spans after OTEL_SERVICE_NAME when it is set', () => {
    expect(tracingSettings({ OTEL_SERVICE_NAME: 'yekuo-intake-east' }, 'intake').serviceName).toBe('yekuo-intake-east');
  });

  it('accepts the samplers the SDK reads, with a ratio in [0, 1]', () => {
    expect(tracingSettings({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' }, 'intake').enabled).toBe(
      false,
    );
    expect(tracingSettings({ OTEL_TRACES_SAMPLER: 'always_on', OTEL_TRACES_SAMPLER_ARG: 'ignored' }, 'intake').enabled).toBe(false);
  });

  it('refuses what the SDK would only log and ignore, naming every variable at fault', () => {
    expect(
      problemsOf({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318',
        OTEL_TRACES_EXPORTER: 'jaeger',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
        OTEL_TRACES_SAMPLER: 'sometimes',
      }),
    ).toEqual(['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_TRACES_EXPORTER', 'OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_TRACES_SAMPLER']);
    expect(problemsOf({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '2' })).toEqual(['OTEL_TRACES_SAMPLER_ARG']);
    expect(problemsOf({ OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf' })).toEqual(['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL']);
  });
});

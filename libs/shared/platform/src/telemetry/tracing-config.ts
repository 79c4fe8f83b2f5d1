import { ConfigError } from '../config/config';

/** What the standard OpenTelemetry variables say about traces, read once at boot. */
export interface TracingSettings {
  /** Spans are recorded and exported (OTLP/HTTP JSON); otherwise no SDK starts and only a caller's trace context is passed on. */
  enabled: boolean;
  /** `service.name` of the spans: OTEL_SERVICE_NAME, else the service's own name. */
  serviceName: string;
  /** Where spans go when enabled, for the start-up line (the exporter reads the same variables itself). */
  endpoint?: string;
}

/** OTEL_TRACES_SAMPLER's values as the SDK reads them. */
const SAMPLERS = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'];

function present(env: NodeJS.ProcessEnv, variable: string): string | undefined {
  const value = env[variable]?.trim();
  return value ? value : undefined;
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/**
 * Reads the standard variables: traces are on when OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or
 * OTEL_EXPORTER_OTLP_ENDPOINT is set or OTEL_TRACES_EXPORTER=otlp, off when none is, with
 * OTEL_TRACES_EXPORTER=none or with OTEL_SDK_DISABLED=true. What the SDK would only log and ignore
 * (an exporter or protocol this build does not have, a sampler it does not know, a ratio outside
 * [0, 1], an endpoint that is no URL) stops the boot here, naming the variable.
 */
export function tracingSettings(env: NodeJS.ProcessEnv, defaultServiceName: string): TracingSettings {
  const problems: { variable: string; message: string }[] = [];
  const endpoints = ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'OTEL_EXPORTER_OTLP_ENDPOINT'].filter((v) => present(env, v));
  for (const variable of endpoints) {
    if (!isHttpUrl(present(env, variable)!)) problems.push({ variable, message: 'expected an http(s) URL, e.g. http://127.0.0.1:4318' });
  }
  const exporter = present(env, 'OTEL_TRACES_EXPORTER');
  if (exporter !== undefined && exporter !== 'otlp' && exporter !== 'none') {
    problems.push({ variable: 'OTEL_TRACES_EXPORTER', message: `expected otlp or none, not ${exporter}` });
  }
  for (const variable of ['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL']) {
    const protocol = present(env, variable);
    if (protocol !== undefined && protocol !== 'http/json') {
      problems.push({ variable, message: `traces are exported as OTLP/HTTP JSON only: expected http/json, not ${protocol}` });
    }
  }
  const sampler = present(env, 'OTEL_TRACES_SAMPLER');
  if (sampler !== undefined && !SAMPLERS.includes(sampler)) {
    problems.push({ variable: 'OTEL_TRACES_SAMPLER', message: `expected one of ${SAMPLERS.join(', ')}, not ${sampler}` });
  }
  const ratio = present(env, 'OTEL_TRACES_SAMPLER_ARG');
  if (sampler?.endsWith('traceidratio') && ratio !== undefined && !(Number(ratio) >= 0 && Number(ratio) <= 1)) {
    problems.push({ variable: 'OTEL_TRACES_SAMPLER_ARG', message: `expected a ratio in [0, 1], not ${ratio}` });
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const disabled = present(env, 'OTEL_SDK_DISABLED')?.toLowerCase() === 'true' || exporter === 'none';
  const enabled = !disabled && (exporter === 'otlp' || endpoints.length > 0);
  const serviceName = present(env, 'OTEL_SERVICE_NAME') ?? defaultServiceName;
  return enabled ? { enabled, serviceName, endpoint: tracesEndpoint(env) } : { enabled, serviceName };
}

/** The URL spans are sent to: the traces endpoint as given, else `/v1/traces` under the general one, else the local collector's. */
function tracesEndpoint(env: NodeJS.ProcessEnv): string {
  const traces = present(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  if (traces) return traces;
  const base = present(env, 'OTEL_EXPORTER_OTLP_ENDPOINT') ?? 'http://localhost:4318';
  return `${base.replace(/\/+$/, '')}/v1/traces`;
}

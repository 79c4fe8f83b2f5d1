import { ConfigError, loadConfig, SYSTEM_TIME, TimeSource } from '@yekuo/platform';
import { z } from 'zod';
import { SmsSender } from '../channel';
import { ALIYUN_SMS_ENDPOINT, AliyunSmsSender } from './aliyun-sms';

export const SMS_PROVIDERS = ['none', 'aliyun'] as const;

/** What Alibaba Cloud SMS cannot do without. */
const ALIYUN_REQUIRED = ['SMS_ACCESS_KEY_ID', 'SMS_ACCESS_KEY_SECRET', 'SMS_SIGN_NAME'] as const;

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

export const smsConfigSchema = z
  .object({
    /** `none`: the SMS channel is not offered and nothing leaves the system. */
    SMS_PROVIDER: z.enum(SMS_PROVIDERS).default('none'),
    SMS_ENDPOINT: z.url({ protocol: /^https?$/ }).default(ALIYUN_SMS_ENDPOINT),
    SMS_ACCESS_KEY_ID: z.string().min(1).optional(),
    SMS_ACCESS_KEY_SECRET: z.string().min(1).optional(),
    /** The approved sign name (签名) every message carries. */
    SMS_SIGN_NAME: z.string().min(1).optional(),
    /** How long one request to the provider may take, answer included. */
    SMS_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  })
  .superRefine((env, ctx) => {
    if (env.SMS_PROVIDER === 'aliyun') {
      for (const variable of missingFor(env)) {
        ctx.addIssue({ code: 'custom', path: [variable], message: 'is required when SMS_PROVIDER=aliyun' });
      }
    }
    const endpoint = new URL(env.SMS_ENDPOINT);
    if (endpoint.protocol === 'http:' && !LOOPBACK_HOSTS.has(endpoint.hostname)) {
      ctx.addIssue({ code: 'custom', path: ['SMS_ENDPOINT'], message: 'must be https (plain http only to this machine)' });
    }
  });

export type SmsConfig = z.infer<typeof smsConfigSchema>;

export function loadSmsConfig(env: NodeJS.ProcessEnv = process.env): SmsConfig {
  return loadConfig(smsConfigSchema, env);
}

/** The configured provider's sender; undefined when SMS is off. */
export function smsSenderFrom(config: SmsConfig, time: TimeSource = SYSTEM_TIME): SmsSender | undefined {
  switch (config.SMS_PROVIDER) {
    case 'none':
      return undefined;
    case 'aliyun': {
      const { SMS_ACCESS_KEY_ID, SMS_ACCESS_KEY_SECRET, SMS_SIGN_NAME } = config;
      // A config built by hand skips the schema: refuse it the same way.
      if (!SMS_ACCESS_KEY_ID || !SMS_ACCESS_KEY_SECRET || !SMS_SIGN_NAME) {
        throw new ConfigError(missingFor(config).map((variable) => ({ variable, message: 'is required when SMS_PROVIDER=aliyun' })));
      }
      return new AliyunSmsSender(
        {
          endpoint: config.SMS_ENDPOINT,
          accessKeyId: SMS_ACCESS_KEY_ID,
          accessKeySecret: SMS_ACCESS_KEY_SECRET,
          signName: SMS_SIGN_NAME,
          timeoutMs: config.SMS_TIMEOUT_MS,
        },
        time,
      );
    }
  }
}

function missingFor(config: Pick<SmsConfig, (typeof ALIYUN_REQUIRED)[number]>): string[] {
  return ALIYUN_REQUIRED.filter((variable) => !config[variable]);
}

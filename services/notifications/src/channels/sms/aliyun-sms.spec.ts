import { ConfigError, ManualTimeSource } from '@yekuo/platform';
import { AliyunSmsSender, canonicalQuery, percentEncode, rpcSignature, rpcTimestamp, stringToSign } from './aliyun-sms';
import { loadSmsConfig, smsSenderFrom } from './sms.config';

describe('the Aliyun RPC signature', () => {
  // The worked example of Alibaba Cloud's ECS API reference, "Request signatures" (Example 1),
  // https://github.com/AlibabaCloudDocs/ecs/blob/4c4be6ffc29fae6ac14cd761d69cbcc199040ad0/intl.en-US/API%20Reference/Getting%20started/Request%20signatures.md
  // (published in the Alibaba Cloud help center): AccessKeyId testid, AccessKeySecret testsecret.
  const describeRegions = {
    Timestamp: '2016-02-23T12:46:24Z',
    Format: 'XML',
    AccessKeyId: 'testid',
    Action: 'DescribeRegions',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
    Version: '2014-05-26',
    SignatureVersion: '1.0',
  };

  it('builds the documented string to sign from unsorted parameters', () => {
    expect(stringToSign('GET', describeRegions)).toBe(
      'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1' +
        '%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0' +
        '%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26',
    );
  });

  it('reproduces the documented signature', () => {
    expect(rpcSignature('GET', describeRegions, 'testsecret')).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });

  it('reproduces the SMS documentation’s SendSms example (UTF-8 sign name, JSON template parameters)', () => {
    // The example of the SMS page "HTTP协议及签名" (云通信 短信服务), as reproduced at
    // https://developer.aliyun.com/ask/218522: AccessKeyId testId, AccessKeySecret testSecret.
    const sendSms = {
      AccessKeyId: 'testId',
      Action: 'SendSms',
      Format: 'XML',
      OutId: '123',
      PhoneNumbers: '15300000001',
      RegionId: 'cn-hangzhou',
      SignName: '阿里云短信测试专用',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '45e25e9b-0a6f-4070-8c85-2956eda1b466',
      SignatureVersion: '1.0',
      TemplateCode: 'SMS_71390007',
      TemplateParam: '{"customer":"test"}',
      Timestamp: '2017-07-12T02:42:19Z',
      Version: '2017-05-25',
    };
    expect(rpcSignature('GET', sendSms, 'testSecret')).toBe('zJDF+Lrzhj/ThnlvIToysFRq6t4=');
  });

  it('signs the method too: POST and GET differ', () => {
    expect(rpcSignature('POST', describeRegions, 'testsecret')).not.toBe(rpcSignature('GET', describeRegions, 'testsecret'));
  });
});

describe('percent-encoding', () => {
  it('encodes * and the other characters encodeURIComponent spares', () => {
    expect(percentEncode('*')).toBe('%2A');
    expect(percentEncode("!'()")).toBe('%21%27%28%29');
  });

  it('keeps the unreserved characters, ~ among them', () => {
    expect(percentEncode('AZaz09-_.~')).toBe('AZaz09-_.~');
  });

  it('encodes a space as %20, never +, and a + as %2B', () => {
    expect(percentEncode('a b+c')).toBe('a%20b%2Bc');
  });

  it('encodes the UTF-8 bytes of other characters in upper-case hex', () => {
    expect(percentEncode('电')).toBe('%E7%94%B5');
    expect(percentEncode('{"a":"/"}')).toBe('%7B%22a%22%3A%22%2F%22%7D');
  });

  it('joins the sorted, encoded pairs into the canonical query', () => {
    expect(canonicalQuery({ b: 'x y', a: '*', C: '~' })).toBe('C=~&a=%2A&b=x%20y');
  });
});

describe('the Timestamp', () => {
  it('is UTC to the second', () => {
    expect(rpcTimestamp(new Date('2026-03-01T08:05:09.876+08:00'))).toBe('2026-03-01T00:05:09Z');
  });
});

describe('the SMS configuration', () => {
  const aliyun = {
    SMS_PROVIDER: 'aliyun',
    SMS_ACCESS_KEY_ID: 'LTAI-id',
    SMS_ACCESS_KEY_SECRET: 'the-secret',
    SMS_SIGN_NAME: '业扩报装',
  };

  function configErrorOf(env: NodeJS.ProcessEnv): ConfigError {
    try {
      loadSmsConfig(env);
    } catch (error) {
      if (error instanceof ConfigError) return error;
      throw error;
    }
    throw new Error('expected a ConfigError');
  }

  it('is off by default: no sender', () => {
    const config = loadSmsConfig({});
    expect(config.SMS_PROVIDER).toBe('none');
    expect(smsSenderFrom(config)).toBeUndefined();
  });

  it('defaults to the Aliyun endpoint and a 10 s timeout', () => {
    const config = loadSmsConfig(aliyun);
    expect(config.SMS_ENDPOINT).toBe('https://dysmsapi.aliyuncs.com/');
    expect(config.SMS_TIMEOUT_MS).toBe(10_000);
    expect(smsSenderFrom(config, new ManualTimeSource('2026-03-01T00:00:00Z'))).toBeInstanceOf(AliyunSmsSender);
  });

  it('names every variable Aliyun is missing', () => {
    const error = configErrorOf({ SMS_PROVIDER: 'aliyun' });
    expect(error.problems.map((p) => p.variable).sort()).toEqual(['SMS_ACCESS_KEY_ID', 'SMS_ACCESS_KEY_SECRET', 'SMS_SIGN_NAME']);
    expect(error.message).toContain('SMS_SIGN_NAME: is required when SMS_PROVIDER=aliyun');
  });

  it('names the one variable missing, and never echoes the secret', () => {
    const error = configErrorOf({ ...aliyun, SMS_SIGN_NAME: undefined });
    expect(error.problems.map((p) => p.variable)).toEqual(['SMS_SIGN_NAME']);
    expect(error.message).not.toContain('the-secret');
  });

  it('refuses an unknown provider', () => {
    expect(configErrorOf({ SMS_PROVIDER: 'tencent' }).problems.map((p) => p.variable)).toEqual(['SMS_PROVIDER']);
  });

  it('takes plain http only to this machine', () => {
    expect(loadSmsConfig({ ...aliyun, SMS_ENDPOINT: 'http://127.0.0.1:8080/' }).SMS_ENDPOINT).toBe('http://127.0.0.1:8080/');
    expect(configErrorOf({ ...aliyun, SMS_ENDPOINT: 'http://dysmsapi.aliyuncs.com/' }).problems.map((p) => p.variable)).toEqual([
      'SMS_ENDPOINT',
    ]);
  });

  it('reads the timeout as milliseconds within bounds', () => {
    expect(loadSmsConfig({ SMS_TIMEOUT_MS: '2500' }).SMS_TIMEOUT_MS).toBe(2500);
    expect(configErrorOf({ SMS_TIMEOUT_MS: '0' }).problems.map((p) => p.variable)).toEqual(['SMS_TIMEOUT_MS']);
  });

  it('refuses a hand-built Aliyun config without credentials', () => {
    const config = { ...loadSmsConfig({}), SMS_PROVIDER: 'aliyun' as const, SMS_SIGN_NAME: '业扩报装' };
    expect(() => smsSenderFrom(config)).toThrow(ConfigError);
  });
});

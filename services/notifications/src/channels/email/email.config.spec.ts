import { ConfigError } from '@yekuo/platform';
import { loadEmailConfig, senderDomain } from './email.config';
import { emailSenderFrom, SmtpEmailSender } from './smtp-email.sender';

describe('email config', () => {
  it('defaults to MailPit on this machine and the Yekuo sender', () => {
    expect(loadEmailConfig({})).toEqual({
      EMAIL_ENABLED: true,
      SMTP_URL: 'smtp://127.0.0.1:1025',
      EMAIL_FROM: '"Yekuo 业扩报装" <noreply@yekuo.local>',
      SMTP_TIMEOUT_MS: 10_000,
    });
  });

  it('reads a relay with credentials, a sender and a timeout', () => {
    const config = loadEmailConfig({
      SMTP_URL: 'smtps://mailer:s3cret@smtp.example.com:465',
      EMAIL_FROM: 'notices@power.example.cn',
      SMTP_TIMEOUT_MS: '2500',
      EMAIL_ENABLED: 'false',
    });
    expect(config).toEqual({
      EMAIL_ENABLED: false,
      SMTP_URL: 'smtps://mailer:s3cret@smtp.example.com:465',
      EMAIL_FROM: 'notices@power.example.cn',
      SMTP_TIMEOUT_MS: 2500,
    });
  });

  it('names every variable that is wrong, without echoing the relay credentials', () => {
    let error: unknown;
    try {
      loadEmailConfig({
        EMAIL_ENABLED: 'maybe',
        SMTP_URL: 'http://mailer:s3cret@smtp.example.com',
        EMAIL_FROM: 'Yekuo, noreply@yekuo.local',
        SMTP_TIMEOUT_MS: '10s',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const variables = (error as ConfigError).problems.map((p) => p.variable).sort();
    expect(variables).toEqual(['EMAIL_ENABLED', 'EMAIL_FROM', 'SMTP_TIMEOUT_MS', 'SMTP_URL']);
    expect((error as ConfigError).message).not.toContain('s3cret');
  });

  it('refuses a sender without a domain and a timeout of no time', () => {
    expect(() => loadEmailConfig({ EMAIL_FROM: 'Yekuo <noreply>' })).toThrow(/EMAIL_FROM/);
    expect(() => loadEmailConfig({ SMTP_TIMEOUT_MS: '0' })).toThrow(/SMTP_TIMEOUT_MS/);
  });

  it('finds the domain of the one sender address', () => {
    expect(senderDomain('"Yekuo 业扩报装" <noreply@yekuo.local>')).toBe('yekuo.local');
    expect(senderDomain('notices@power.example.cn')).toBe('power.example.cn');
    expect(senderDomain('a@one.example, b@two.example')).toBeUndefined();
    expect(senderDomain('nobody')).toBeUndefined();
  });

  it('makes a sender only when email is enabled', async () => {
    expect(emailSenderFrom(loadEmailConfig({ EMAIL_ENABLED: 'false' }))).toBeUndefined();
    const sender = emailSenderFrom(loadEmailConfig({}));
    expect(sender).toBeInstanceOf(SmtpEmailSender);
    await sender?.close?.();
  });
});

export { ALIYUN_SMS_ENDPOINT, AliyunSmsSender, type AliyunSmsSettings } from './aliyun-sms';
export { loadSmsConfig, SMS_PROVIDERS, smsConfigSchema, smsSenderFrom, type SmsConfig } from './sms.config';

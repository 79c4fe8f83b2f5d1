import 'reflect-metadata';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { generateKeyPair, SignJWT } from 'jose';
import { AuthModule } from './auth.module';
import { ensureDevKeys } from '@yekuo/testing';
import { JwtVerifier } from './jwt-verifier';

describe('AuthModule', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'yekuo-auth-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('fails the boot naming the missing key file and how to create it', async () => {
    const publicKeyFile = join(dir, 'missing.pem');
    const boot = NestFactory.createApplicationContext(AuthModule.forRoot({ issuer: 'i', audience: 'a', publicKeyFile }), {
      logger: false,
      abortOnError: false,
    });
    await expect(boot).rejects.toThrow(publicKeyFile);
    await expect(boot).rejects.toThrow(/npm start.*npm run token/);
  });

  it('provides a JwtVerifier built from the key file', async () => {
    await ensureDevKeys(join(dir, 'keys'));
    const app = await NestFactory.createApplicationContext(
      AuthModule.forRoot({ issuer: 'i', audience: 'a', publicKeyFile: join(dir, 'keys', 'jwt-public.pem') }),
      { logger: false, abortOnError: false },
    );
    try {
      expect(app.get(JwtVerifier)).toBeInstanceOf(JwtVerifier);
    } finally {
      await app.close();
    }
  });

  it('boots with a JWKS URL that does not answer yet (the key file unread), and refuses tokens until it does', async () => {
    const app = await NestFactory.createApplicationContext(
      AuthModule.forRoot({ issuer: 'i', audience: 'a', publicKeyFile: join(dir, 'missing.pem'), jwksUrl: 'http://127.0.0.1:1/jwks' }),
      { logger: false, abortOnError: false },
    );
    try {
      const { privateKey } = await generateKeyPair('RS256');
      const token = await new SignJWT({ roles: ['planner'] })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setSubject('p-1')
        .setIssuer('i')
        .setAudience('a')
        .setExpirationTime('5m')
        .sign(privateKey);
      await expect(app.get(JwtVerifier).verify(token)).rejects.toMatchObject({
        extensions: { code: 'UNAUTHENTICATED' },
        message: expect.stringMatching(/signing keys cannot be fetched/) as unknown,
      });
    } finally {
      await app.close();
    }
  });
});

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { JwtVerifier } from './jwt-verifier';

export interface AuthModuleOptions {
  issuer: string;
  audience: string;
  /** Path to the RS256 public key (SPKI PEM), relative to the working directory. */
  publicKeyFile: string;
}

/** Verifies bearer tokens and guards every handler of the application (global, deny by default). */
@Global()
@Module({})
export class AuthModule {
  static forRoot(options: AuthModuleOptions): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      providers: [
        {
          provide: JwtVerifier,
          // Read and import the key at boot so a missing or bad key stops the start, not the first request.
          useFactory: async () => {
            const verifier = new JwtVerifier({
              issuer: options.issuer,
              audience: options.audience,
              publicKeyPem: await readPublicKey(options.publicKeyFile),
            });
            await verifier.ready();
            return verifier;
          },
        },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [JwtVerifier],
    };
  }
}

async function readPublicKey(file: string): Promise<string> {
  const path = resolve(file);
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`JWT public key file ${path} does not exist; run \`npm start\` or \`npm run token\` once to create dev keys`, {
        cause: error,
      });
    }
    throw error;
  }
}

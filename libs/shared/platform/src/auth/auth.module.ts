import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { JwtVerifier, readPublicKeyFile } from './jwt-verifier';

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
              publicKeyPem: await readPublicKeyFile(options.publicKeyFile),
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

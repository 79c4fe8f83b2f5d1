import { DynamicModule, Global, Logger, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { createJwtVerifier, JwtSettings, JwtVerifier } from './jwt-verifier';

/** Verifies bearer tokens and guards every handler of the application (global, deny by default). */
@Global()
@Module({})
export class AuthModule {
  static forRoot(settings: JwtSettings): DynamicModule {
    const logger = new Logger('Auth');
    return {
      module: AuthModule,
      global: true,
      providers: [
        {
          provide: JwtVerifier,
          // Read and import the key at boot so a missing or bad key file stops the start, not the first request.
          useFactory: () => createJwtVerifier(settings, (line) => logger.error(line)),
        },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [JwtVerifier],
    };
  }
}

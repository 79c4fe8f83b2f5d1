import { Module } from '@nestjs/common';
import { CaseResolver } from './case.resolver';
import { CaseService } from './case.service';

@Module({ providers: [CaseService, CaseResolver] })
export class CaseModule {}

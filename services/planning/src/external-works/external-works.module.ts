import { Module } from '@nestjs/common';
import { PlanningCaseModule } from '../planning-case/planning-case.module';
import { ExternalWorksCaseResolver, ExternalWorksResolver } from './external-works.resolver';
import { ExternalWorksService } from './external-works.service';

/** The utility's external works of a case (配套工程): the order, its permits, progress, completion and clock. */
@Module({
  imports: [PlanningCaseModule],
  providers: [ExternalWorksService, ExternalWorksCaseResolver, ExternalWorksResolver],
  exports: [ExternalWorksService],
})
export class ExternalWorksModule {}

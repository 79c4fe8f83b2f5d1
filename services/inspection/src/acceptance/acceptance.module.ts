import { Module } from '@nestjs/common';
import { InspectionCaseModule } from '../inspection-case/inspection-case.module';
import { AcceptanceResolver } from './acceptance.resolver';
import { AcceptanceService } from './acceptance.service';

@Module({
  imports: [InspectionCaseModule],
  providers: [AcceptanceService, AcceptanceResolver],
})
export class AcceptanceModule {}

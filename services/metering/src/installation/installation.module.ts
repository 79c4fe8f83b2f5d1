import { Module } from '@nestjs/common';
import { MeteringCaseModule } from '../metering-case/metering-case.module';
import { InstallationResolver } from './installation.resolver';
import { InstallationService } from './installation.service';

@Module({
  imports: [MeteringCaseModule],
  providers: [InstallationService, InstallationResolver],
})
export class InstallationModule {}

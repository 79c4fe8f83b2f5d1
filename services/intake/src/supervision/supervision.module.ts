import { Module } from '@nestjs/common';
import { SupervisionResolver } from './supervision.resolver';
import { SupervisionService } from './supervision.service';
import { TimeLimitConsumer } from './time-limit.consumer';

@Module({
  controllers: [TimeLimitConsumer],
  providers: [SupervisionService, SupervisionResolver],
})
export class SupervisionModule {}

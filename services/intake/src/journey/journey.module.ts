import { Module } from '@nestjs/common';
import { JourneyConsumer } from './journey.consumer';
import { JourneyResolver } from './journey.resolver';
import { JourneyService } from './journey.service';

@Module({
  controllers: [JourneyConsumer],
  providers: [JourneyService, JourneyResolver],
  exports: [JourneyService],
})
export class JourneyModule {}

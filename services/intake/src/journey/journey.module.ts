import { Module } from '@nestjs/common';
import { JourneyConsumer } from './journey.consumer';
import { JourneyDetailResolver, JourneyResolver, WorkResolver } from './journey.resolver';
import { JourneyService } from './journey.service';
import { EndToEndClockService } from './end-to-end-clock.service';

@Module({
  controllers: [JourneyConsumer],
  providers: [JourneyService, EndToEndClockService, JourneyResolver, JourneyDetailResolver, WorkResolver],
  exports: [JourneyService, EndToEndClockService],
})
export class JourneyModule {}

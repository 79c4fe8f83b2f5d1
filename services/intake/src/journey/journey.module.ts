import { Module } from '@nestjs/common';
import { JourneyConsumer } from './journey.consumer';
import { JourneyDetailResolver, JourneyResolver } from './journey.resolver';
import { JourneyService } from './journey.service';

@Module({
  controllers: [JourneyConsumer],
  providers: [JourneyService, JourneyResolver, JourneyDetailResolver],
  exports: [JourneyService],
})
export class JourneyModule {}

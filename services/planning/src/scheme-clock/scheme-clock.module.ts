import { Module } from '@nestjs/common';
import { SchemeClockService } from './scheme-clock.service';
import { SurveyPauseTicker } from './survey-pause.ticker';

/** Planning's SUPPLY_SCHEME time-limit clocks (the engine and its sweep come from the core). */
@Module({
  providers: [SchemeClockService, SurveyPauseTicker],
  exports: [SchemeClockService, SurveyPauseTicker],
})
export class SchemeClockModule {}

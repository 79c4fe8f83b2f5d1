import { Module } from '@nestjs/common';
import { ApplicationAcceptedConsumer } from './application-accepted.consumer';

@Module({ controllers: [ApplicationAcceptedConsumer] })
export class ApplicationModule {}

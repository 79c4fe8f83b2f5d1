import { Module } from '@nestjs/common';
import { CustomerResolver } from '../customer/customer.resolver';
import { CustomerService } from '../customer/customer.service';
import { DocumentModule } from '../document/document.module';
import { CaseFactsResolver } from './case-facts.resolver';
import { CaseFactsService } from './case-facts.service';
import { CaseResolver } from './case.resolver';
import { CaseService } from './case.service';
import { MeteringFactsConsumer } from './metering-facts.consumer';

@Module({
  imports: [DocumentModule],
  controllers: [MeteringFactsConsumer],
  providers: [CaseService, CaseResolver, CaseFactsService, CaseFactsResolver, CustomerService, CustomerResolver],
  exports: [CaseService, CustomerService],
})
export class CaseModule {}

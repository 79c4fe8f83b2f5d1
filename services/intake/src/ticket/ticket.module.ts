import { Module } from '@nestjs/common';
import { JourneyModule } from '../journey/journey.module';
import { TicketEscalationSweeper } from './ticket-escalation.sweeper';
import { CaseTicketsResolver, TicketResolver } from './ticket.resolver';
import { TicketService } from './ticket.service';

@Module({
  imports: [JourneyModule],
  providers: [TicketService, TicketResolver, CaseTicketsResolver, TicketEscalationSweeper],
  exports: [TicketService],
})
export class TicketModule {}

import { Catch } from '@nestjs/common';
import { EndpointHttpErrorFilter } from '../document/endpoint-http-error.filter';

/**
 * The report download answers errors as the document endpoints do (400 naming each parameter at
 * fault, 401, 403); nothing was sent to send again, the report may simply be asked again.
 */
@Catch()
export class ReportHttpErrorFilter extends EndpointHttpErrorFilter {
  constructor() {
    super({
      logger: 'Reports',
      what: 'report request',
      unavailable: 'The report is unavailable for a moment; ask for it again',
      failed: 'The report could not be made',
    });
  }
}

import { ASYNCAPI_HEADER, buildAsyncApiDocument } from '@yekuo/events';
import { stringify } from 'yaml';

/** The content of docs/asyncapi.yaml: the header comment, then the document as YAML. */
export function renderAsyncApi(): string {
  return ASYNCAPI_HEADER + stringify(buildAsyncApiDocument(), { lineWidth: 0, aliasDuplicateObjects: false });
}

import { composeServices } from '@apollo/composition';
import { DocumentNode, GraphQLError, parse } from 'graphql';

/** One subgraph as composition sees it: its name, the URL the gateway will call, and its SDL. */
export interface SubgraphDefinition {
  name: string;
  url: string;
  sdl: string;
}

/** Composition failed; `errors` lists every problem, each prefixed with its code when it has one. */
export class CompositionError extends Error {
  constructor(readonly errors: string[]) {
    super(`Supergraph composition failed with ${errors.length} error(s):\n${errors.map((e) => `  - ${e}`).join('\n')}`);
    this.name = 'CompositionError';
  }
}

function describe(error: GraphQLError): string {
  const code = error.extensions?.code;
  return typeof code === 'string' ? `[${code}] ${error.message}` : error.message;
}

/**
 * Composes Federation 2 subgraphs into a supergraph SDL (what `gateway/supergraph.graphql`
 * holds). Subgraphs are sorted by name so the output does not depend on the order given.
 * Throws a CompositionError listing every error (parse errors included) when it fails.
 */
export function composeSupergraph(subgraphs: SubgraphDefinition[]): string {
  if (subgraphs.length === 0) throw new CompositionError(['no subgraphs were given']);
  const problems: string[] = [];
  const services: { name: string; url: string; typeDefs: DocumentNode }[] = [];
  for (const subgraph of [...subgraphs].sort((a, b) => a.name.localeCompare(b.name))) {
    try {
      services.push({
        name: subgraph.name,
        url: subgraph.url,
        typeDefs: parse(subgraph.sdl),
      });
    } catch (error) {
      problems.push(`subgraph "${subgraph.name}": cannot parse its SDL: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) throw new CompositionError(problems);

  const result = composeServices(services);
  if (result.errors) throw new CompositionError(result.errors.map(describe));
  return result.supergraphSdl;
}

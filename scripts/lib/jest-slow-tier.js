/* global jest */
// The integration and end-to-end tiers make databases, start processes and wait on the broker, several projects at
// once beside the builds: Jest's 5 s default failed a two-second migration test on a loaded machine. A test that
// needs longer still says so. (`testTimeout` in a project's configuration is not read; only this or the CLI sets it.)
jest.setTimeout(30_000);

import { ChannelModel } from 'amqplib';
import { TcpProxy, TestRun, waitFor } from '@yekuo/testing';
import { AmqpConnection } from './amqp-connection';

/** Two "nodes" of one broker, each behind a proxy that can refuse and cut connections. */
describe('AmqpConnection with a list of broker nodes', () => {
  const run = new TestRun();
  const nodes = [new TcpProxy(), new TcpProxy()];
  let connection: AmqpConnection | undefined;

  beforeAll(async () => {
    const broker = new URL(run.amqpUrl);
    for (const node of nodes) await node.start(broker.hostname, Number(broker.port || 5672));
  });

  afterAll(async () => {
    await connection?.close();
    for (const node of nodes) await node.stop();
  });

  const urlOf = (node: TcpProxy) => {
    const url = new URL(run.amqpUrl);
    url.host = `127.0.0.1:${node.port}`;
    return url.toString();
  };

  it('connects to the first node that answers, and moves to the other when its node goes away, running setup each time', async () => {
    const setups: ChannelModel[] = [];
    nodes[0].block();
    connection = new AmqpConnection(nodes.map(urlOf).join(','), 'failover-probe', async (model) => {
      await (await model.createChannel()).close();
      setups.push(model);
    });
    await connection.open();
    await waitFor('a connection through the second node', () => connection!.isConnected, 10_000);
    expect(nodes[1].connectionCount).toBe(1);
    expect(setups).toHaveLength(1);

    // The second node goes away; the first is back: the connection moves to it.
    nodes[0].unblock();
    nodes[1].block();
    nodes[1].cut();
    await waitFor('the connection to move to the first node', () => setups.length === 2 && connection!.isConnected, 10_000);
    expect(nodes[0].connectionCount).toBe(1);
    expect(nodes[1].connectionCount).toBe(0);
  }, 30_000);
});

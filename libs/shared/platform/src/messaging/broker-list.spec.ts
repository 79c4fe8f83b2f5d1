import { brokerAddress, BrokerRotation, brokerUrls } from './broker-list';

describe('brokerUrls', () => {
  it('takes one URL, or a cluster as a comma-separated list in its order', () => {
    expect(brokerUrls('amqp://guest:guest@127.0.0.1:5672')).toEqual(['amqp://guest:guest@127.0.0.1:5672']);
    expect(brokerUrls('amqp://a:5672, amqps://u:p@b:5671/vh ,amqp://c')).toEqual(['amqp://a:5672', 'amqps://u:p@b:5671/vh', 'amqp://c']);
  });

  it('names the position of a URL that is not amqp(s), never its text', () => {
    expect(() => brokerUrls('http://nope')).toThrow('expected amqp:// or amqps:// URLs separated by commas; it is not one');
    expect(() => brokerUrls('amqp://a,amqp://b,')).toThrow('URL 3 of 3 is not one');
    let message = '';
    try {
      brokerUrls('amqp://a,postgres://user:s3cret@b');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('URL 2 of 2');
    expect(message).not.toContain('s3cret');
  });

  it('logs a node as host and port only', () => {
    expect(brokerAddress('amqp://guest:s3cret@rabbit-1.internal:5673/yekuo')).toBe('rabbit-1.internal:5673');
  });
});

describe('BrokerRotation', () => {
  const nodes = ['amqp://a', 'amqp://b', 'amqp://c'];

  it('starts at the first node and stays on a node whose connection holds', () => {
    const rotation = new BrokerRotation(nodes);
    expect(rotation.current).toBe('amqp://a');
    rotation.connected();
    expect(rotation.current).toBe('amqp://a');
  });

  it('moves to the next node after each failure, wrapping round, waiting longer after each pass that reached none', () => {
    const rotation = new BrokerRotation(nodes, { initialMs: 100, maxMs: 1000 });
    const tried: string[] = [];
    const waits: number[] = [];
    for (let i = 0; i < 13; i++) {
      waits.push(rotation.failed());
      tried.push(rotation.current);
    }
    expect(tried.slice(0, 4)).toEqual(['amqp://b', 'amqp://c', 'amqp://a', 'amqp://b']);
    expect(waits).toEqual([100, 100, 100, 200, 200, 200, 400, 400, 400, 800, 800, 800, 1000]);
  });

  it('after a connection that held is lost, goes to the next node with the short wait again', () => {
    const rotation = new BrokerRotation(nodes, { initialMs: 100, maxMs: 1000 });
    for (let i = 0; i < 7; i++) rotation.failed();
    expect(rotation.current).toBe('amqp://b');
    rotation.connected();
    expect(rotation.failed()).toBe(100);
    expect(rotation.current).toBe('amqp://c');
  });

  it('retries a single node with the same growing waits', () => {
    const rotation = new BrokerRotation(['amqp://only'], { initialMs: 200, maxMs: 5000 });
    expect([1, 2, 3, 4, 5, 6].map(() => rotation.failed())).toEqual([200, 400, 800, 1600, 3200, 5000]);
    expect(rotation.current).toBe('amqp://only');
  });
});

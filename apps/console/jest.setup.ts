// What jsdom lacks and Ant Design and the router read; nothing in a test that runs in Node.
import { TextDecoder, TextEncoder } from 'node:util';
import { configure } from '@testing-library/dom';

if (typeof window !== 'undefined') {
  // A page of Ant Design takes a while to render in jsdom on a loaded machine: wait up to 10 s for what a test looks for,
  // and give a test 30 s in all (Jest takes `testTimeout` from the command line only, not from a project).
  configure({ asyncUtilTimeout: 10_000 });
  jest.setTimeout(30_000);
  Object.assign(globalThis, { TextEncoder, TextDecoder });
  // A channel whose two ports deliver to each other on a timer (Node's own keeps the process alive).
  class TimerPort {
    onmessage: ((event: { data: unknown }) => void) | null = null;
    other?: TimerPort;
    postMessage(data: unknown): void {
      setTimeout(() => this.other?.onmessage?.({ data }), 0);
    }
    close(): void {}
  }
  globalThis.MessageChannel ??= class {
    port1 = new TimerPort();
    port2 = new TimerPort();
    constructor() {
      this.port1.other = this.port2;
      this.port2.other = this.port1;
    }
  } as unknown as typeof MessageChannel;
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    value: (query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }),
  });
  class NoResizeObserver {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  }
  window.ResizeObserver ??= NoResizeObserver as unknown as typeof ResizeObserver;
  // jsdom cannot style pseudo-elements, which Ant Design's table asks for when it measures the scroll bar.
  const computedStyle = window.getComputedStyle.bind(window);
  window.getComputedStyle = (element: Element) => computedStyle(element);
}

// For component tests only: an XMLHttpRequest that records what is sent and answers as told.

/** A stand-in XMLHttpRequest: `install()` puts it in place of the browser's, `restore()` takes it back. */
export class FakeXhr {
  static sent: FakeXhr[] = [];
  static answer: { status: number; body: string } = { status: 201, body: '{}' };
  private static real?: typeof XMLHttpRequest;

  static install() {
    FakeXhr.sent = [];
    FakeXhr.answer = { status: 201, body: '{}' };
    FakeXhr.real = window.XMLHttpRequest;
    window.XMLHttpRequest = FakeXhr as unknown as typeof XMLHttpRequest;
  }

  static restore() {
    if (FakeXhr.real) window.XMLHttpRequest = FakeXhr.real;
  }

  method?: string;
  url?: string;
  headers: Record<string, string> = {};
  body?: FormData;
  status = 0;
  responseText = '';
  upload: { onprogress?: (event: { lengthComputable: boolean; loaded: number; total: number }) => void } = {};
  onload?: () => void;
  onerror?: () => void;
  onabort?: () => void;
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: FormData) {
    this.body = body;
    FakeXhr.sent.push(this);
    setTimeout(() => {
      this.upload.onprogress?.({ lengthComputable: true, loaded: 1, total: 2 });
      this.status = FakeXhr.answer.status;
      this.responseText = FakeXhr.answer.body;
      this.onload?.();
    }, 0);
  }
  abort() {
    this.onabort?.();
  }
}

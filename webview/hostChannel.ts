// The webview's one channel to the extension host, over the protocol in src/shared/protocol.ts: requests get a
// `requestId` and a promise that settles with the reply carrying the same `inReplyTo` (or rejects with the
// host's `error` reply); notices go out with `notify`; host notices (init, reload, job, goToIndex) are dispatched
// by type to the handlers registered with `on`. The request/reply bookkeeping follows the idea of
// microsoft/vscode-hexeditor's MessageHandler. DOM-free: `handle` is fed from the window's `message` event.
import type { HostMessage, ReplyMessage, ReplyTo, Request, RequestType, WebviewMessage } from '../src/shared/protocol';
import { isReply } from '../src/shared/protocol';

/** Webview → host messages that are not requests. */
export type Notice = Exclude<WebviewMessage, { requestId: number }>;
/** Host → webview messages that are not replies. */
export type HostNotice = Exclude<HostMessage, { inReplyTo: number }>;
export type HostNoticeType = HostNotice['type'];
export type HostNoticeOf<K extends HostNoticeType> = Extract<HostNotice, { type: K }>;

/** A request in flight: the reply's promise, and the id to cancel it by. */
export type PendingRequest<T extends RequestType> = Promise<ReplyTo<T>> & { readonly requestId: number };

/** The request side of the channel, as views and stores use it (HostChannel, or a fake in tests). */
export interface RequestChannel {
  request<R extends Request>(msg: R): PendingRequest<R['type']>;
  cancel(ids: Iterable<number>): void;
}

/** A request that did not get its reply: the host's one-line `error` reply, or cancelled by this webview. */
export class RequestError extends Error {
  constructor(
    message: string,
    /** The host dropped the request on our `cancel`, or the user cancelled the work. */
    readonly cancelled = false,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

/** Which reply type answers which request type. */
const REPLY_TYPE: { [K in RequestType]: ReplyTo<K>['type'] } = { tile: 'tile', copy: 'copied', stats: 'stats', picture: 'picture', savePicture: 'pictureSaved' };

interface Waiting {
  type: RequestType;
  resolve(reply: ReplyMessage): void;
  reject(err: RequestError): void;
}

export class HostChannel implements RequestChannel {
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();
  private readonly handlers = new Map<HostNoticeType, Set<(msg: HostNotice) => void>>();

  constructor(private readonly post: (msg: WebviewMessage) => void) {}

  /** Send a request; the promise resolves with its reply (without `inReplyTo`) or rejects with a RequestError. */
  request<R extends Request>(msg: R): PendingRequest<R['type']> {
    const requestId = this.nextId++;
    const promise = new Promise<ReplyTo<R['type']>>((resolve, reject) => {
      this.waiting.set(requestId, { type: msg.type, resolve: resolve as unknown as (reply: ReplyMessage) => void, reject });
    });
    this.post({ ...msg, requestId } as WebviewMessage);
    return Object.assign(promise, { requestId });
  }

  /**
   * Drop requests still waiting (scrolled past, superseded): their promises reject with a cancelled RequestError
   * and the host is told in one message. Ids that were already answered are ignored.
   */
  cancel(ids: Iterable<number>): void {
    const requestIds: number[] = [];
    for (const id of ids) {
      const w = this.waiting.get(id);
      if (!w) continue;
      this.waiting.delete(id);
      requestIds.push(id);
      w.reject(new RequestError('cancelled', true));
    }
    if (requestIds.length) this.post({ type: 'cancel', requestIds });
  }

  notify(msg: Notice): void {
    this.post(msg);
  }

  /** Handle a host notice of one type; returns the function that removes the handler. */
  on<K extends HostNoticeType>(type: K, handler: (msg: HostNoticeOf<K>) => void): () => void {
    let set = this.handlers.get(type);
    if (!set) this.handlers.set(type, (set = new Set()));
    const h = handler as (msg: HostNotice) => void;
    set.add(h);
    return () => {
      set.delete(h);
    };
  }

  /** Requests still waiting for their reply. */
  get pendingCount(): number {
    return this.waiting.size;
  }

  /**
   * A message from the host (the window's `message` event data). Replies settle their request (a reply to a
   * request no longer waiting, e.g. one cancelled, is dropped); notices go to their handlers. Returns false for
   * anything that is not a protocol message.
   */
  handle(data: unknown): boolean {
    if (!data || typeof data !== 'object' || typeof (data as { type?: unknown }).type !== 'string') return false;
    const msg = data as HostMessage;
    if (isReply(msg)) {
      const w = this.waiting.get(msg.inReplyTo);
      if (!w) return true;
      this.waiting.delete(msg.inReplyTo);
      if (msg.type === 'error') w.reject(new RequestError(String(msg.message), msg.cancelled === true));
      else if (msg.type !== REPLY_TYPE[w.type]) w.reject(new RequestError(`expected a ${REPLY_TYPE[w.type]} reply, got ${msg.type}`));
      else w.resolve(msg);
      return true;
    }
    const set = this.handlers.get(msg.type);
    if (!set) return true;
    for (const h of [...set]) h(msg);
    return true;
  }
}

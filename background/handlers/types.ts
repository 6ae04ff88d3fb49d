import type { BackgroundReplies } from '../../messaging/protocol';
import type { BackgroundRequestType, REQUESTS, RequestPayload } from '../../messaging/schema';
import type { Services } from '../app';
import type { From } from '../senders';

/** The sender a request type is granted to, narrowed from the protocol's declaration. */
export type FromFor<K extends BackgroundRequestType> = Extract<
  From,
  { kind: (typeof REQUESTS)[K]['from'][number] }
>;

export type Handler<K extends BackgroundRequestType> = (
  request: { type: K } & RequestPayload<K>,
  from: FromFor<K>,
  services: Services,
) => Promise<BackgroundReplies[K]>;

export type HandlersOf<K extends BackgroundRequestType> = { [T in K]: Handler<T> };
/** One handler per request type: a type without one does not compile. */
export type Handlers = HandlersOf<BackgroundRequestType>;

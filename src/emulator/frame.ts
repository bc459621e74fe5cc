/** A pre-rendered piece of an SSE stream. Writers build the whole list up front; the stream writer paces it. */
export interface Frame {
  /** The exact bytes to send (one or more complete SSE events). */
  text: string;
  /** Output tokens this frame carries, for `tokensPerSecond` pacing. */
  tokens: number;
  /** The protocol's terminal marker (`[DONE]`, `message_stop`), dropped by the `no-done` fault. */
  terminal?: boolean;
}

export interface ReplyMeta {
  id: string;
  created: number;
  model: string;
}

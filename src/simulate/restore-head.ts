/**
 * The agent trace keeps only the last 6 messages of each call, so after a few steps the task (system
 * prompt and first user message) is no longer in the record, although the live request carried it.
 * Within a run, a record without any user message gets the run's head back in front of its messages,
 * taken from the run's first record. Records keep their own messages otherwise. Gateway exports
 * (`switchyard export`) are left alone: their messages are what the live router scored.
 */
import type { ChatMessage } from '../spec/chat.js';
import type { TraceRecord } from './trace-types.js';

function headOf(messages: readonly ChatMessage[]): ChatMessage[] | undefined {
  const head: ChatMessage[] = [];
  for (const m of messages) {
    if (m.role === 'system' || m.role === 'developer') head.push(m);
    else if (m.role === 'user') return [...head, m];
    else return undefined;
  }
  return undefined;
}

/** Restores run heads in place; returns how many records were changed. */
export function restoreRunHeads(records: TraceRecord[]): number {
  const heads = new Map<string, ChatMessage[]>();
  let changed = 0;
  for (const r of records) {
    // a gateway export holds each request as the gateway received it: nothing to restore
    if (r.format === 'switchyard' || r.run === undefined || r.messages.length === 0) continue;
    const known = heads.get(r.run);
    if (!known) {
      const h = headOf(r.messages);
      if (h) heads.set(r.run, h);
      continue;
    }
    if (r.messages.some((m) => m.role === 'user')) continue;
    const own = r.messages.filter((m) => m.role !== 'system' && m.role !== 'developer');
    r.messages = [...known, ...own];
    changed++;
  }
  return changed;
}

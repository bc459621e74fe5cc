/**
 * Assigns canonical indexes to streamed tool-call deltas. OpenAI keys deltas by `index` (parallel calls
 * interleave); Gemini omits `index`, or repeats index 0 for parallel calls. A delta starts a new call when
 * its `id` is new; a delta without `id` continues the call at its index (or the last call).
 */
import type { StreamPart } from '../../spec/chat.js';
import { asNumber, asString, isRecord } from '../../convert/json.js';
import { syntheticToolCallIds } from './synthetic-tool-call-id.js';

interface Slot {
  id: string;
  index: number;
}

export class ToolCallTracker {
  private readonly byUpstreamIndex = new Map<number, Slot>();
  private readonly byId = new Map<string, Slot>();
  private last: Slot | undefined;
  private count = 0;
  private readonly newId = syntheticToolCallIds();

  get seen(): boolean {
    return this.count > 0;
  }

  push(delta: unknown, emit: (part: StreamPart) => void): void {
    if (!isRecord(delta)) return;
    const fn = isRecord(delta.function) ? delta.function : undefined;
    const id = asString(delta.id) || undefined;
    const upstreamIndex = asNumber(delta.index);

    let slot = id !== undefined ? this.byId.get(id) : undefined;
    if (!slot && id === undefined) slot = upstreamIndex !== undefined ? this.byUpstreamIndex.get(upstreamIndex) : this.last;
    if (!slot) {
      slot = { id: id ?? this.newId(this.count), index: this.count++ };
      this.byId.set(slot.id, slot);
      emit({ type: 'tool-call-start', index: slot.index, id: slot.id, name: asString(fn?.name) ?? '' });
    }
    if (upstreamIndex !== undefined) this.byUpstreamIndex.set(upstreamIndex, slot);
    this.last = slot;

    const args = fn?.arguments;
    const text = typeof args === 'string' ? args : args !== undefined && args !== null ? JSON.stringify(args) : '';
    if (text !== '') emit({ type: 'tool-call-delta', index: slot.index, arguments: text });
  }
}

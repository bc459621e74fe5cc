/**
 * Validation of Anthropic `system` and `messages`: roles, block types and the fields each block needs.
 * Blocks Switchyard cannot carry through the canonical form (documents, server-tool results, file images)
 * are refused with a 400 that says so, rather than silently dropped.
 */
import type { GatewayError } from '../../errors.js';
import { checkCacheControl, invalid, isObject, unsupported, type Json } from './invalid.js';

const USER_BLOCKS = new Set(['text', 'image', 'tool_result']);
const ASSISTANT_BLOCKS = new Set(['text', 'tool_use', 'thinking', 'redacted_thinking']);
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

export function checkSystem(system: unknown): void {
  if (system === undefined || typeof system === 'string') return;
  if (!Array.isArray(system)) throw invalid('system', 'Input should be a valid string or a list of text blocks');
  system.forEach((block: unknown, i) => {
    if (!isObject(block) || block.type !== 'text') throw invalid(`system.${i}.type`, "Input should be 'text'");
    checkText(block, `system.${i}`);
  });
}

export function checkMessages(messages: unknown): void {
  if (messages === undefined) throw invalid('messages', 'Field required');
  if (!Array.isArray(messages)) throw invalid('messages', 'Input should be a valid list');
  if (messages.length === 0) throw invalid('messages', 'at least one message is required');
  messages.forEach((m: unknown, i) => {
    const path = `messages.${i}`;
    if (!isObject(m)) throw invalid(path, 'Input should be a valid dictionary');
    if (m.role !== 'user' && m.role !== 'assistant') throw invalid(`${path}.role`, "Input should be 'user' or 'assistant'");
    // Only a final assistant turn (a prefill) may be empty.
    const mayBeEmpty = m.role === 'assistant' && i === messages.length - 1;
    checkMessageContent(m.content, `${path}.content`, m.role, mayBeEmpty);
  });
}

function checkMessageContent(content: unknown, path: string, role: 'user' | 'assistant', mayBeEmpty: boolean): void {
  if (content === undefined) throw invalid(path, 'Field required');
  if (typeof content === 'string') {
    if (content === '' && !mayBeEmpty) throw invalid(path, 'messages must have non-empty content (except an optional final assistant message)');
    return;
  }
  if (!Array.isArray(content)) throw invalid(path, 'Input should be a valid string or a list of content blocks');
  if (content.length === 0 && !mayBeEmpty) throw invalid(path, 'messages must have non-empty content (except an optional final assistant message)');
  const allowed = role === 'user' ? USER_BLOCKS : ASSISTANT_BLOCKS;
  content.forEach((block: unknown, j) => {
    const at = `${path}.${j}`;
    if (!isObject(block) || typeof block.type !== 'string') throw invalid(`${at}.type`, 'Field required');
    if (!allowed.has(block.type)) throw blockTypeError(block.type, role, `${at}.type`);
    checkBlock(block, at);
  });
}

function blockTypeError(type: string, role: 'user' | 'assistant', path: string): GatewayError {
  const other = role === 'user' ? ASSISTANT_BLOCKS : USER_BLOCKS;
  if (other.has(type)) return invalid(path, `a ${type} block is not allowed in a ${role} message`);
  return unsupported(path, `content blocks of type "${type}" are not supported by Switchyard (supported: text, image, tool_use, tool_result, thinking, redacted_thinking)`);
}

function checkBlock(block: Json, at: string): void {
  switch (block.type) {
    case 'text':
      return checkText(block, at);
    case 'image':
      return checkImage(block, at);
    case 'tool_use':
      if (typeof block.id !== 'string' || block.id === '') throw invalid(`${at}.id`, 'Field required');
      if (typeof block.name !== 'string' || block.name === '') throw invalid(`${at}.name`, 'Field required');
      if (!isObject(block.input)) throw invalid(`${at}.input`, 'Input should be a valid dictionary');
      return checkCacheControl(block.cache_control, `${at}.cache_control`);
    case 'tool_result':
      return checkToolResult(block, at);
    case 'thinking':
      if (typeof block.thinking !== 'string') throw invalid(`${at}.thinking`, 'Field required');
      if (block.signature !== undefined && typeof block.signature !== 'string') throw invalid(`${at}.signature`, 'Input should be a valid string');
      return;
    case 'redacted_thinking':
      if (typeof block.data !== 'string') throw invalid(`${at}.data`, 'Field required');
      return;
    default:
      return;
  }
}

function checkText(block: Json, at: string): void {
  if (typeof block.text !== 'string') throw invalid(`${at}.text`, 'Field required');
  checkCacheControl(block.cache_control, `${at}.cache_control`);
}

function checkImage(block: Json, at: string): void {
  const source = block.source;
  if (!isObject(source)) throw invalid(`${at}.source`, 'Field required');
  if (source.type === 'base64') {
    if (typeof source.media_type !== 'string' || !IMAGE_TYPES.has(source.media_type)) {
      throw invalid(`${at}.source.media_type`, "Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'");
    }
    if (typeof source.data !== 'string' || source.data === '') throw invalid(`${at}.source.data`, 'Field required');
  } else if (source.type === 'url') {
    if (typeof source.url !== 'string' || source.url === '') throw invalid(`${at}.source.url`, 'Field required');
  } else if (source.type === 'file') {
    throw unsupported(`${at}.source.type`, 'images from the Files API are not supported by Switchyard; send base64 or url sources');
  } else {
    throw invalid(`${at}.source.type`, "Input should be 'base64' or 'url'");
  }
  checkCacheControl(block.cache_control, `${at}.cache_control`);
}

function checkToolResult(block: Json, at: string): void {
  if (typeof block.tool_use_id !== 'string' || block.tool_use_id === '') throw invalid(`${at}.tool_use_id`, 'Field required');
  if (block.is_error !== undefined && typeof block.is_error !== 'boolean') throw invalid(`${at}.is_error`, 'Input should be a valid boolean');
  checkCacheControl(block.cache_control, `${at}.cache_control`);
  const content = block.content;
  if (content === undefined || typeof content === 'string') return;
  if (!Array.isArray(content)) throw invalid(`${at}.content`, 'Input should be a valid string or a list of text and image blocks');
  content.forEach((inner: unknown, k) => {
    const path = `${at}.content.${k}`;
    if (!isObject(inner) || typeof inner.type !== 'string') throw invalid(`${path}.type`, 'Field required');
    if (inner.type === 'text') checkText(inner, path);
    else if (inner.type === 'image') checkImage(inner, path);
    else throw unsupported(`${path}.type`, `tool results of type "${inner.type}" are not supported by Switchyard (supported: text, image)`);
  });
}

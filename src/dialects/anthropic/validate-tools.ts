/** Validation of Anthropic `tools` and `tool_choice`. Server tools (web search, code execution) are refused. */
import { checkCacheControl, invalid, isObject, unsupported } from './invalid.js';

/** Anthropic's rule for tool names. */
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,128}$/;

export function checkTools(tools: unknown): void {
  if (tools === undefined) return;
  if (!Array.isArray(tools)) throw invalid('tools', 'Input should be a valid list');
  tools.forEach((tool: unknown, i) => {
    const at = `tools.${i}`;
    if (!isObject(tool)) throw invalid(at, 'Input should be a valid dictionary');
    if (tool.type !== undefined && tool.type !== null && tool.type !== 'custom') {
      throw unsupported(`${at}.type`, `server tools ("${String(tool.type)}") are not supported by Switchyard; only client tools (name, description, input_schema) are`);
    }
    if (typeof tool.name !== 'string') throw invalid(`${at}.name`, 'Field required');
    if (!TOOL_NAME.test(tool.name)) throw invalid(`${at}.name`, "String should match pattern '^[a-zA-Z0-9_-]{1,128}$'");
    if (tool.description !== undefined && typeof tool.description !== 'string') throw invalid(`${at}.description`, 'Input should be a valid string');
    if (!isObject(tool.input_schema)) throw invalid(`${at}.input_schema`, 'Field required');
    if (tool.input_schema.type !== 'object') throw invalid(`${at}.input_schema.type`, "Input should be 'object'");
    checkCacheControl(tool.cache_control, `${at}.cache_control`);
  });
}

export function checkToolChoice(choice: unknown, tools: unknown): void {
  if (choice === undefined) return;
  if (!isObject(choice)) throw invalid('tool_choice', 'Input should be a valid dictionary');
  switch (choice.type) {
    case 'auto':
    case 'any':
    case 'none':
      break;
    case 'tool': {
      if (typeof choice.name !== 'string' || choice.name === '') throw invalid('tool_choice.name', 'Field required');
      const name = choice.name;
      if (!Array.isArray(tools) || !tools.some((t: unknown) => isObject(t) && t.name === name)) {
        throw invalid('tool_choice.name', `no tool named "${name}" in tools`);
      }
      break;
    }
    default:
      throw invalid('tool_choice.type', "Input should be 'auto', 'any', 'tool' or 'none'");
  }
  if (choice.disable_parallel_tool_use !== undefined && typeof choice.disable_parallel_tool_use !== 'boolean') {
    throw invalid('tool_choice.disable_parallel_tool_use', 'Input should be a valid boolean');
  }
}

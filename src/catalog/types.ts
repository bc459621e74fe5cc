/** The model catalog: prices, limits and capabilities of every model Switchyard knows. */

/** Prices in USD per 1M tokens, as decimals (the units providers publish). */
export interface CatalogPrice {
  input: number;
  output: number;
  cache_read?: number;
  /** 5-minute cache writes (Anthropic's default TTL), and the only cache write price elsewhere. */
  cache_write?: number;
  /** 1-hour cache writes (Anthropic `cache_control.ttl: "1h"`). */
  cache_write_1h?: number;
}

export interface CatalogCapabilities {
  tools: boolean;
  vision: boolean;
  /** Structured output: `response_format` json_object / json_schema. */
  json: boolean;
  /** Emits reasoning tokens. */
  reasoning: boolean;
}

export interface CatalogModel {
  /** Switchyard's id, what clients put in `model` (e.g. `deepseek-chat`, `claude-sonnet-4-6`). */
  id: string;
  /** Provider preset name (e.g. `deepseek`, `anthropic`, `openai`, `gemini`, `dashscope`, `moonshot`). */
  provider: string;
  /** The model name sent upstream. */
  upstream: string;
  price: CatalogPrice;
  context_window?: number;
  max_output?: number;
  capabilities: CatalogCapabilities;
  /** ISO country code of the provider's home jurisdiction (`US`, `CN`, `FR`), or `local`. */
  jurisdiction: string;
  /** Date of the price source, `YYYY-MM-DD`. */
  as_of: string;
  /** Where the facts come from (e.g. `litellm:deepseek/deepseek-chat`). */
  source: string;
}

export interface CatalogFile {
  as_of: string;
  source: string;
  models: CatalogModel[];
}

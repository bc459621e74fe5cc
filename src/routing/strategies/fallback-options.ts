/**
 * Options of the built-in `fallback` strategy (ordered `targets`, tried in order): only the common
 * `jurisdictions`. Anything else is reported, so a typo such as a route with `cheap:` but no `strategy:`
 * does not silently become a plain fallback route.
 */
import { z } from 'zod';
import { commonOptions } from './common-options.js';
import { optionsParser } from './issues.js';

export const fallbackOptions = optionsParser(z.strictObject({ ...commonOptions }));
